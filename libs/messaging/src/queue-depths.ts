import { AmqpConnection } from './amqp-connection';
import { SupervisedChannel } from './supervised-channel';

/**
 * How many messages wait, ready, in declared queues, asked of the broker (`queue.declare` passive)
 * on a channel of its own, so that a failed check never closes a channel that consumes or publishes.
 * Messages already delivered to a consumer and not yet acked are not counted: those are in hand.
 */
export class QueueDepths {
  private readonly channel: SupervisedChannel;

  constructor(connection: AmqpConnection) {
    this.channel = connection.supervise({ name: 'queue depths', open: async () => undefined });
  }

  /** The ready messages of `queue`, or null while the broker cannot tell (no channel, or the check failed). */
  async ready(queue: string): Promise<number | null> {
    const channel = this.channel.current;
    if (!channel) return null;
    try {
      return (await channel.checkQueue(queue)).messageCount;
    } catch {
      // The broker closed the channel over it; the supervisor opens another.
      return null;
    }
  }
}

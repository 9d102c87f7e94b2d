import { Inject, Injectable } from '@nestjs/common';
import {
  MAX_MESSAGES_PER_EVENT,
  MessagesSubmitted,
  SubmittedMessage,
  envelope,
  shardOf,
} from '@parley/contracts';
import { Bus, Coalescer } from '@parley/messaging';
import { MessageMetrics } from './message-metrics';

/**
 * Hands accepted messages to the store: everything sent through this gateway in one turn of the
 * event loop goes out as one broker message per shard, and each sender is answered once the
 * broker has confirmed the batch that carries their message.
 */
@Injectable()
export class MessageSubmissions {
  private readonly batches: Coalescer<number, SubmittedMessage>;

  constructor(@Inject(Bus) bus: Bus, metrics: MessageMetrics) {
    // One batch per shard: the event's routing key is the shard of its first message.
    this.batches = new Coalescer(MAX_MESSAGES_PER_EVENT, async (_shard, messages) => {
      await bus.publish(MessagesSubmitted, envelope(MessagesSubmitted, { messages }));
      metrics.accepted(messages.length);
    });
  }

  submit(message: SubmittedMessage): Promise<void> {
    return this.batches.add(shardOf(message.conversationId), message);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import {
  MAX_MESSAGES_PER_EVENT,
  MessagesSubmitted,
  ROUTING,
  SubmittedMessage,
  envelope,
  shardOf,
} from '@parley/contracts';
import { Coalescer, Publisher } from '@parley/messaging';

/**
 * Hands accepted messages to the store: everything sent through this gateway in one turn of the
 * event loop goes out as one broker message per shard, and each sender is answered once the
 * broker has confirmed the batch that carries their message.
 */
@Injectable()
export class MessageSubmissions {
  private readonly batches: Coalescer<number, SubmittedMessage>;

  constructor(@Inject(Publisher) publisher: Publisher) {
    this.batches = new Coalescer(MAX_MESSAGES_PER_EVENT, (shard, messages) =>
      publisher.publish(ROUTING.messagesSubmitted(shard), envelope(MessagesSubmitted, { messages })),
    );
  }

  submit(message: SubmittedMessage): Promise<void> {
    return this.batches.add(shardOf(message.conversationId), message);
  }
}

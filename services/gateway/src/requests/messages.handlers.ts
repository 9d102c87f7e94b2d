import { Inject, Injectable } from '@nestjs/common';
import {
  ParleyError,
  ROUTING,
  ReceiptRecorded,
  conversationId,
  deriveMessageId,
  envelope,
  shardOf,
} from '@parley/contracts';
import { Publisher } from '@parley/messaging';
import { FriendDirectory } from '../routing/friend-directory';
import { MessageSubmissions } from '../routing/message-submissions';
import { RequestHandler } from './request-handler';

/**
 * Sending and receipts. The sender is always the connection's user. A message is acked only once
 * the broker has confirmed it is in a durable queue, so an acked message is never lost.
 */
@Injectable()
export class MessagesHandlers {
  constructor(
    @Inject(Publisher) private readonly publisher: Publisher,
    private readonly submissions: MessageSubmissions,
    private readonly friends: FriendDirectory,
  ) {}

  send: RequestHandler<'message.send'> = async (connection, { clientMsgId, to, text }) => {
    const from = connection.userId;
    if (to === from)
      throw new ParleyError('INVALID_FIELD', 'to: you cannot message yourself', {
        field: 'to',
        reason: 'is yourself',
      });
    if (!(await this.friends.isFriend(from, to))) {
      throw new ParleyError('NOT_FRIENDS', 'you can only message your friends: add them first', {
        field: 'to',
      });
    }
    const conversation = conversationId(from, to);
    const messageId = deriveMessageId(conversation, from, clientMsgId);
    await this.submissions.submit({
      messageId,
      clientMsgId,
      conversationId: conversation,
      from,
      to,
      text,
      sentAt: new Date().toISOString(),
    });
    return { clientMsgId, messageId, recipientOnline: this.friends.isOnline(to) };
  };

  receipt: RequestHandler<'receipt'> = async (connection, { kind, peer, upToSeq }) => {
    const reader = connection.userId;
    if (peer === reader)
      throw new ParleyError('INVALID_FIELD', 'peer: not a conversation of yours', { field: 'peer' });
    const conversation = conversationId(reader, peer);
    const event = envelope(ReceiptRecorded, {
      kind,
      conversationId: conversation,
      reader,
      peer,
      upToSeq,
      at: new Date().toISOString(),
    });
    await this.publisher.publish(ROUTING.receiptRecorded(shardOf(conversation)), event);
    return {};
  };
}

import { Inject, Injectable } from '@nestjs/common';
import {
  ParleyError,
  ReceiptSubmitted,
  Relation,
  conversationId,
  deriveMessageId,
  envelope,
  maySend,
  sharesPresence,
} from '@parley/contracts';
import { Bus } from '@parley/messaging';
import { ContactDirectory } from '../routing/contact-directory';
import { MessageSubmissions } from '../routing/message-submissions';
import { RequestHandler } from './request-handler';

/** Why a message to someone is refused, saying no more than the sender's own relation to them. */
function cannotSend(relation: Relation): ParleyError {
  if (relation === 'blocked')
    return new ParleyError('USER_BLOCKED', 'to: you have blocked this person; unblock them to write', {
      field: 'to',
    });
  if (relation === 'request')
    return new ParleyError('NOT_A_CONTACT', 'to: accept their request first (add them back)', {
      field: 'to',
    });
  return new ParleyError('NOT_A_CONTACT', 'to: you can message only people you have added; add them first', {
    field: 'to',
  });
}

/**
 * Sending and receipts. The sender is always the connection's user. A message is acked only once
 * the broker has confirmed it is in a durable queue, so an acked message is never lost. A receipt
 * is passed to history, which keeps only what it proves and announces the marks that rose.
 */
@Injectable()
export class MessagesHandlers {
  constructor(
    @Inject(Bus) private readonly bus: Bus,
    private readonly submissions: MessageSubmissions,
    private readonly contacts: ContactDirectory,
  ) {}

  send: RequestHandler<'message.send'> = async (connection, { clientMsgId, to, text }) => {
    const from = connection.userId;
    if (to === from)
      throw new ParleyError('INVALID_FIELD', 'to: you cannot message yourself', {
        field: 'to',
        reason: 'is yourself',
      });
    const relation = await this.contacts.relation(from, to);
    if (!maySend(relation)) throw cannotSend(relation);
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
    const recipientOnline = sharesPresence(relation) ? this.contacts.isOnline(to) : null;
    return { clientMsgId, messageId, recipientOnline };
  };

  receipt: RequestHandler<'receipt'> = async (connection, { kind, peer, upToSeq }) => {
    const reader = connection.userId;
    if (peer === reader)
      throw new ParleyError('INVALID_FIELD', 'peer: not a conversation of yours', { field: 'peer' });
    if ((await this.contacts.relation(reader, peer)) === 'none')
      throw new ParleyError('NOT_A_CONTACT', 'peer: this person is not among your contacts', {
        field: 'peer',
      });
    const conversation = conversationId(reader, peer);
    const event = envelope(ReceiptSubmitted, {
      kind,
      conversationId: conversation,
      reader,
      peer,
      upToSeq,
      at: new Date().toISOString(),
    });
    await this.bus.publish(ReceiptSubmitted, event);
    return {};
  };
}

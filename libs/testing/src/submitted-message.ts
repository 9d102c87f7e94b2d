import { SubmittedMessage, conversationId, deriveMessageId } from '@parley/contracts';

/** A message from `from` to `to` as a gateway would hand it to the store. */
export function submittedMessage(from: string, to: string, clientMsgId: string): SubmittedMessage {
  const conversation = conversationId(from, to);
  return {
    messageId: deriveMessageId(conversation, from, clientMsgId),
    clientMsgId,
    conversationId: conversation,
    from,
    to,
    text: `text ${clientMsgId}`,
    sentAt: new Date().toISOString(),
  };
}

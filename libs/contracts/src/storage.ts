import { StoredMessage } from './messages';

/**
 * The message log in MongoDB: written only by the store, read by the history service. Every hot
 * read is a point lookup by string `_id` (the one query FerretDB serves from an index), so a
 * message's `_id` is its conversation and zero-padded sequence number, and the unique `_id`
 * makes two messages with one seq impossible.
 */
export const MESSAGE_LOG = {
  messages: 'messages',
  /** One document per accepted message id, inserted before the message: the idempotency key. */
  claims: 'message_claims',
} as const;

export function messageKey(conversationId: string, seq: number): string {
  return `${conversationId}:${String(seq).padStart(12, '0')}`;
}

export type MessageDocument = StoredMessage & { _id: string };

export interface ClaimDocument {
  _id: string;
  conversationId: string;
  seq: number;
}

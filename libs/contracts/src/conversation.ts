import { createHash } from 'node:crypto';

/**
 * Work on a conversation is sharded so that exactly one consumer at a time orders it.
 * Changing this number re-homes conversations: drain the shard queues first.
 */
export const SHARD_COUNT = 8;

/** The conversation of two users: the same id whichever of them asks. */
export function conversationId(a: string, b: string): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

export function conversationMembers(id: string): [string, string] {
  const [a, b] = id.split(':');
  if (!a || !b) throw new Error(`not a conversation id: ${id}`);
  return [a, b];
}

/** A stable shard in [0, SHARD_COUNT) for a conversation (FNV-1a, cheap and well spread). */
export function shardOf(conversation: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < conversation.length; i++) {
    hash ^= conversation.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % SHARD_COUNT;
}

/**
 * The server id of a message, derived from its conversation, its sender and the sender's
 * clientMsgId, so that a resend after a dropped connection carries the same id and is recognised
 * as a duplicate, while a clientMsgId reused for another friend is another message: it can never
 * meet a claim of another conversation (the store's batches mix many users' messages, and such a
 * mismatch would fail the whole batch).
 */
export function deriveMessageId(conversationId: string, senderId: string, clientMsgId: string): string {
  return createHash('sha256')
    .update(conversationId)
    .update('\n')
    .update(senderId)
    .update('\n')
    .update(clientMsgId)
    .digest('base64url')
    .slice(0, 22);
}

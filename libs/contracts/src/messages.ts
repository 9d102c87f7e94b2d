import { z } from 'zod';
import { shardOf } from './conversation';
import { defineEvent } from './envelope';
import { ClientMsgId, MessageText, Seq, UserId } from './primitives';

/** A message as the gateway accepted it, before the store ordered it. */
export const SubmittedMessage = z.object({
  messageId: z.string().min(1).max(64),
  clientMsgId: ClientMsgId,
  conversationId: z.string().min(1).max(80),
  from: UserId,
  to: UserId,
  text: MessageText,
  sentAt: z.iso.datetime(),
});
export type SubmittedMessage = z.infer<typeof SubmittedMessage>;

/** A message with its place in the conversation: `seq` is its one order everywhere. */
export const StoredMessage = SubmittedMessage.extend({ seq: Seq.min(1), storedAt: z.iso.datetime() });
export type StoredMessage = z.infer<typeof StoredMessage>;

/**
 * Messages travel between processes in batches, one broker message per shard per hop, so the
 * broker's cost is paid per batch rather than per chat message.
 */
export const MAX_MESSAGES_PER_EVENT = 1000;

/**
 * The shard of a batch, which holds messages of one shard only: a message routed with another
 * shard's would reach a second writer of its conversation.
 */
function batchShard({ messages }: { messages: readonly { conversationId: string }[] }): number {
  const first = messages[0];
  if (!first) throw new Error('a batch of messages is routed by its shard, and an empty one has none');
  const shard = shardOf(first.conversationId);
  for (const { conversationId } of messages)
    if (shardOf(conversationId) !== shard)
      throw new Error(
        `a batch of messages is of one shard: ${conversationId} is of shard ${shardOf(conversationId)}, the first message of shard ${shard}`,
      );
  return shard;
}

export const MessagesSubmitted = defineEvent(
  'messages.submitted',
  1,
  z.object({ messages: z.array(SubmittedMessage).min(1).max(MAX_MESSAGES_PER_EVENT) }),
  { routedBy: { segment: 'shard', of: batchShard } },
);
export const MessagesStored = defineEvent(
  'messages.stored',
  1,
  z.object({ messages: z.array(StoredMessage).min(1).max(MAX_MESSAGES_PER_EVENT) }),
  { routedBy: { segment: 'shard', of: batchShard } },
);

export const ReceiptKind = z.enum(['delivered', 'read']);
export type ReceiptKind = z.infer<typeof ReceiptKind>;

/** `reader` has received (or seen) every message of `peer` in the conversation up to `upToSeq`. */
export const Receipt = z.object({
  kind: ReceiptKind,
  conversationId: z.string().min(1).max(80),
  reader: UserId,
  peer: UserId,
  upToSeq: Seq.min(1),
  at: z.iso.datetime(),
});
export type Receipt = z.infer<typeof Receipt>;

/** What a client reported, as the gateway took it: a claim for history to check. */
export const ReceiptSubmitted = defineEvent('receipt.submitted', 1, Receipt, {
  routedBy: { segment: 'shard', of: (receipt) => shardOf(receipt.conversationId) },
});

/**
 * A mark that rose, as history stored it: clamped to the conversation, on the peer's own newest
 * message at or below what was reported. Read implies delivered.
 */
export const ReceiptRecorded = defineEvent('receipt.recorded', 2, Receipt, {
  routedBy: { segment: 'shard', of: (receipt) => shardOf(receipt.conversationId) },
});

import {
  EventOf,
  MAX_MESSAGES_PER_EVENT,
  MessagesStored,
  StoredMessage,
  envelope,
  shardOf,
} from '@parley/contracts';

/** What the store tells the others about a batch: one event per shard, at most `MAX_MESSAGES_PER_EVENT` messages each. */
export function announcements(stored: readonly StoredMessage[]): EventOf<typeof MessagesStored>[] {
  const byShard = new Map<number, StoredMessage[]>();
  for (const message of stored) {
    const shard = shardOf(message.conversationId);
    const messages = byShard.get(shard) ?? [];
    if (messages.length === 0) byShard.set(shard, messages);
    messages.push(message);
  }
  const outgoing: EventOf<typeof MessagesStored>[] = [];
  for (const messages of byShard.values())
    for (let i = 0; i < messages.length; i += MAX_MESSAGES_PER_EVENT)
      outgoing.push(envelope(MessagesStored, { messages: messages.slice(i, i + MAX_MESSAGES_PER_EVENT) }));
  return outgoing;
}

import { Inject, Injectable } from '@nestjs/common';
import { Envelope, EventData, MessagesStored, Receipt, StoredMessage, shardOf } from '@parley/contracts';
import { CONFIG } from '@parley/platform';
import { HistoryConfig } from '../config';
import { BoundedMap } from './bounded-map';
import { ConversationState, ConversationStateRepository } from './conversation-state.repository';
import { RecentMessages } from './recent-messages';

export type HistoryEventData = EventData<typeof MessagesStored> | Receipt;
export type HistoryEvent = Envelope<HistoryEventData>;

/**
 * Folds stored messages and receipts into conversation states: one write per conversation per
 * batch, whatever the batch holds. The shard's single active consumer is the only writer, so the
 * states it has written stay exact in memory until its subscription is renewed; memory holds the
 * most recently used of them (`HISTORY_CACHE_STATES`), the database all of them.
 */
@Injectable()
export class ReadModelService {
  private readonly cache: BoundedMap<string, ConversationState>;

  constructor(
    private readonly states: ConversationStateRepository,
    private readonly recent: RecentMessages,
    @Inject(CONFIG) config: HistoryConfig,
  ) {
    this.cache = new BoundedMap(config.HISTORY_CACHE_STATES);
  }

  async apply(events: readonly HistoryEvent[]): Promise<void> {
    const loaded = new Map<string, ConversationState>();
    await Promise.all(
      [...new Set(events.flatMap(conversationsOf))].map(async (id) =>
        loaded.set(id, this.cache.get(id) ?? (await this.states.find(id))),
      ),
    );
    // Work on copies, cloned once per conversation per batch: the cache changes only once written.
    const touched = new Map<string, ConversationState>();
    const stateOf = (id: string) => {
      let state = touched.get(id);
      if (!state) touched.set(id, (state = structuredClone(loaded.get(id)!)));
      return state;
    };
    for (const { type, data } of events) {
      if (type === MessagesStored.type)
        for (const message of (data as EventData<typeof MessagesStored>).messages) {
          applyMessage(stateOf(message.conversationId), message);
          this.recent.add(message);
        }
      else applyReceipt(stateOf((data as Receipt).conversationId), data as Receipt);
    }
    try {
      await this.states.raise([...touched.values()]);
    } catch (error) {
      for (const id of touched.keys()) this.cache.delete(id);
      throw error;
    }
    for (const [id, state] of touched) this.cache.set(id, state);
  }

  /**
   * A conversation's state: from memory where this instance applies its shard (the single active
   * consumer's copy is exact), else from the database.
   */
  async current(conversationId: string): Promise<ConversationState> {
    return this.cache.get(conversationId) ?? this.states.find(conversationId);
  }

  forgetShard(shard: number): void {
    for (const id of [...this.cache.keys()]) if (shardOf(id) === shard) this.cache.delete(id);
  }
}

function conversationsOf({ type, data }: HistoryEvent): string[] {
  return type === MessagesStored.type
    ? (data as EventData<typeof MessagesStored>).messages.map((m) => m.conversationId)
    : [(data as Receipt).conversationId];
}

const raise = (marks: Record<string, number>, user: string, seq: number) => {
  marks[user] = Math.max(marks[user] ?? 0, seq);
};

/** Sending a message means having read everything before it. */
function applyMessage(state: ConversationState, message: StoredMessage): void {
  state.lastSeq = Math.max(state.lastSeq, message.seq);
  raise(state.read, message.from, message.seq);
  raise(state.delivered, message.from, message.seq);
}

/** A receipt never reaches past the last message; reading implies having received. */
function applyReceipt(state: ConversationState, receipt: Receipt): void {
  const seq = Math.min(receipt.upToSeq, state.lastSeq);
  raise(state.delivered, receipt.reader, seq);
  if (receipt.kind === 'read') raise(state.read, receipt.reader, seq);
}

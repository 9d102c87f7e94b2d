import { Inject, Injectable } from '@nestjs/common';
import { EventData, MessagesStored, Receipt, ReceiptSubmitted, shardOf } from '@parley/contracts';
import { Delivery } from '@parley/messaging';
import { CONFIG } from '@parley/platform';
import { HistoryConfig } from '../config';
import { BoundedMap } from './bounded-map';
import { ConversationFold } from './conversation-fold';
import { ConversationState, ConversationStateRepository, marksOf } from './conversation-state.repository';
import { RecordedReceipts } from './recorded-receipts';

export type HistoryEventData = EventData<typeof MessagesStored> | EventData<typeof ReceiptSubmitted>;

/**
 * Folds stored messages and reported receipts into conversation states: one write per conversation
 * per batch, whatever the batch holds; then the marks that rose are announced. The shard's single
 * active consumer is the only writer, so the states it has written stay exact in memory until its
 * subscription is renewed; memory holds the most recently used of them (`HISTORY_CACHE_STATES`),
 * the database all of them.
 */
@Injectable()
export class ReadModelService {
  private readonly cache: BoundedMap<string, ConversationState>;

  constructor(
    private readonly states: ConversationStateRepository,
    private readonly fold: ConversationFold,
    private readonly recorded: RecordedReceipts,
    @Inject(CONFIG) config: HistoryConfig,
  ) {
    this.cache = new BoundedMap(config.HISTORY_CACHE_STATES);
  }

  async apply(batch: readonly Delivery<HistoryEventData>[]): Promise<void> {
    const loaded = new Map<string, ConversationState>();
    await Promise.all(
      [...new Set(batch.flatMap(({ event }) => conversationsOf(event.type, event.data)))].map(async (id) =>
        loaded.set(id, await this.current(id)),
      ),
    );
    // Work on copies, cloned once per conversation per batch: the cache changes only once written.
    const touched = new Map<string, ConversationState>();
    const stateOf = (id: string) => {
      let state = touched.get(id);
      if (!state) touched.set(id, (state = structuredClone(loaded.get(id)!)));
      return state;
    };
    const recorded: Receipt[] = [];
    for (const { event, redelivered } of batch) {
      if (event.type === MessagesStored.type) {
        for (const message of (event.data as EventData<typeof MessagesStored>).messages) {
          const state = stateOf(message.conversationId);
          if (!this.fold.message(state, message)) await this.fold.afterGap(state, message);
        }
        continue;
      }
      const receipt = event.data as Receipt;
      const state = stateOf(receipt.conversationId);
      const raised = await this.fold.receipt(state, receipt);
      // A redelivery may follow a crash between storing and announcing: say the mark again.
      const mark = raised ?? (redelivered ? markOf(state, receipt) : 0);
      if (mark > 0) recorded.push({ ...receipt, upToSeq: mark });
    }
    try {
      await this.states.raise([...touched.values()]);
    } catch (error) {
      for (const id of touched.keys()) this.cache.delete(id);
      throw error;
    }
    for (const [id, state] of touched) this.cache.set(id, state);
    await this.recorded.announce(recorded);
  }

  /**
   * A conversation's state: from memory where this instance applies its shard (the single active
   * consumer's copy is exact), else from the database.
   */
  async current(conversationId: string): Promise<ConversationState> {
    return this.cache.get(conversationId) ?? this.fold.upgrade(await this.states.find(conversationId));
  }

  forgetShard(shard: number): void {
    for (const id of [...this.cache.keys()]) if (shardOf(id) === shard) this.cache.delete(id);
  }
}

function conversationsOf(type: string, data: HistoryEventData): string[] {
  return type === MessagesStored.type
    ? (data as EventData<typeof MessagesStored>).messages.map((m) => m.conversationId)
    : [(data as Receipt).conversationId];
}

const markOf = (state: ConversationState, { kind, reader }: Receipt) => marksOf(state, kind)[reader] ?? 0;

import { Injectable } from '@nestjs/common';
import {
  ConversationCounts,
  ConversationView,
  RpcRequestOf,
  RpcResponseOf,
  StoredMessage,
  conversationId,
  historyRpc,
} from '@parley/contracts';
import { ConversationState } from './conversation-state.repository';
import { MessageLogReader } from './message-log.reader';
import { ReadModelService } from './read-model.service';

type OpenRequest = RpcRequestOf<typeof historyRpc.open>;
type PageRequest = RpcRequestOf<typeof historyRpc.page>;

/** Messages looked at a time while looking for the first unread one. */
const SCAN_CHUNK = 50;
/** A conversation as it stands in the log: the read model's state and the newest messages not yet applied to it. */
interface Snapshot {
  state: ConversationState;
  lastSeq: number;
  /** Messages after `state.lastSeq` up to `lastSeq`: stored, but still in the history queue. */
  tail: StoredMessage[];
}

/**
 * What a member sees of a conversation. Nothing here marks anything read: the client reports what
 * it has shown, so a message the user never saw never counts as read. Unread are the other
 * member's messages after the reader's mark, counted from the read model's per-member counts plus
 * the log's messages it has not applied yet, so a message stored just before is already counted.
 */
@Injectable()
export class HistoryService {
  constructor(
    private readonly readModel: ReadModelService,
    private readonly log: MessageLogReader,
  ) {}

  /** The last `recent` messages before the first unread one, then the unread ones, up to a page. */
  async open({ userId, peerId, recent, unreadPage }: OpenRequest): Promise<ConversationView> {
    const id = conversationId(userId, peerId);
    const snapshot = await this.snapshot(id);
    const { state, lastSeq } = snapshot;
    const unreadCount = unread(snapshot, userId, peerId);
    const firstUnreadSeq =
      unreadCount > 0 ? await this.firstFrom(snapshot, peerId, (state.read[userId] ?? 0) + 1) : null;
    const from = Math.max(1, firstUnreadSeq === null ? lastSeq - recent + 1 : firstUnreadSeq - recent);
    const to = firstUnreadSeq === null ? lastSeq : Math.min(lastSeq, firstUnreadSeq + unreadPage - 1);
    return {
      conversationId: id,
      messages: await this.messages(snapshot, from, to),
      lastSeq,
      firstUnreadSeq,
      unreadCount,
      hasMoreBefore: from > 1,
      hasMoreAfter: to < lastSeq,
      peerDeliveredSeq: state.delivered[peerId] ?? 0,
      peerReadSeq: state.read[peerId] ?? 0,
    };
  }

  /** Up to `limit` messages just before `beforeSeq`, or just after `afterSeq`. */
  async page({
    userId,
    peerId,
    beforeSeq,
    afterSeq,
    limit,
  }: PageRequest): Promise<RpcResponseOf<typeof historyRpc.page>> {
    const id = conversationId(userId, peerId);
    if (beforeSeq !== undefined) {
      const from = Math.max(1, beforeSeq - limit);
      return { messages: await this.log.range(id, from, beforeSeq - 1), hasMore: from > 1 };
    }
    const state = await this.readModel.current(id);
    const lastSeq = await this.log.lastSeqFrom(id, state.lastSeq);
    const to = Math.min(lastSeq, afterSeq! + limit);
    return { messages: await this.log.range(id, afterSeq! + 1, to), hasMore: to < lastSeq };
  }

  /** Per peer, their messages `userId` has not read, the newest seq and when it was sent, as `open` counts them. */
  async unreadCounts(
    userId: string,
    peerIds: readonly string[],
  ): Promise<Record<string, ConversationCounts>> {
    const counts = await Promise.all(
      peerIds.map(async (peer) => {
        const snapshot = await this.snapshot(conversationId(userId, peer));
        const counts: ConversationCounts = {
          unread: unread(snapshot, userId, peer),
          lastSeq: snapshot.lastSeq,
          lastAt: (await this.newest(snapshot))?.sentAt ?? null,
        };
        return [peer, counts] as const;
      }),
    );
    return Object.fromEntries(counts);
  }

  private async snapshot(id: string): Promise<Snapshot> {
    const state = await this.readModel.current(id);
    const lastSeq = await this.log.lastSeqFrom(id, state.lastSeq);
    return { state, lastSeq, tail: await this.log.range(id, state.lastSeq + 1, lastSeq) };
  }

  /** The message at `lastSeq`: from the tail, else from memory or one lookup. */
  private async newest(snapshot: Snapshot): Promise<StoredMessage | undefined> {
    if (snapshot.lastSeq === 0) return undefined;
    return (await this.messages(snapshot, snapshot.lastSeq, snapshot.lastSeq))[0];
  }

  /** Messages from..to, the tail taken from the snapshot rather than read again. */
  private async messages({ state, tail }: Snapshot, from: number, to: number): Promise<StoredMessage[]> {
    const applied = await this.log.range(state._id, from, Math.min(to, state.lastSeq));
    return applied.concat(tail.filter((m) => m.seq >= from && m.seq <= to));
  }

  /** The first message of `peerId` from `start` on: in the applied log, else in the tail. */
  private async firstFrom({ state, tail }: Snapshot, peerId: string, start: number): Promise<number | null> {
    for await (const chunk of this.log.chunks(state._id, start, state.lastSeq, SCAN_CHUNK)) {
      const found = chunk.find((m) => m.from === peerId);
      if (found) return found.seq;
    }
    return tail.find((m) => m.from === peerId && m.seq >= start)?.seq ?? null;
  }
}

/** The read mark is always within the applied state, so the tail is unread as far as it is the peer's. */
function unread({ state, tail }: Snapshot, userId: string, peerId: string): number {
  const applied = (state.sent[peerId] ?? 0) - (state.readCount[userId] ?? 0);
  return Math.max(0, applied) + tail.filter((m) => m.from === peerId).length;
}

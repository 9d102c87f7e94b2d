import { Injectable } from '@nestjs/common';
import { ConversationView, RpcRequestOf, RpcResponseOf, conversationId, historyRpc } from '@parley/contracts';
import { MessageLogReader } from './message-log.reader';
import { ReadModelService } from './read-model.service';

type OpenRequest = RpcRequestOf<typeof historyRpc.open>;
type PageRequest = RpcRequestOf<typeof historyRpc.page>;

/**
 * What a member sees of a conversation. Nothing here marks anything read: the client reports what
 * it has shown, so a message the user never saw never counts as read.
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
    const state = await this.readModel.current(id);
    const lastSeq = await this.log.lastSeqFrom(id, state.lastSeq);
    const readSeq = Math.min(state.read[userId] ?? 0, lastSeq);
    const unreadCount = lastSeq - readSeq;
    const from = Math.max(1, (unreadCount > 0 ? readSeq : lastSeq) - recent + 1);
    const to = unreadCount > 0 ? Math.min(lastSeq, readSeq + unreadPage) : lastSeq;
    return {
      conversationId: id,
      messages: await this.log.range(id, from, to),
      lastSeq,
      firstUnreadSeq: unreadCount > 0 ? readSeq + 1 : null,
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

  /** Unread messages from each peer, for the friends list; counted to the log's newest message, as `open` does. */
  async unreadCounts(userId: string, peerIds: readonly string[]): Promise<Record<string, number>> {
    const counts = await Promise.all(
      peerIds.map(async (peer) => {
        const id = conversationId(userId, peer);
        const state = await this.readModel.current(id);
        const lastSeq = await this.log.lastSeqFrom(id, state.lastSeq);
        return [peer, Math.max(0, lastSeq - (state.read[userId] ?? 0))] as const;
      }),
    );
    return Object.fromEntries(counts);
  }
}

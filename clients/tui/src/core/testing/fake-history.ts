import { conversationId, deriveMessageId } from '@parley/contracts';
import type { ConversationView, ReceiptKind, StoredMessage, UserId } from '@parley/contracts';

/** How far the peer has received and read, before the gateway hides what is not shared. */
export type OpenedConversation = Omit<ConversationView, 'peerDeliveredSeq' | 'peerReadSeq'> & {
  peerDeliveredSeq: number;
  peerReadSeq: number;
};

/**
 * The history service in memory: the message log, each member's delivered and read marks, unread
 * counts and the views of `conversation.open`, computed as the real one computes them. A reported
 * receipt only raises a mark to the peer's newest message it covers, and says whether it rose.
 */
export class FakeHistory {
  private readonly log = new Map<string, StoredMessage[]>();
  private readonly byId = new Map<string, StoredMessage>();
  private readonly marks = new Map<string, number>();

  messages(a: UserId, b: UserId): StoredMessage[] {
    return this.log.get(conversationId(a, b)) ?? [];
  }

  lastSeq(a: UserId, b: UserId): number {
    return this.messages(a, b).length;
  }

  find(from: UserId, to: UserId, clientMsgId: string): StoredMessage | undefined {
    return this.byId.get(deriveMessageId(conversationId(from, to), from, clientMsgId));
  }

  store(from: UserId, to: UserId, clientMsgId: string, text: string): StoredMessage {
    const id = conversationId(from, to);
    const list = this.log.get(id) ?? [];
    this.log.set(id, list);
    const now = new Date().toISOString();
    const message: StoredMessage = {
      messageId: deriveMessageId(id, from, clientMsgId),
      clientMsgId,
      conversationId: id,
      seq: list.length + 1,
      from,
      to,
      text,
      sentAt: now,
      storedAt: now,
    };
    list.push(message);
    this.byId.set(message.messageId, message);
    return message;
  }

  mark(kind: ReceiptKind, reader: UserId, peer: UserId): number {
    return this.marks.get(`${kind}:${reader}:${peer}`) ?? 0;
  }

  /** Raises the mark to the peer's newest message at or below `upToSeq`; null when it did not rise. */
  receipt(kind: ReceiptKind, reader: UserId, peer: UserId, upToSeq: number): number | null {
    const covered = this.messages(reader, peer).filter(
      (m) => m.from === peer && m.seq <= upToSeq && m.seq > this.mark(kind, reader, peer),
    );
    const mark = covered.at(-1)?.seq;
    if (mark === undefined) return null;
    this.marks.set(`${kind}:${reader}:${peer}`, mark);
    if (kind === 'read')
      this.marks.set(`delivered:${reader}:${peer}`, Math.max(mark, this.mark('delivered', reader, peer)));
    return mark;
  }

  unread(userId: UserId, peer: UserId): number {
    return this.unreadOf(userId, peer).length;
  }

  /** The last 10 messages before the first unread one, then up to 100 unread ones. */
  open(userId: UserId, peer: UserId): OpenedConversation {
    const all = this.messages(userId, peer);
    const unread = this.unreadOf(userId, peer);
    const firstUnreadSeq = unread[0]?.seq ?? null;
    const lastSeq = all.length;
    const from = Math.max(1, firstUnreadSeq === null ? lastSeq - 9 : firstUnreadSeq - 10);
    const to = firstUnreadSeq === null ? lastSeq : Math.min(lastSeq, firstUnreadSeq + 99);
    return {
      conversationId: conversationId(userId, peer),
      messages: all.slice(from - 1, to),
      lastSeq,
      firstUnreadSeq,
      unreadCount: unread.length,
      hasMoreBefore: from > 1,
      hasMoreAfter: to < lastSeq,
      peerDeliveredSeq: this.mark('delivered', peer, userId),
      peerReadSeq: this.mark('read', peer, userId),
    };
  }

  page(
    userId: UserId,
    peer: UserId,
    at: { beforeSeq?: number; afterSeq?: number },
    limit: number,
  ): { messages: StoredMessage[]; hasMore: boolean } {
    const all = this.messages(userId, peer);
    if (at.afterSeq !== undefined) {
      const after = all.filter((m) => m.seq > at.afterSeq!);
      return { messages: after.slice(0, limit), hasMore: after.length > limit };
    }
    const before = all.filter((m) => m.seq < at.beforeSeq!);
    return { messages: before.slice(-limit), hasMore: before.length > limit };
  }

  private unreadOf(userId: UserId, peer: UserId): StoredMessage[] {
    const read = this.mark('read', userId, peer);
    return this.messages(userId, peer).filter((m) => m.from === peer && m.seq > read);
  }
}

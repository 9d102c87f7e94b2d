import type { ConversationView, ReceiptKind, StoredMessage, UserId } from '@parley/contracts';

export type MessageStatus = 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

/**
 * One open conversation as the client knows it: messages keyed by seq and deduplicated by
 * messageId, the loaded window, how far the peer has received and read my messages, and how far
 * I have read theirs.
 *
 * Seqs of a conversation have no holes, so "everything from the oldest loaded message up to
 * `contiguousUpTo` is here" is tracked, and a live message beyond it means a gap to fetch.
 * A page from the server is authoritative for its range, so a gap never asks twice for the same seqs.
 */
export class Conversation {
  private readonly bySeq = new Map<number, StoredMessage>();
  private readonly ids = new Set<string>();
  private sortedCache: StoredMessage[] | null = null;
  private loaded = false;

  contiguousUpTo = 0;
  /** The highest seq known to exist, from a view or a live message. */
  lastSeq = 0;
  hasMoreBefore = false;
  /** Where the "new messages" marker goes; kept from the first view so a refresh does not move it. */
  firstUnreadSeq: number | null = null;
  /** The peer's marks on my messages; null where the peer does not share them with me. */
  peerDeliveredSeq: number | null = null;
  peerReadSeq: number | null = null;
  /** My read mark as the server counts it: the peer's messages after it are unread. */
  readUpTo = 0;

  constructor(readonly peerId: UserId) {}

  get isLoaded(): boolean {
    return this.loaded;
  }

  /** In seq order. */
  messages(): readonly StoredMessage[] {
    this.sortedCache ??= [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
    return this.sortedCache;
  }

  get oldestSeq(): number | null {
    return this.messages()[0]?.seq ?? null;
  }

  get newestSeq(): number {
    const all = this.messages();
    return all[all.length - 1]?.seq ?? 0;
  }

  hasMessage(messageId: string): boolean {
    return this.ids.has(messageId);
  }

  /** The first open, or a refetch after a reconnect or resync: merged, never replacing what is shown. */
  applyView(view: ConversationView): void {
    const first = !this.loaded;
    const oldestBefore = this.oldestSeq;
    this.merge(view.messages);
    const viewFirst = view.messages[0]?.seq;
    const viewLast = view.messages[view.messages.length - 1]?.seq ?? 0;
    const viewReach = view.hasMoreAfter ? viewLast : view.lastSeq;
    if (
      first ||
      (viewFirst !== undefined && viewFirst <= this.contiguousUpTo + 1) ||
      view.messages.length === 0
    ) {
      this.contiguousUpTo = Math.max(this.contiguousUpTo, viewReach);
    }
    if (first || (viewFirst !== undefined && (oldestBefore === null || viewFirst < oldestBefore))) {
      this.hasMoreBefore = view.hasMoreBefore;
    }
    if (first || this.firstUnreadSeq === null) {
      this.firstUnreadSeq = view.firstUnreadSeq;
    }
    this.lastSeq = Math.max(this.lastSeq, view.lastSeq);
    // Unread are the peer's messages from the first unread one on: none of theirs lies before it.
    this.markRead(view.firstUnreadSeq === null ? view.lastSeq : view.firstUnreadSeq - 1);
    // A view says what the peer shares now, which a change of relation may have taken away.
    this.peerDeliveredSeq = raised(this.peerDeliveredSeq, view.peerDeliveredSeq);
    this.peerReadSeq = raised(this.peerReadSeq, view.peerReadSeq);
    this.loaded = true;
    this.advance();
  }

  /** A page asked for with `afterSeq` (filling a gap) or `beforeSeq` (scrolling up). */
  applyPage(
    direction: 'before' | 'after',
    from: number,
    messages: readonly StoredMessage[],
    hasMore: boolean,
  ): void {
    this.merge(messages);
    if (direction === 'before') {
      this.hasMoreBefore = hasMore;
    } else if (from <= this.contiguousUpTo) {
      // History is written by its own consumer and may lag behind live delivery: a short page after
      // `from` only proves what history had, so the gap stays open for the caller to retry.
      const reach = messages[messages.length - 1]?.seq ?? from;
      this.contiguousUpTo = Math.max(this.contiguousUpTo, reach);
    }
    this.advance();
  }

  /** Returns false for a message already held (an echo seen twice, or one a refetch brought). */
  addLive(message: StoredMessage): boolean {
    if (this.ids.has(message.messageId)) return false;
    this.merge([message]);
    this.lastSeq = Math.max(this.lastSeq, message.seq);
    this.advance();
    return true;
  }

  /** The seq to fetch after when messages are missing between what is loaded and the newest known. */
  gapAfter(): number | null {
    return this.loaded && this.contiguousUpTo < this.lastSeq ? this.contiguousUpTo : null;
  }

  /** The peer's receipts are cumulative and may arrive out of order: marks only move forward. Read implies delivered. */
  applyReceipt(kind: ReceiptKind, upToSeq: number): void {
    if (kind === 'read') this.peerReadSeq = Math.max(this.peerReadSeq ?? 0, upToSeq);
    this.peerDeliveredSeq = Math.max(this.peerDeliveredSeq ?? 0, upToSeq, this.peerReadSeq ?? 0);
  }

  statusOf(message: StoredMessage): MessageStatus {
    if (message.seq <= (this.peerReadSeq ?? 0)) return 'read';
    if (message.seq <= (this.peerDeliveredSeq ?? 0)) return 'delivered';
    return 'sent';
  }

  /** Raises my read mark (shown here, or read on another device); returns whether it rose. */
  markRead(upToSeq: number): boolean {
    if (upToSeq <= this.readUpTo) return false;
    this.readUpTo = upToSeq;
    return true;
  }

  /** The peer's loaded messages after my read mark. */
  unread(): number {
    return this.messages().filter((m) => m.from === this.peerId && m.seq > this.readUpTo).length;
  }

  /** The newest seq of a message from the peer: what a delivered receipt covers. */
  newestFromPeer(): number {
    return this.newestFromPeerAmong(this.bySeq.keys()) ?? 0;
  }

  /** The highest of `seqs` that is a message of the peer's, or null. */
  newestFromPeerAmong(seqs: Iterable<number>): number | null {
    let newest: number | null = null;
    for (const seq of seqs)
      if (this.bySeq.get(seq)?.from === this.peerId && seq > (newest ?? 0)) newest = seq;
    return newest;
  }

  private merge(messages: readonly StoredMessage[]): void {
    for (const m of messages) {
      if (this.ids.has(m.messageId) || this.bySeq.has(m.seq)) continue;
      this.bySeq.set(m.seq, m);
      this.ids.add(m.messageId);
      this.sortedCache = null;
    }
  }

  /** Messages that arrived live beyond a gap join the contiguous run once the gap is filled. */
  private advance(): void {
    while (this.bySeq.has(this.contiguousUpTo + 1)) this.contiguousUpTo++;
  }
}

/** A mark as the latest view gives it: null where it is no longer shared, else never lower. */
function raised(held: number | null, viewed: number | null): number | null {
  return viewed === null ? null : Math.max(held ?? 0, viewed);
}

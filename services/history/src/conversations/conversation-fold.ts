import { Injectable } from '@nestjs/common';
import { Receipt, StoredMessage, conversationMembers } from '@parley/contracts';
import { ConversationState, StoredState, marksOf } from './conversation-state.repository';
import { MessageLogReader } from './message-log.reader';
import { RecentMessages } from './recent-messages';

/**
 * How messages and receipts change a conversation's state. Messages are applied strictly in seq
 * order, each once, so the per-member counts are exact: one that arrives past a gap (the broker
 * may redeliver out of order) first catches the state up from the log, which holds every message
 * before it is announced. A receipt is a claim of the reader's client; only what it proves is
 * kept: the reader's mark rises to the newest message of the other member at or below what was
 * reported, within the log, and never falls.
 */
@Injectable()
export class ConversationFold {
  constructor(
    private readonly log: MessageLogReader,
    private readonly recent: RecentMessages,
  ) {}

  /** Applies a stored message, once; false for one past a gap, which waits for `afterGap`. */
  message(state: ConversationState, message: StoredMessage): boolean {
    if (message.seq > state.lastSeq + 1) return false;
    if (message.seq === state.lastSeq + 1) this.next(state, message);
    return true;
  }

  /** Catches the state up from the log to just before `message`, then applies it. */
  async afterGap(state: ConversationState, message: StoredMessage): Promise<void> {
    await this.catchUp(state, message.seq - 1);
    this.next(state, message);
  }

  /** Applies a reported receipt; returns the mark it raised, or null when it proves nothing new. */
  async receipt(
    state: ConversationState,
    { kind, conversationId, reader, peer, upToSeq }: Receipt,
  ): Promise<number | null> {
    const members = conversationMembers(conversationId);
    if (reader === peer || !members.includes(reader) || !members.includes(peer)) return null;
    // Clamped first to where the log ends, so a receipt far past it costs a lookup or two, not a walk.
    if (upToSeq > state.lastSeq)
      await this.catchUp(state, Math.min(upToSeq, await this.log.lastSeqFrom(conversationId, state.lastSeq)));
    const marks = marksOf(state, kind);
    const from = marks[reader] ?? 0;
    const to = Math.min(upToSeq, state.lastSeq);
    const newest = state.newest[peer] ?? 0;
    if (to <= from || newest <= from) return null;
    // Up to the peer's newest message the counts say it all; only a receipt short of it reads the log.
    const scanned = to >= newest ? null : await this.scan(conversationId, peer, from, to);
    const mark = scanned ? scanned.mark : newest;
    if (mark <= from) return null;
    marks[reader] = mark;
    if (kind === 'read') {
      state.readCount[reader] = scanned
        ? (state.readCount[reader] ?? 0) + scanned.count
        : (state.sent[peer] ?? 0);
      state.delivered[reader] = Math.max(state.delivered[reader] ?? 0, mark);
    }
    return mark;
  }

  /** The newest of `peer`'s messages in (from, to], and how many there are; read a chunk at a time. */
  private async scan(
    conversationId: string,
    peer: string,
    from: number,
    to: number,
  ): Promise<{ mark: number; count: number }> {
    let mark = 0;
    let count = 0;
    for await (const chunk of this.log.chunks(conversationId, from + 1, to))
      for (const message of chunk)
        if (message.from === peer) {
          mark = message.seq;
          count++;
        }
    return { mark, count };
  }

  /**
   * A state as stored, with the maps a write left out (it only sets what it raised) as empty ones;
   * one stored before per-member counts were kept is counted once from the log.
   */
  async upgrade(stored: StoredState): Promise<ConversationState> {
    const state: ConversationState = {
      _id: stored._id,
      lastSeq: stored.lastSeq,
      sent: stored.sent ?? {},
      newest: stored.newest ?? {},
      read: stored.read ?? {},
      delivered: stored.delivered ?? {},
      readCount: stored.readCount ?? {},
    };
    if (stored.sent || stored.lastSeq === 0) return state;
    for (const { seq, from } of await this.log.senders(stored._id, stored.lastSeq)) {
      state.sent[from] = (state.sent[from] ?? 0) + 1;
      state.newest[from] = Math.max(state.newest[from] ?? 0, seq);
      for (const [reader, mark] of Object.entries(state.read))
        if (reader !== from && seq <= mark) state.readCount[reader] = (state.readCount[reader] ?? 0) + 1;
    }
    return state;
  }

  /** Applies what the log holds after the state, up to `upTo`; stops where the log ends. */
  private async catchUp(state: ConversationState, upTo: number): Promise<void> {
    for await (const chunk of this.log.chunks(state._id, state.lastSeq + 1, upTo))
      for (const message of chunk) {
        if (message.seq !== state.lastSeq + 1) return;
        this.next(state, message);
      }
  }

  private next(state: ConversationState, message: StoredMessage): void {
    state.lastSeq = message.seq;
    state.sent[message.from] = (state.sent[message.from] ?? 0) + 1;
    state.newest[message.from] = message.seq;
    this.recent.add(message);
  }
}

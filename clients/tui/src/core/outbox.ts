import { randomUUID } from 'node:crypto';
import type { ErrorBody, UserId, WsResult } from '@parley/contracts';

/** sending: not acknowledged yet; sent: stored by the server, its echo (with a seq) not seen yet. */
export type OutboxStatus = 'sending' | 'sent' | 'failed';

export interface OutboxEntry {
  readonly clientMsgId: string;
  readonly to: UserId;
  readonly text: string;
  readonly createdAt: string;
  status: OutboxStatus;
  messageId?: string;
  recipientOnline?: boolean;
  error?: ErrorBody;
}

/** An entry that is still to go out: all but those the server refused. */
export const waitingToGo = (entry: OutboxEntry): boolean => entry.status !== 'failed';

/**
 * My messages that the server has not yet shown back to me with a seq. An entry keeps its
 * clientMsgId for life, so sending it again after a reconnect is recognised as the same message.
 */
export class Outbox {
  private entries = new Map<string, OutboxEntry>();
  /** Told after every change, so that what is waiting can be kept on disk. */
  onChange: () => void = () => undefined;

  constructor(private readonly newId: () => string = () => randomUUID()) {}

  /**
   * Puts back what an earlier run left unsent, before anything queued since. An entry that was
   * acked then is sent again: its echo with the seq is what takes it out, and the server recognises
   * the clientMsgId.
   */
  restore(entries: readonly OutboxEntry[]): void {
    const restored = entries
      .filter((e) => !this.entries.has(e.clientMsgId))
      .map((e): [string, OutboxEntry] => [
        e.clientMsgId,
        { ...e, status: e.status === 'failed' ? 'failed' : 'sending' },
      ]);
    if (restored.length === 0) return;
    this.entries = new Map([...restored, ...this.entries]);
    this.onChange();
  }

  all(): OutboxEntry[] {
    return [...this.entries.values()];
  }

  add(to: UserId, text: string, now = new Date()): OutboxEntry {
    const entry: OutboxEntry = {
      clientMsgId: this.newId(),
      to,
      text,
      createdAt: now.toISOString(),
      status: 'sending',
    };
    this.entries.set(entry.clientMsgId, entry);
    this.onChange();
    return entry;
  }

  /** What still has to go out, oldest first (a Map keeps insertion order). */
  unsent(): OutboxEntry[] {
    return [...this.entries.values()].filter((e) => e.status === 'sending');
  }

  forPeer(peer: UserId): OutboxEntry[] {
    return [...this.entries.values()].filter((e) => e.to === peer);
  }

  get(clientMsgId: string): OutboxEntry | undefined {
    return this.entries.get(clientMsgId);
  }

  get size(): number {
    return this.entries.size;
  }

  acked(result: WsResult<'message.send'>): OutboxEntry | undefined {
    const entry = this.entries.get(result.clientMsgId);
    if (!entry || entry.status === 'failed') return undefined;
    entry.status = 'sent';
    entry.messageId = result.messageId;
    entry.recipientOnline = result.recipientOnline ?? undefined;
    this.onChange();
    return entry;
  }

  /** Only for a refusal that sending again cannot fix (not friends, invalid text): a timeout keeps the entry. */
  failed(clientMsgId: string, error: ErrorBody): OutboxEntry | undefined {
    const entry = this.entries.get(clientMsgId);
    if (!entry) return undefined;
    entry.status = 'failed';
    entry.error = error;
    this.onChange();
    return entry;
  }

  /** The message came back with its seq: from now on the conversation holds it. */
  stored(clientMsgId: string): boolean {
    return this.remove(clientMsgId);
  }

  discard(clientMsgId: string): boolean {
    return this.remove(clientMsgId);
  }

  clear(): void {
    this.entries.clear();
    this.onChange();
  }

  private remove(clientMsgId: string): boolean {
    if (!this.entries.delete(clientMsgId)) return false;
    this.onChange();
    return true;
  }
}

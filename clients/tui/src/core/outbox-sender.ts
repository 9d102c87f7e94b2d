import type { ErrorCode, UserId } from '@parley/contracts';
import type { CoreContext } from './core-context';
import { asParleyError } from './errors';
import { Outbox, waitingToGo } from './outbox';
import type { OutboxEntry } from './outbox';
import { OutboxStore } from './outbox-store';

/** Errors that sending the same message again cannot fix. */
const PERMANENT_SEND_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'INVALID_FIELD',
  'INVALID_FRAME',
  'NOT_A_CONTACT',
  'USER_BLOCKED',
  'USER_NOT_FOUND',
  'FRAME_TOO_LARGE',
  'CANNOT_ADD_SELF',
]);

/**
 * The signed-in person's outbox: kept on disk as it changes (one file per person, so nobody else
 * who signs in here ever sends it), sent in order when connected, and retried when the gateway is
 * slow. Signing out forgets it in memory only: it goes at its author's next login.
 */
export class OutboxSender {
  readonly outbox = new Outbox();
  private readonly store: OutboxStore;
  /** Writes of the outbox, one after another; the first waits for what the last run left to be read. */
  private saved: Promise<void> = Promise.resolve();
  private owner: UserId | null = null;
  private flushing: Promise<void> | null = null;
  private flushAgain = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly offlineAtSend = new Set<string>();
  /** When my messages that left the outbox were written here, by clientMsgId. */
  private readonly written = new Map<string, string>();

  constructor(
    sessionDir: string,
    private readonly ctx: CoreContext,
    private readonly nameOf: (userId: UserId) => string | undefined,
  ) {
    this.store = new OutboxStore(sessionDir);
    this.outbox.onChange = () => this.persist();
  }

  /** Messages waiting to go out (not those the server refused). */
  get unsentCount(): number {
    return this.outbox.all().filter(waitingToGo).length;
  }

  /** `owner` signed in: what they left unsent (on disk) comes back and goes out. */
  signedIn(owner: UserId): void {
    this.owner = owner;
    this.saved = this.saved.then(() => this.restore(owner));
  }

  /** Forgets the outbox in memory; its file stays for its author's next login. */
  signedOut(): void {
    this.owner = null;
    this.outbox.clear();
    this.offlineAtSend.clear();
    this.written.clear();
    this.stop();
  }

  /** Resolves once every change so far is on disk. */
  settled(): Promise<void> {
    return this.saved;
  }

  add(to: UserId, text: string): OutboxEntry {
    const entry = this.outbox.add(to, text);
    void this.flush();
    return entry;
  }

  /** The message came back with its seq; returns whether it was still waiting. */
  stored(clientMsgId: string): boolean {
    const entry = this.outbox.get(clientMsgId);
    if (entry) this.written.set(clientMsgId, entry.createdAt);
    return this.outbox.stored(clientMsgId);
  }

  /** When a message of mine that went from this device was written; undefined for any other. */
  writtenAt(clientMsgId: string): string | undefined {
    return this.written.get(clientMsgId);
  }

  /** Whether the server said the recipient was offline when it took this message. */
  recipientWasOffline(clientMsgId: string): boolean {
    return this.offlineAtSend.has(clientMsgId);
  }

  /**
   * Sends the outbox in order, one message at a time, with each message's own clientMsgId, so a
   * resend after a lost ack is stored once. Stops at the first failure that a reconnect may fix.
   */
  flush(): Promise<void> {
    if (this.flushing) {
      this.flushAgain = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      do {
        this.flushAgain = false;
        for (const entry of this.outbox.unsent()) {
          if (!this.ctx.isOnline || !this.owner) return;
          // Sent meanwhile, or its author signed out while the last one was under way.
          if (this.outbox.get(entry.clientMsgId) !== entry) continue;
          if (!(await this.sendOne(entry))) return;
        }
      } while (this.flushAgain);
    })().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private async sendOne(entry: OutboxEntry): Promise<boolean> {
    try {
      const result = await this.ctx.request('message.send', {
        clientMsgId: entry.clientMsgId,
        to: entry.to,
        text: entry.text,
      });
      // The echo may have overtaken the ack and emptied the entry already: the flag goes by clientMsgId.
      this.outbox.acked(result);
      if (result.recipientOnline === false) {
        this.offlineAtSend.add(entry.clientMsgId);
        const name = this.nameOf(entry.to) ?? 'Your friend';
        this.ctx.notice(`${name} is offline and will get your message later`, 'info');
      }
      this.ctx.changed();
      return true;
    } catch (error) {
      const e = asParleyError(error);
      if (PERMANENT_SEND_ERRORS.has(e.code)) {
        this.outbox.failed(entry.clientMsgId, e.toBody());
        this.ctx.notice(`Message not sent: ${e.message}`, 'error');
        this.ctx.changed();
        return true;
      }
      // Still connected means the gateway is slow or limiting us: try again shortly rather than at the next reconnect.
      if (this.ctx.isOnline) this.retrySoon(e.details.retryAfterMs ?? 3000);
      return false;
    }
  }

  private retrySoon(ms: number): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, ms);
  }

  private async restore(owner: UserId): Promise<void> {
    const entries = await this.store.load(owner);
    if (this.owner !== owner || entries.length === 0) return;
    this.outbox.restore(entries);
    this.ctx.changed();
    void this.flush();
  }

  /** Keeps what is waiting on disk, in the order of the changes; a failure is said, not thrown. */
  private persist(): void {
    const owner = this.owner;
    if (!owner) return;
    const entries = this.outbox.all();
    this.saved = this.saved
      .then(() => this.store.save(owner, entries))
      .catch((error: Error) =>
        this.ctx.notice(`Could not keep unsent messages on disk: ${error.message}`, 'warn'),
      );
  }
}

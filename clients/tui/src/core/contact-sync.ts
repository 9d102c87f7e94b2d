import type { Contact, UserId } from '@parley/contracts';
import { contactNotice } from './contact-notices';
import type { Ending } from './contact-notices';
import { Contacts } from './contacts';
import type { CoreContext } from './core-context';
import { asParleyError } from './errors';

export interface ContactSyncHooks {
  /** Whose conversation is open, if any. */
  openPeer(): UserId | null;
  /** The open conversation's peer is gone. */
  closeOpen(): void;
  /** The open conversation's peer stands differently now, which changes which of their marks are shared. */
  refetchOpen(): void;
  /** A list came in: the open conversation's own count goes over the server's. */
  listed(): void;
}

/**
 * The contacts list kept in step with the server: fetched after every (re)connect and when only
 * the server can say how much is unread, changed by events and by my own requests, each change
 * told in words.
 */
export class ContactSync {
  readonly contacts = new Contacts();
  /** What I asked for of whom, while it is under way: their contact.gone is then my doing. */
  private readonly ending = new Map<UserId, Ending>();
  private refetchTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: CoreContext,
    private readonly hooks: ContactSyncHooks,
  ) {}

  async fetch(): Promise<void> {
    try {
      const { contacts } = await this.ctx.request('contacts.list', {});
      const openPeer = this.hooks.openPeer();
      const open = openPeer ? this.contacts.get(openPeer) : undefined;
      this.contacts.replaceAll(contacts);
      // Events were missed (a resync): someone may have gone meanwhile.
      if (open && !this.contacts.has(open.userId)) {
        this.hooks.closeOpen();
        this.ctx.notice(contactNotice(open, null)!, 'info');
      }
      this.hooks.listed();
      this.ctx.changed();
    } catch (error) {
      this.ctx.notice(`Could not load contacts: ${asParleyError(error).message}`, 'warn');
    }
  }

  /** One list for a burst of changes. */
  fetchSoon(): void {
    if (this.refetchTimer) return;
    this.refetchTimer = setTimeout(() => {
      this.refetchTimer = null;
      if (this.ctx.isOnline) void this.fetch();
    }, 300);
  }

  /** Ends a relation by request; the answer, not the event that may follow, says it is done. */
  async end(ending: Ending, userId: UserId): Promise<void> {
    this.ending.set(userId, ending);
    try {
      await this.ctx.request(`contacts.${ending}`, { userId });
    } finally {
      this.ending.delete(userId);
    }
    this.take(userId, null, ending);
  }

  /** A relation gone by an event: mine if I asked for it just now. */
  gone(userId: UserId): void {
    this.take(userId, null, this.ending.get(userId));
  }

  /**
   * Takes in how a contact stands now (null: gone) and says what changed. Their open conversation
   * closes when they go, and is fetched again when the relation changes.
   */
  take(userId: UserId, after: Contact | null, ending?: Ending): void {
    const before = this.contacts.get(userId);
    if (!before && !after) return;
    if (after) this.contacts.upsert(after);
    else this.contacts.remove(userId);
    const text = contactNotice(before, after, ending);
    if (text) this.ctx.notice(text, 'info');
    // Someone new may have written before: only the server knows how much of it is unread, and when.
    if (!before && after) this.fetchSoon();
    if (this.hooks.openPeer() === userId) {
      if (!after) this.hooks.closeOpen();
      else if (before?.relation !== after.relation) this.hooks.refetchOpen();
    }
    this.ctx.changed();
  }

  /** For the next person to sign in. */
  reset(): void {
    this.stop();
    this.contacts.reset();
  }

  stop(): void {
    if (this.refetchTimer) clearTimeout(this.refetchTimer);
    this.refetchTimer = null;
  }
}

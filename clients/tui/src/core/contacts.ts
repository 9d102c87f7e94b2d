import type { Contact, ListedContact, UserId } from '@parley/contracts';

export type ContactView = ListedContact;

/**
 * Everyone I relate to, as the gateway shows them: friends, people I added who have not added me
 * back, requests from people who added me, and people I blocked; presence for friends only.
 * The server owns unread counts and last activity: each fetch replaces them, and between fetches a
 * live message adds one at most once (by messageId) and moves the last activity to its time. The open conversation's count is set from what it holds (see
 * `setUnread`).
 */
export class Contacts {
  private readonly byId = new Map<UserId, ContactView>();
  private readonly counted = new Set<string>();
  private fetched = false;

  list(): ContactView[] {
    return [...this.byId.values()].sort((a, b) => a.username.localeCompare(b.username));
  }

  get(userId: UserId): ContactView | undefined {
    return this.byId.get(userId);
  }

  has(userId: UserId): boolean {
    return this.byId.has(userId);
  }

  /** False until the first list arrives: an empty list then means no contacts, before it means not known yet. */
  get loaded(): boolean {
    return this.fetched;
  }

  replaceAll(contacts: readonly ContactView[]): void {
    this.fetched = true;
    this.byId.clear();
    this.counted.clear();
    for (const c of contacts) this.byId.set(c.userId, { ...c });
  }

  /**
   * A contact as an event or a request's answer gives it, keeping its count and last activity;
   * nothing counts as unread from someone blocked.
   */
  upsert(contact: Contact): void {
    const held = this.byId.get(contact.userId);
    const unread = contact.relation === 'blocked' ? 0 : (held?.unread ?? 0);
    this.byId.set(contact.userId, { ...contact, unread, lastActivityAt: held?.lastActivityAt ?? null });
  }

  /** A message between us at `at` (ISO): the last activity only moves forward. */
  active(userId: UserId, at: string): boolean {
    const f = this.byId.get(userId);
    if (!f || (f.lastActivityAt !== null && Date.parse(f.lastActivityAt) >= Date.parse(at))) return false;
    this.byId.set(userId, { ...f, lastActivityAt: at });
    return true;
  }

  remove(userId: UserId): boolean {
    return this.byId.delete(userId);
  }

  /** Presence is shared between friends only; anything else about anyone else is ignored. */
  presence(userId: UserId, online: boolean, lastSeen: string | null): boolean {
    const f = this.byId.get(userId);
    if (f?.relation !== 'friend') return false;
    this.byId.set(userId, { ...f, presence: { online, lastSeen } });
    return true;
  }

  /** Returns whether the count went up: false for a message counted already. */
  countUnread(userId: UserId, messageId: string): boolean {
    const f = this.byId.get(userId);
    if (!f || this.counted.has(messageId)) return false;
    this.counted.add(messageId);
    this.byId.set(userId, { ...f, unread: f.unread + 1 });
    return true;
  }

  /** For a conversation whose unread messages are all at hand, counted against the read mark. */
  setUnread(userId: UserId, unread: number): void {
    const f = this.byId.get(userId);
    if (f && f.unread !== unread) this.byId.set(userId, { ...f, unread });
  }

  /** Back to knowing nothing, for the next person to sign in. */
  reset(): void {
    this.byId.clear();
    this.counted.clear();
    this.fetched = false;
  }
}

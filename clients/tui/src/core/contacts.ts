import type { Contact, ListedContact, UserId } from '@parley/contracts';

export type ContactView = ListedContact;

/**
 * The contacts list with presence and unread counts. The server owns unread counts: each fetch
 * replaces them, and between fetches a live message adds one at most once (by messageId). The
 * open conversation's count is set from what it holds (see `setUnread`).
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

  replaceAll(friends: readonly ContactView[]): void {
    this.fetched = true;
    this.byId.clear();
    this.counted.clear();
    for (const f of friends) this.byId.set(f.userId, { ...f });
  }

  upsert(friend: Contact): void {
    this.byId.set(friend.userId, { ...friend, unread: this.byId.get(friend.userId)?.unread ?? 0 });
  }

  remove(userId: UserId): boolean {
    return this.byId.delete(userId);
  }

  presence(userId: UserId, online: boolean, lastSeen: string | null): boolean {
    const f = this.byId.get(userId);
    if (!f) return false;
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

import type { Contact, ListedContact, UserId } from '@parley/contracts';

export type FriendView = ListedContact;

/**
 * The friends list with presence and unread counts. The server owns unread counts: each fetch
 * replaces them, and between fetches a live message adds one at most once (by messageId), and
 * the conversation on screen has none.
 */
export class Friends {
  private readonly byId = new Map<UserId, FriendView>();
  private readonly counted = new Set<string>();
  private openPeer: UserId | null = null;
  private fetched = false;

  list(): FriendView[] {
    return [...this.byId.values()].sort((a, b) => a.username.localeCompare(b.username));
  }

  get(userId: UserId): FriendView | undefined {
    return this.byId.get(userId);
  }

  has(userId: UserId): boolean {
    return this.byId.has(userId);
  }

  /** False until the first list arrives: an empty list then means no friends, before it means not known yet. */
  get loaded(): boolean {
    return this.fetched;
  }

  replaceAll(friends: readonly FriendView[]): void {
    this.fetched = true;
    this.byId.clear();
    this.counted.clear();
    for (const f of friends)
      this.byId.set(f.userId, f.userId === this.openPeer ? { ...f, unread: 0 } : { ...f });
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

  /** Returns whether the count went up: false for the open conversation or a message counted already. */
  countUnread(userId: UserId, messageId: string): boolean {
    const f = this.byId.get(userId);
    if (!f || userId === this.openPeer || this.counted.has(messageId)) return false;
    this.counted.add(messageId);
    this.byId.set(userId, { ...f, unread: f.unread + 1 });
    return true;
  }

  clearUnread(userId: UserId): void {
    const f = this.byId.get(userId);
    if (f && f.unread !== 0) this.byId.set(userId, { ...f, unread: 0 });
  }

  /** Back to knowing nothing, for the next person to sign in. */
  reset(): void {
    this.byId.clear();
    this.counted.clear();
    this.openPeer = null;
    this.fetched = false;
  }

  setOpen(userId: UserId | null): void {
    this.openPeer = userId;
    if (userId) this.clearUnread(userId);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { Friend, Presence, usersRpc } from '@parley/contracts';
import { RpcClient } from '@parley/messaging';
import { CONFIG } from '@parley/platform';
import { GatewayConfig } from '../config';

/**
 * The friends of the users connected here, and those friends' presence, so that a message's
 * recipient is checked (a friend? online?) in memory rather than by a request per message.
 * Loaded once per connected user from the users service; kept current by friend and presence events.
 */
@Injectable()
export class FriendDirectory {
  private readonly active = new Set<string>();
  private readonly friends = new Map<string, Set<string>>();
  private readonly loading = new Map<string, Promise<Friend[]>>();
  private readonly watchers = new Map<string, Set<string>>();
  private readonly presence = new Map<string, Presence>();

  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** A user's first connection here opened. */
  activate(userId: string): void {
    this.active.add(userId);
  }

  /** A user's last connection here closed: drop what was kept for them. */
  forget(userId: string): void {
    this.active.delete(userId);
    this.loading.delete(userId);
    for (const friendId of this.friends.get(userId) ?? []) this.unwatch(userId, friendId);
    this.friends.delete(userId);
  }

  async isFriend(userId: string, other: string): Promise<boolean> {
    if (!this.friends.has(userId)) await (this.loading.get(userId) ?? this.list(userId));
    return this.friends.get(userId)?.has(other) ?? false;
  }

  isOnline(userId: string): boolean {
    return this.presence.get(userId)?.online ?? false;
  }

  /** Fetches the friends list afresh, with presence, and keeps it while the user is connected. */
  list(userId: string): Promise<Friend[]> {
    const request = this.rpc
      .call(usersRpc.listFriends, { userId }, this.config.RPC_TIMEOUT_MS)
      .then(({ friends }) => {
        if (this.active.has(userId)) this.remember(userId, friends);
        return friends;
      });
    this.loading.set(userId, request);
    const settled = () => {
      if (this.loading.get(userId) === request) this.loading.delete(userId);
    };
    void request.then(settled, settled);
    return request;
  }

  added(userId: string, friend: Friend): void {
    const set = this.friends.get(userId);
    if (!set) return;
    set.add(friend.userId);
    this.watch(userId, friend);
  }

  removed(userId: string, friendId: string): void {
    if (this.friends.get(userId)?.delete(friendId)) this.unwatch(userId, friendId);
  }

  /** Records a presence change; returns the local users who have that user as a friend. */
  presenceChanged(userId: string, presence: Presence): ReadonlySet<string> {
    const watching = this.watchers.get(userId);
    if (watching) this.presence.set(userId, presence);
    return watching ?? new Set();
  }

  private remember(userId: string, friends: readonly Friend[]): void {
    for (const friendId of this.friends.get(userId) ?? []) this.unwatch(userId, friendId);
    this.friends.set(userId, new Set(friends.map((f) => f.userId)));
    for (const friend of friends) this.watch(userId, friend);
  }

  private watch(userId: string, friend: Friend): void {
    this.presence.set(friend.userId, { online: friend.online, lastSeen: friend.lastSeen });
    let watching = this.watchers.get(friend.userId);
    if (!watching) this.watchers.set(friend.userId, (watching = new Set()));
    watching.add(userId);
  }

  private unwatch(userId: string, friendId: string): void {
    const watching = this.watchers.get(friendId);
    if (!watching?.delete(userId) || watching.size > 0) return;
    this.watchers.delete(friendId);
    this.presence.delete(friendId);
  }
}

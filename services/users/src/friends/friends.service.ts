import { Inject, Injectable } from '@nestjs/common';
import {
  Friend,
  FriendAdded,
  FriendRemoved,
  ParleyError,
  PublicUser,
  ROUTING,
  envelope,
} from '@parley/contracts';
import { AccountsRepository } from '../accounts/accounts.repository';
import { Announcer } from '../events/announcer';
import { PresenceRepository } from '../presence/presence.repository';
import { FriendEntry, FriendsRepository } from './friends.repository';
import { PerKeyQueue } from './per-key-queue';

@Injectable()
export class FriendsService {
  private readonly perUser = new PerKeyQueue();

  constructor(
    @Inject(FriendsRepository) private readonly friends: FriendsRepository,
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(PresenceRepository) private readonly presence: PresenceRepository,
    @Inject(Announcer) private readonly announcer: Announcer,
  ) {}

  search(
    userId: string,
    query: string,
    offset: number,
    limit: number,
  ): Promise<{ users: PublicUser[]; nextOffset: number | null }> {
    // FerretDB cannot take NUL in a query; nobody's name contains one anyway.
    if (query.includes('\u0000'))
      throw new ParleyError('INVALID_FIELD', 'query: must not contain NUL', {
        field: 'query',
        reason: 'must not contain NUL',
      });
    return this.accounts.search(query, userId, offset, limit);
  }

  /** One-sided, as in the seed: you may add someone who has not added you. */
  async add(userId: string, username: string): Promise<{ friend: Friend }> {
    const user = await this.accounts.findUserByUsername(username);
    if (!user)
      throw new ParleyError('USER_NOT_FOUND', `nobody is called ${username}`, {
        field: 'username',
        reason: 'unknown user',
      });
    if (user.userId === userId)
      throw new ParleyError('CANNOT_ADD_SELF', 'you cannot add yourself as a friend', { field: 'username' });
    const entry = await this.perUser.run(userId, async () => {
      const current = await this.friends.list(userId);
      if (current.some((f) => f.userId === user.userId)) {
        throw new ParleyError('ALREADY_FRIENDS', `${username} is already your friend`, { field: 'username' });
      }
      const added: FriendEntry = { ...user, addedAt: new Date().toISOString() };
      await this.friends.save(userId, [...current, added]);
      return added;
    });
    const [friend] = await this.withPresence([entry]);
    await this.announcer.announce(
      ROUTING.friendAdded(userId, user.userId),
      envelope(FriendAdded, { userId, friend: friend! }),
    );
    return { friend: friend! };
  }

  async remove(userId: string, friendId: string): Promise<Record<string, never>> {
    await this.perUser.run(userId, async () => {
      const current = await this.friends.list(userId);
      const remaining = current.filter((f) => f.userId !== friendId);
      if (remaining.length === current.length)
        throw new ParleyError('NOT_FRIENDS', 'this user is not your friend', { field: 'friendId' });
      await this.friends.save(userId, remaining);
    });
    await this.announcer.announce(
      ROUTING.friendRemoved(userId, friendId),
      envelope(FriendRemoved, { userId, friendId }),
    );
    return {};
  }

  async list(userId: string): Promise<{ friends: Friend[] }> {
    return { friends: await this.withPresence(await this.friends.list(userId)) };
  }

  private async withPresence(entries: readonly FriendEntry[]): Promise<Friend[]> {
    const presence = await this.presence.read(entries.map((e) => e.userId));
    return entries.map((e) => ({ ...e, ...presence.get(e.userId)! }));
  }
}

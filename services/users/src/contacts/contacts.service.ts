import { Inject, Injectable } from '@nestjs/common';
import {
  ContactChanged,
  ContactRecord,
  ParleyError,
  PublicUser,
  Relation,
  Stance,
  envelope,
  relationOf,
  sharesPresence,
} from '@parley/contracts';
import { AccountsRepository } from '../accounts/accounts.repository';
import { Announcer } from '../events/announcer';
import { PresenceRepository } from '../presence/presence.repository';
import { ContactsRepository } from './contacts.repository';
import { LegacyFriendsImport } from './legacy-friends-import';

/** What one person's request changes: their new stance towards another. */
interface Change {
  owner: PublicUser;
  other: PublicUser;
  /** The other's stance towards the owner, as the owner's document holds it. */
  theirs: Stance | null;
  stance: Stance;
}

const nobodyCalled = (username: string) =>
  new ParleyError('USER_NOT_FOUND', `nobody is called ${username}`, {
    field: 'username',
    reason: 'unknown user',
  });
const noSuchUser = () =>
  new ParleyError('USER_NOT_FOUND', 'there is no such user', { field: 'userId', reason: 'unknown user' });

/**
 * Contacts: adding (or accepting), removing, blocking, unblocking and ignoring. Each request writes
 * only the acting person's stance, first into the other person's document, then into their own, so
 * a request that failed half way and is repeated completes it. Both people are then told, each
 * with their own record; the gateways derive from it what each of them may see.
 */
@Injectable()
export class ContactsService {
  constructor(
    @Inject(ContactsRepository) private readonly contacts: ContactsRepository,
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(PresenceRepository) private readonly presence: PresenceRepository,
    @Inject(Announcer) private readonly announcer: Announcer,
    @Inject(LegacyFriendsImport) private readonly legacy: LegacyFriendsImport,
  ) {}

  /** Each person's contacts, with their friends' presence read together for all of them. */
  async list(userIds: readonly string[]): Promise<Record<string, ContactRecord[]>> {
    await this.legacy.done;
    const stored = await Promise.all(userIds.map(async (id) => [...(await this.contacts.list(id)).values()]));
    const friends = stored.flat().filter((c) => sharesPresence(relationOf(c.mine ?? null, c.theirs ?? null)));
    const presence = await this.presence.read([...new Set(friends.map((c) => c.user.userId))]);
    return Object.fromEntries(
      userIds.map((id, i) => [id, stored[i]!.map((c) => record(c, presence.get(c.user.userId) ?? null))]),
    );
  }

  /** Adds someone, or accepts their request. Someone who blocked the caller is not found, as if absent. */
  async add(userId: string, username: string): Promise<ContactRecord> {
    const other = await this.accounts.findUserByUsername(username);
    if (!other) throw nobodyCalled(username);
    if (other.userId === userId)
      throw new ParleyError('CANNOT_ADD_SELF', 'you cannot add yourself', { field: 'username' });
    const current = await this.current(userId, other.userId);
    if (current.theirs?.state === 'blocked') throw nobodyCalled(username);
    const relation = relationOf(current.mine, current.theirs);
    if (relation === 'blocked')
      throw new ParleyError('USER_BLOCKED', `you have blocked ${username}: unblock them first`, {
        field: 'username',
      });
    if (relation === 'friend' || relation === 'added')
      throw new ParleyError('ALREADY_ADDED', `you have already added ${username}`, { field: 'username' });
    return this.tellBoth(await this.change(userId, other, current, { state: 'added' }));
  }

  /** Ends the relation both ways, a request included; history stays. */
  async remove(userId: string, otherId: string): Promise<ContactRecord> {
    const current = await this.current(userId, otherId);
    const relation = relationOf(current.mine, current.theirs);
    if (!current.user || relation === 'none' || relation === 'blocked')
      throw new ParleyError('NOT_A_CONTACT', 'this person is not among your contacts', { field: 'userId' });
    return this.tellBoth(await this.change(userId, current.user, current, { state: 'none', ends: true }));
  }

  async block(userId: string, otherId: string): Promise<ContactRecord> {
    if (otherId === userId)
      throw new ParleyError('INVALID_FIELD', 'userId: you cannot block yourself', { field: 'userId' });
    const current = await this.current(userId, otherId);
    const other = current.user ?? (await this.accounts.findUser(otherId));
    if (!other) throw noSuchUser();
    if (current.mine?.state === 'blocked')
      throw new ParleyError('ALREADY_BLOCKED', `you have already blocked ${other.username}`, {
        field: 'userId',
      });
    return this.tellBoth(await this.change(userId, other, current, { state: 'blocked', ends: true }));
  }

  /** Lifts a block; it restores nothing, either of them may add the other again. */
  async unblock(userId: string, otherId: string): Promise<ContactRecord> {
    const current = await this.current(userId, otherId);
    if (!current.user || current.mine?.state !== 'blocked')
      throw new ParleyError('NOT_BLOCKED', 'you have not blocked this person', { field: 'userId' });
    return this.tellBoth(await this.change(userId, current.user, current, { state: 'none', ends: true }));
  }

  /** Sets a request aside until its sender writes after `throughSeq`, the conversation's newest seq now. */
  async ignore(userId: string, otherId: string, throughSeq: number): Promise<ContactRecord> {
    const current = await this.current(userId, otherId);
    if (!current.user || relationOf(current.mine, current.theirs, throughSeq) !== 'request')
      throw new ParleyError('NO_REQUEST', 'this person has no request waiting for you', { field: 'userId' });
    return this.tellBoth(await this.change(userId, current.user, current, { state: 'ignored', throughSeq }));
  }

  private async current(
    userId: string,
    otherId: string,
  ): Promise<{ user: PublicUser | null; mine: Stance | null; theirs: Stance | null }> {
    await this.legacy.done;
    const stored = await this.contacts.find(userId, otherId);
    return { user: stored?.user ?? null, mine: stored?.mine ?? null, theirs: stored?.theirs ?? null };
  }

  /** Writes the owner's new stance: into the other's document first, then into the owner's. */
  private async change(
    ownerId: string,
    other: PublicUser,
    current: { mine: Stance | null; theirs: Stance | null },
    next: { state: Stance['state']; ends?: boolean; throughSeq?: number },
  ): Promise<Change> {
    const owner = await this.accounts.findUser(ownerId);
    if (!owner) throw noSuchUser();
    const at = nextTime(current.mine);
    const endedAt = next.ends ? at : current.mine?.endedAt;
    const stance: Stance = {
      state: next.state,
      at,
      ...(endedAt ? { endedAt } : {}),
      ...(next.throughSeq !== undefined ? { throughSeq: next.throughSeq } : {}),
    };
    await this.contacts.setStance(other.userId, owner, 'theirs', stance);
    await this.contacts.setStance(ownerId, other, 'mine', stance);
    return { owner, other, theirs: current.theirs, stance };
  }

  /** Tells both people, each with their own record, and returns the owner's. */
  private async tellBoth({ owner, other, theirs, stance }: Change): Promise<ContactRecord> {
    const relation: Relation = relationOf(stance, theirs);
    const presence = sharesPresence(relation)
      ? await this.presence.read([owner.userId, other.userId])
      : new Map();
    const ownerRecord = record({ user: other, mine: stance, theirs }, presence.get(other.userId) ?? null);
    const otherRecord = record(
      { user: owner, mine: theirs, theirs: stance },
      presence.get(owner.userId) ?? null,
    );
    await Promise.all([
      this.announcer.announce(
        ContactChanged,
        envelope(ContactChanged, { userId: owner.userId, contact: ownerRecord }),
      ),
      this.announcer.announce(
        ContactChanged,
        envelope(ContactChanged, { userId: other.userId, contact: otherRecord }),
      ),
    ]);
    return ownerRecord;
  }
}

function record(
  contact: { user: PublicUser; mine?: Stance | null; theirs?: Stance | null },
  presence: ContactRecord['presence'],
): ContactRecord {
  const mine = contact.mine ?? null;
  const theirs = contact.theirs ?? null;
  return {
    user: contact.user,
    mine,
    theirs,
    presence: sharesPresence(relationOf(mine, theirs)) ? presence : null,
  };
}

/** Now, or just after the stance it replaces: a stance's time never repeats or goes back. */
function nextTime(previous: Stance | null): string {
  const now = Date.now();
  const after = previous ? Date.parse(previous.at) + 1 : 0;
  return new Date(Math.max(now, after)).toISOString();
}

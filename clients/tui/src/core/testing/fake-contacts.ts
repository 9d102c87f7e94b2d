import { ParleyError, relationOf, relationSince, sharesPresence } from '@parley/contracts';
import type { Contact, Presence, PublicUser, Relation, Stance, UserId } from '@parley/contracts';

export interface FakeContactsWorld {
  user(userId: UserId): PublicUser | undefined;
  presence(userId: UserId): Presence;
  lastSeq(a: UserId, b: UserId): number;
}

const notAContact = () =>
  new ParleyError('NOT_A_CONTACT', 'this person is not among your contacts', { field: 'userId' });

/**
 * The users service's contacts in memory: each person's own stance towards another, the relation
 * both see derived from the two by the contract's `relationOf`, and the same refusals.
 */
export class FakeContacts {
  private readonly stances = new Map<string, Stance>();
  private lastAt = 0;

  constructor(private readonly world: FakeContactsWorld) {}

  relation(owner: UserId, other: UserId): Relation {
    return relationOf(this.stance(owner, other), this.stance(other, owner), this.world.lastSeq(owner, other));
  }

  /** The contact as its owner sees it, or null where it is not shown. */
  view(owner: UserId, other: UserId): Contact | null {
    const user = this.world.user(other);
    const relation = this.relation(owner, other);
    if (!user || relation === 'none' || relation === 'ignored') return null;
    return {
      ...user,
      relation,
      since: relationSince(relation, this.stance(owner, other), this.stance(other, owner)),
      presence: sharesPresence(relation) ? this.world.presence(other) : null,
    };
  }

  /** Everyone the owner has a stance towards, or who has one towards them. */
  others(owner: UserId): UserId[] {
    const ids = new Set<UserId>();
    for (const key of this.stances.keys()) {
      const [a, b] = key.split('>') as [UserId, UserId];
      if (a === owner) ids.add(b);
      if (b === owner) ids.add(a);
    }
    return [...ids];
  }

  add(owner: UserId, other: UserId): void {
    const user = this.world.user(other);
    if (!user || this.stance(other, owner)?.state === 'blocked')
      throw new ParleyError('USER_NOT_FOUND', 'nobody is called that', { field: 'username' });
    if (other === owner) throw new ParleyError('CANNOT_ADD_SELF', 'you cannot add yourself');
    const relation = this.relation(owner, other);
    if (relation === 'blocked')
      throw new ParleyError('USER_BLOCKED', `you have blocked ${user.username}: unblock them first`);
    if (relation === 'friend' || relation === 'added')
      throw new ParleyError('ALREADY_ADDED', `you have already added ${user.username}`);
    this.take(owner, other, 'added');
  }

  remove(owner: UserId, other: UserId): void {
    const relation = this.relation(owner, other);
    if (relation === 'none' || relation === 'blocked') throw notAContact();
    this.take(owner, other, 'none', { ends: true });
  }

  block(owner: UserId, other: UserId): void {
    if (!this.world.user(other)) throw new ParleyError('USER_NOT_FOUND', 'there is no such user');
    if (this.stance(owner, other)?.state === 'blocked')
      throw new ParleyError('ALREADY_BLOCKED', 'you have already blocked them');
    this.take(owner, other, 'blocked', { ends: true });
  }

  unblock(owner: UserId, other: UserId): void {
    if (this.stance(owner, other)?.state !== 'blocked')
      throw new ParleyError('NOT_BLOCKED', 'you have not blocked this person');
    this.take(owner, other, 'none', { ends: true });
  }

  ignore(owner: UserId, other: UserId): void {
    if (this.relation(owner, other) !== 'request')
      throw new ParleyError('NO_REQUEST', 'this person has no request waiting for you');
    this.take(owner, other, 'ignored', { throughSeq: this.world.lastSeq(owner, other) });
  }

  private stance(owner: UserId, other: UserId): Stance | null {
    return this.stances.get(`${owner}>${other}`) ?? null;
  }

  private take(
    owner: UserId,
    other: UserId,
    state: Stance['state'],
    options: { ends?: boolean; throughSeq?: number } = {},
  ): void {
    const previous = this.stance(owner, other);
    // Time never repeats or goes back, however fast a test acts: what was done later counts later.
    this.lastAt = Math.max(Date.now(), this.lastAt + 1);
    const at = new Date(this.lastAt).toISOString();
    const endedAt = options.ends ? at : previous?.endedAt;
    this.stances.set(`${owner}>${other}`, {
      state,
      at,
      ...(endedAt ? { endedAt } : {}),
      ...(options.throughSeq !== undefined ? { throughSeq: options.throughSeq } : {}),
    });
  }
}

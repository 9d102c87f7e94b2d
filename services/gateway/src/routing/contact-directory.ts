import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import {
  Contact,
  ContactRecord,
  PresenceState,
  Relation,
  laterStance,
  relationOf,
  relationSince,
  sharesPresence,
  MAX_CONTACT_LISTS,
  usersRpc,
} from '@parley/contracts';
import { Bus, Coalescer } from '@parley/messaging';
import { CONFIG } from '@parley/platform';
import { GatewayConfig } from '../config';

/** What this gateway holds of one contact of a user connected here; presence is held per person. */
interface Entry extends Omit<ContactRecord, 'presence'> {
  /** For a request the user ignored: the newest seq of their conversation seen here since. */
  lastSeq: number;
}

/** How a contact looked to its owner before and after a change; null where it is not shown. */
export interface ContactChange {
  before: Contact | null;
  after: Contact | null;
}

const later = (a: PresenceState | null, b: PresenceState | null) => (!a || (b && b.rev > a.rev) ? b : a);

/**
 * The contacts of the users connected here, so that every check on the message path (may they
 * write to them? see their presence, their receipts?) is a lookup in memory. A user's contacts are
 * loaded before their first connection here is welcomed and then kept by the users service's
 * events. Every copy is merged, never replaced: each stance keeps the one taken last and presence
 * the highest revision, so a snapshot and events may arrive in any order and still agree.
 *
 * Presence is held once per person watched, that is per friend of someone connected here. A
 * presence change that arrives while a snapshot is on its way is kept for a while (`parked`), in
 * case the snapshot names that person as a friend with older presence.
 */
@Injectable()
export class ContactDirectory implements OnModuleDestroy {
  private readonly books = new Map<string, Map<string, Entry>>();
  private readonly loads = new Map<string, Promise<void>>();
  private readonly loaded = new Set<string>();
  /** Per user just loaded: friends whose presence changed while the snapshot was on its way. */
  private readonly missed = new Map<string, string[]>();
  private readonly presence = new Map<string, PresenceState>();
  private readonly watchers = new Map<string, Set<string>>();
  private parked = { current: new Map<string, PresenceState>(), previous: new Map<string, PresenceState>() };
  private readonly rotation: NodeJS.Timeout;
  /**
   * The users who connect in one turn of the event loop are loaded with one request, and while one
   * is on its way the next ones gather: a burst of logins costs the users service a few requests.
   */
  private readonly snapshots: Coalescer<0, string>;

  constructor(
    @Inject(Bus) private readonly bus: Bus,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {
    this.snapshots = new Coalescer(MAX_CONTACT_LISTS, (_, userIds) => this.fetch(userIds), {
      oneAtATime: true,
    });
    // A snapshot comes back within RPC_TIMEOUT_MS or not at all: two generations cover it.
    this.rotation = setInterval(() => {
      this.parked = { current: new Map(), previous: this.parked.current };
    }, config.RPC_TIMEOUT_MS);
    this.rotation.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.rotation);
  }

  /** Resolves once the user's contacts are here; the first of their connections loads them. */
  activate(userId: string): Promise<void> {
    if (this.loaded.has(userId)) return Promise.resolve();
    return this.loads.get(userId) ?? this.load(userId);
  }

  /**
   * Loads a user's contacts afresh, merged into what is held: after events may have been missed.
   * Until it is here, their requests wait for it rather than trust what may be stale.
   */
  load(userId: string): Promise<void> {
    if (!this.books.has(userId)) this.books.set(userId, new Map());
    this.loaded.delete(userId);
    const loading = this.snapshots.add(0, userId).finally(() => {
      if (this.loads.get(userId) === loading) this.loads.delete(userId);
    });
    this.loads.set(userId, loading);
    return loading;
  }

  private async fetch(userIds: string[]): Promise<void> {
    const unique = [...new Set(userIds)];
    const { lists } = await this.bus.call(
      usersRpc.listContacts,
      { userIds: unique },
      this.config.RPC_TIMEOUT_MS,
    );
    for (const userId of unique) {
      // Gone meanwhile: their last connection closed before the answer came.
      if (!this.books.has(userId)) continue;
      for (const record of lists[userId] ?? []) this.merge(userId, record);
      this.loaded.add(userId);
      const parked = (friendId: string) =>
        this.parked.current.has(friendId) || this.parked.previous.has(friendId);
      this.missed.set(
        userId,
        [...(this.books.get(userId)?.keys() ?? [])].filter(
          (id) => this.watchers.get(id)?.has(userId) && parked(id),
        ),
      );
    }
  }

  isLoaded(userId: string): boolean {
    return this.loaded.has(userId);
  }

  /** Once: the friends whose presence may have changed after the user's welcome and before their contacts came. */
  takeMissed(userId: string): { userId: string; presence: PresenceState }[] {
    const missed = this.missed.get(userId) ?? [];
    this.missed.delete(userId);
    return missed.flatMap((id) => {
      const presence = this.presence.get(id);
      return presence ? [{ userId: id, presence }] : [];
    });
  }

  /** The user's last connection here closed: drop what was kept for them. */
  forget(userId: string): void {
    const book = this.books.get(userId);
    this.books.delete(userId);
    this.loads.delete(userId);
    this.loaded.delete(userId);
    this.missed.delete(userId);
    for (const otherId of book?.keys() ?? []) this.unwatch(userId, otherId);
  }

  users(): IterableIterator<string> {
    return this.books.keys();
  }

  /** How `userId` relates to `otherId`, once their contacts are here. */
  async relation(userId: string, otherId: string): Promise<Relation> {
    await this.activate(userId);
    return this.relationHere(userId, otherId);
  }

  /** How a user whose contacts are here (everyone welcomed here) relates to another; `none` for anyone else. */
  relationHere(userId: string, otherId: string): Relation {
    const entry = this.books.get(userId)?.get(otherId);
    return entry ? relationOf(entry.mine, entry.theirs, entry.lastSeq) : 'none';
  }

  isOnline(userId: string): boolean {
    return this.presence.get(userId)?.online ?? false;
  }

  /** Everyone the user has a relation with, `ignored` ones included, with what they are shown. */
  async entries(userId: string): Promise<{ userId: string; relation: Relation }[]> {
    await this.activate(userId);
    return [...(this.books.get(userId)?.values() ?? [])].map((e) => ({
      userId: e.user.userId,
      relation: relationOf(e.mine, e.theirs, e.lastSeq),
    }));
  }

  /** The contact as its owner sees it now, or null if not shown. */
  view(userId: string, otherId: string): Contact | null {
    const entry = this.books.get(userId)?.get(otherId);
    if (!entry) return null;
    const relation = relationOf(entry.mine, entry.theirs, entry.lastSeq);
    if (relation === 'none' || relation === 'ignored') return null;
    const presence = relation === 'friend' ? this.presence.get(otherId) : undefined;
    return {
      ...entry.user,
      relation,
      since: relationSince(relation, entry.mine, entry.theirs),
      presence: presence ? { online: presence.online, lastSeen: presence.lastSeen } : null,
    };
  }

  /** Takes in a record of a user connected (or connecting) here; null for anyone else. */
  merge(userId: string, record: ContactRecord): ContactChange | null {
    const book = this.books.get(userId);
    if (!book) return null;
    const otherId = record.user.userId;
    const before = this.view(userId, otherId);
    const held = book.get(otherId);
    const entry: Entry = {
      user: record.user,
      mine: laterStance(held?.mine ?? null, record.mine),
      theirs: laterStance(held?.theirs ?? null, record.theirs),
      lastSeq: held?.lastSeq ?? 0,
    };
    book.set(otherId, entry);
    if (sharesPresence(relationOf(entry.mine, entry.theirs))) {
      this.watch(userId, otherId);
      this.notePresence(otherId, record.presence);
    } else this.unwatch(userId, otherId);
    return { before, after: this.view(userId, otherId) };
  }

  /** A message between them was seen here; it may bring back a request the user ignored. */
  noteSeq(userId: string, otherId: string, seq: number): ContactChange | null {
    const entry = this.books.get(userId)?.get(otherId);
    // Only an ignore reads the seq (against its own throughSeq), so only then is it kept.
    if (entry?.mine?.state !== 'ignored' || seq <= entry.lastSeq) return null;
    const before = this.view(userId, otherId);
    entry.lastSeq = seq;
    return { before, after: this.view(userId, otherId) };
  }

  /** Records a presence change; returns who here sees it, or nobody if it is not newer than what is held. */
  presenceChanged(userId: string, presence: PresenceState): ReadonlySet<string> {
    // A snapshot on its way may name them as a friend of someone else, watched here or not yet.
    if (this.loads.size > 0) this.parked.current.set(userId, presence);
    const watching = this.watchers.get(userId);
    if (!watching) return new Set();
    return this.notePresence(userId, presence) ? watching : new Set();
  }

  private notePresence(userId: string, presence: PresenceState | null): boolean {
    const held = this.presence.get(userId) ?? null;
    const newest = [presence, this.parked.current.get(userId), this.parked.previous.get(userId)].reduce(
      (a: PresenceState | null, b) => later(a, b ?? null),
      held,
    );
    if (!newest || newest === held) return false;
    this.presence.set(userId, newest);
    return true;
  }

  private watch(userId: string, otherId: string): void {
    let watching = this.watchers.get(otherId);
    if (!watching) this.watchers.set(otherId, (watching = new Set()));
    watching.add(userId);
  }

  private unwatch(userId: string, otherId: string): void {
    const watching = this.watchers.get(otherId);
    if (!watching?.delete(userId) || watching.size > 0) return;
    this.watchers.delete(otherId);
    this.presence.delete(otherId);
  }
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContactRecord, PresenceState, Stance, StanceState, usersRpc } from '@parley/contracts';
import { InMemoryBus } from '@parley/testing';
import { GatewayConfig } from '../config';
import { ContactDirectory } from './contact-directory';

const me = '0b7e8a5c-1d2f-4a3b-9c4d-5e6f7a8b9c0d';
const bob = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const stance = (state: StanceState, s: number, extra: Partial<Stance> = {}): Stance => ({
  state,
  at: at(s),
  ...extra,
});
const presence = (online: boolean, rev: number): PresenceState => ({ online, lastSeen: at(rev), rev });
const record = (
  mine: Stance | null,
  theirs: Stance | null,
  p: PresenceState | null = null,
): ContactRecord => ({
  user: { userId: bob, username: 'bob', firstName: 'Bob', lastName: 'B' },
  mine,
  theirs,
  presence: p,
});

/** The users service's answer to a contacts list, held until the test lets it arrive. */
class Snapshot {
  private release!: (contacts: ContactRecord[]) => void;
  readonly bus = new InMemoryBus().answer(
    usersRpc.listContacts,
    ({ userIds }) =>
      new Promise(
        (r) =>
          (this.release = (contacts) =>
            r({ lists: Object.fromEntries(userIds.map((id) => [id, contacts])) })),
      ),
  );

  /** Lets the answer arrive, once the directory has asked for it (at the end of the turn). */
  async arrive(contacts: ContactRecord[]): Promise<void> {
    await new Promise((r) => setImmediate(r));
    this.release(contacts);
    await new Promise((r) => setImmediate(r));
  }
}

const directory = (snapshot: Snapshot) =>
  new ContactDirectory(snapshot.bus, { RPC_TIMEOUT_MS: 5000 } as GatewayConfig);

describe('ContactDirectory', () => {
  it('ends the same whichever comes first, a snapshot or the events after it', async () => {
    for (const eventFirst of [true, false]) {
      const snapshot = new Snapshot();
      const contacts = directory(snapshot);
      const ready = contacts.activate(me);
      const old = record(stance('added', 1), null);
      const accepted = record(stance('added', 1), stance('added', 2), presence(true, 7));
      if (eventFirst) contacts.merge(me, accepted);
      await snapshot.arrive([old]);
      if (!eventFirst) contacts.merge(me, accepted);
      await ready;
      assert.equal(await contacts.relation(me, bob), 'friend', `event first: ${eventFirst}`);
      assert.deepEqual(contacts.view(me, bob)?.presence, { online: true, lastSeen: at(7) });
      contacts.onModuleDestroy();
    }
  });

  it('keeps the newest presence, and one that arrived while the snapshot was on its way', async () => {
    const snapshot = new Snapshot();
    const contacts = directory(snapshot);
    const ready = contacts.activate(me);
    assert.equal(contacts.presenceChanged(bob, presence(false, 9)).size, 0, 'nobody here watches bob yet');
    await snapshot.arrive([record(stance('added', 1), stance('added', 2), presence(true, 5))]);
    await ready;
    assert.equal(contacts.isOnline(bob), false, 'the parked revision 9 beats the snapshot’s 5');
    assert.equal(contacts.presenceChanged(bob, presence(true, 8)).size, 0, 'an older change is dropped');
    assert.deepEqual([...contacts.presenceChanged(bob, presence(true, 10))], [me]);
    assert.equal(contacts.isOnline(bob), true);
    contacts.onModuleDestroy();
  });

  it('names, once, the friends whose presence changed while the snapshot was on its way', async () => {
    const snapshot = new Snapshot();
    const contacts = directory(snapshot);
    const ready = contacts.activate(me);
    contacts.presenceChanged(bob, presence(true, 9));
    await snapshot.arrive([record(stance('added', 1), stance('added', 2), presence(false, 5))]);
    await ready;
    assert.deepEqual(contacts.takeMissed(me), [{ userId: bob, presence: presence(true, 9) }]);
    assert.deepEqual(contacts.takeMissed(me), []);
    contacts.onModuleDestroy();
  });

  it('names such a friend too when someone else here already watches them', async () => {
    const snapshot = new Snapshot();
    const contacts = directory(snapshot);
    const other = 'a1111111-1111-4111-8111-111111111111';
    const first = contacts.activate(other);
    await snapshot.arrive([record(stance('added', 1), stance('added', 2), presence(false, 5))]);
    await first;
    const ready = contacts.activate(me);
    assert.deepEqual([...contacts.presenceChanged(bob, presence(true, 9))], [other]);
    await snapshot.arrive([record(stance('added', 1), stance('added', 2), presence(false, 5))]);
    await ready;
    assert.deepEqual(contacts.takeMissed(me), [{ userId: bob, presence: presence(true, 9) }]);
    contacts.onModuleDestroy();
  });

  it('stops presence and tells the change when a friend removes or blocks', async () => {
    const snapshot = new Snapshot();
    const contacts = directory(snapshot);
    const ready = contacts.activate(me);
    await snapshot.arrive([record(stance('added', 1), stance('added', 2), presence(true, 3))]);
    await ready;
    const change = contacts.merge(me, record(null, stance('blocked', 4, { endedAt: at(4) })));
    assert.equal(change?.before?.relation, 'friend');
    assert.equal(change?.after, null, 'a blocker is not shown at all');
    assert.equal(contacts.presenceChanged(bob, presence(false, 11)).size, 0);
    assert.equal(await contacts.relation(me, bob), 'none');
    contacts.onModuleDestroy();
  });

  it('brings an ignored request back when its sender writes after it', async () => {
    const snapshot = new Snapshot();
    const contacts = directory(snapshot);
    const ready = contacts.activate(me);
    await snapshot.arrive([record(stance('ignored', 3, { throughSeq: 4 }), stance('added', 1))]);
    await ready;
    assert.equal(contacts.view(me, bob), null);
    assert.equal(contacts.noteSeq(me, bob, 4)?.after ?? null, null, 'nothing new yet');
    assert.equal(contacts.noteSeq(me, bob, 5)?.after?.relation, 'request');
    contacts.onModuleDestroy();
  });

  it('forgets a user whose last connection closed, and answers nothing for them', async () => {
    const snapshot = new Snapshot();
    const contacts = directory(snapshot);
    const ready = contacts.activate(me);
    await snapshot.arrive([record(stance('added', 1), stance('added', 2), presence(true, 3))]);
    await ready;
    contacts.forget(me);
    assert.equal(contacts.merge(me, record(stance('none', 5), null)), null);
    assert.equal(contacts.presenceChanged(bob, presence(false, 12)).size, 0);
    assert.deepEqual([...contacts.users()], []);
    contacts.onModuleDestroy();
  });
});

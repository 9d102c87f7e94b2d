import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PresenceTracker } from './presence-tracker';

const ann = '0b7e8a5c-1d2f-4a3b-9c4d-5e6f7a8b9c0d';
const ben = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';
const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const ms = (s: number) => Date.parse(t(s));

/** The changes without their revisions, which the last test checks on their own, and their starting counts. */
const plain = <T extends { presence: { rev: number }; before: unknown } | null>(change: T) => {
  if (!change) return change;
  const { rev: _rev, ...presence } = change.presence;
  const { before: _before, ...rest } = change;
  return { ...rest, presence };
};

describe('presence tracker', () => {
  it('flips a user online on the first gateway and offline when the last one lets go', () => {
    const tracker = new PresenceTracker();
    const first = tracker.reported({ userId: ann, gatewayId: 'a', online: true, at: t(1) }, ms(1));
    assert.deepEqual(plain(first), {
      flipped: true,
      presence: { userId: ann, online: true, gateways: ['a'], connections: { a: 1 }, lastSeen: t(1) },
    });
    assert.deepEqual(
      plain(tracker.reported({ userId: ann, gatewayId: 'b', online: true, at: t(2) }, ms(2))),
      {
        flipped: false,
        presence: {
          userId: ann,
          online: true,
          gateways: ['a', 'b'],
          connections: { a: 1, b: 1 },
          lastSeen: t(1),
        },
      },
    );
    assert.equal(
      tracker.reported({ userId: ann, gatewayId: 'a', online: false, at: t(3) }, ms(3))?.flipped,
      false,
    );
    assert.deepEqual(
      plain(tracker.reported({ userId: ann, gatewayId: 'b', online: false, at: t(4) }, ms(4))),
      {
        flipped: true,
        presence: { userId: ann, online: false, gateways: [], connections: {}, lastSeen: t(4) },
      },
    );
  });

  it("keeps each gateway's count of a user's connections, saying which counts a change started from", () => {
    const tracker = new PresenceTracker();
    tracker.reported({ userId: ann, gatewayId: 'a', online: true, connections: 3, at: t(1) }, ms(1));
    const more = tracker.reported(
      { userId: ann, gatewayId: 'b', online: true, connections: 2, at: t(2) },
      ms(2),
    )!;
    assert.deepEqual(
      [more.flipped, more.before, more.presence.connections],
      [false, { a: 3 }, { a: 3, b: 2 }],
    );
    const fewer = tracker.reported(
      { userId: ann, gatewayId: 'a', online: true, connections: 1, at: t(3) },
      ms(3),
    )!;
    assert.deepEqual(
      [fewer.flipped, fewer.before, fewer.presence.connections],
      [false, { a: 3, b: 2 }, { a: 1, b: 2 }],
    );
    assert.equal(fewer.presence.rev, more.presence.rev, 'a count alone keeps the revision');
    assert.equal(
      tracker.reported({ userId: ann, gatewayId: 'a', online: true, connections: 1, at: t(4) }, ms(4)),
      null,
      'the same count again changes nothing',
    );
    const gone = tracker.reported(
      { userId: ann, gatewayId: 'a', online: false, connections: 0, at: t(5) },
      ms(5),
    )!;
    assert.deepEqual([gone.flipped, gone.presence.connections], [false, { b: 2 }]);
  });

  it('reads a report without a count (version 2) as one connection or none', () => {
    const tracker = new PresenceTracker();
    tracker.reported({ userId: ann, gatewayId: 'a', online: true, connections: 2, at: t(1) }, ms(1));
    const old = tracker.reported({ userId: ann, gatewayId: 'b', online: true, at: t(2) }, ms(2))!;
    assert.deepEqual(old.presence.connections, { a: 2, b: 1 });
    const left = tracker.reported({ userId: ann, gatewayId: 'b', online: false, at: t(3) }, ms(3))!;
    assert.deepEqual(left.presence.connections, { a: 2 });
  });

  it('ignores a repeated report and an offline report from a gateway not holding the user', () => {
    const tracker = new PresenceTracker();
    tracker.reported({ userId: ann, gatewayId: 'a', online: true, at: t(1) }, ms(1));
    assert.equal(tracker.reported({ userId: ann, gatewayId: 'a', online: true, at: t(1) }, ms(1)), null);
    assert.equal(tracker.reported({ userId: ann, gatewayId: 'z', online: false, at: t(2) }, ms(2)), null);
    assert.equal(tracker.reported({ userId: ben, gatewayId: 'a', online: false, at: t(2) }, ms(2)), null);
  });

  it('forgets a gateway after 3 missed heartbeats, taking offline only those it alone held', () => {
    const tracker = new PresenceTracker();
    tracker.heartbeat({ gatewayId: 'dying', intervalMs: 1000 }, ms(0));
    tracker.heartbeat({ gatewayId: 'alive', intervalMs: 1000 }, ms(0));
    tracker.reported({ userId: ann, gatewayId: 'dying', online: true, at: t(0) }, ms(0));
    tracker.reported({ userId: ben, gatewayId: 'dying', online: true, at: t(0) }, ms(0));
    tracker.reported({ userId: ben, gatewayId: 'alive', online: true, at: t(0) }, ms(0));
    for (const s of [1, 2, 3]) {
      tracker.heartbeat({ gatewayId: 'alive', intervalMs: 1000 }, ms(s));
      assert.deepEqual(tracker.expire(ms(s)), []);
    }
    tracker.heartbeat({ gatewayId: 'alive', intervalMs: 1000 }, ms(4));
    const changes = tracker.expire(ms(4));
    assert.deepEqual(changes.map(plain), [
      {
        flipped: true,
        presence: { userId: ann, online: false, gateways: [], connections: {}, lastSeen: t(0) },
      },
      {
        flipped: false,
        presence: {
          userId: ben,
          online: true,
          gateways: ['alive'],
          connections: { alive: 1 },
          lastSeen: t(0),
        },
      },
    ]);
    assert.deepEqual(tracker.expire(ms(5)), []);
  });

  it('restores who is online and still expires their gateways if they never beat again', () => {
    const tracker = PresenceTracker.restore(
      [{ userId: ann, online: true, gateways: ['a'], connections: { a: 2 }, lastSeen: t(0), rev: 1 }],
      {},
      ms(0),
    );
    assert.equal(
      tracker.reported({ userId: ann, gatewayId: 'a', online: true, connections: 2, at: t(1) }, ms(1)),
      null,
    );
    assert.deepEqual(tracker.expire(ms(60)), []);
    const [change] = tracker.expire(ms(200));
    assert.deepEqual(plain(change!), {
      flipped: true,
      presence: { userId: ann, online: false, gateways: [], connections: {}, lastSeen: t(1) },
    });
  });

  it('counts silence only from the restore: after a broker outage no gateway could beat, so none is taken for dead at once', () => {
    // Both gateways were last heard 30 s ago, before the broker went down; only one has beaten since.
    const tracker = PresenceTracker.restore(
      [
        { userId: ann, online: true, gateways: ['a'], connections: { a: 1 }, lastSeen: t(0), rev: 1 },
        { userId: ben, online: true, gateways: ['b'], connections: { b: 1 }, lastSeen: t(0), rev: 2 },
      ],
      { a: { lastHeardMs: ms(0), intervalMs: 2000 }, b: { lastHeardMs: ms(0), intervalMs: 2000 } },
      ms(30),
    );
    tracker.heartbeat({ gatewayId: 'a', intervalMs: 2000 }, ms(30));
    assert.deepEqual(tracker.expire(ms(30)), []);
    tracker.heartbeat({ gatewayId: 'b', intervalMs: 2000 }, ms(31));
    assert.deepEqual(tracker.expire(ms(37)).map(plain), [
      {
        flipped: true,
        presence: { userId: ann, online: false, gateways: [], connections: {}, lastSeen: t(30) },
      },
    ]);
    assert.deepEqual(Object.keys(tracker.liveness()), ['b']);
  });

  it('expires, one grace after a failover, a gateway that died before it', () => {
    const tracker = PresenceTracker.restore(
      [
        {
          userId: ann,
          online: true,
          gateways: ['dead', 'alive'],
          connections: { dead: 1, alive: 1 },
          lastSeen: t(0),
          rev: 1,
        },
      ],
      { dead: { lastHeardMs: ms(0), intervalMs: 2000 }, alive: { lastHeardMs: ms(29), intervalMs: 2000 } },
      ms(30),
    );
    tracker.heartbeat({ gatewayId: 'alive', intervalMs: 2000 }, ms(32));
    assert.deepEqual(tracker.expire(ms(32)), []);
    tracker.heartbeat({ gatewayId: 'alive', intervalMs: 2000 }, ms(36));
    assert.deepEqual(tracker.expire(ms(37)).map(plain), [
      {
        flipped: false,
        presence: {
          userId: ann,
          online: true,
          gateways: ['alive'],
          connections: { alive: 1 },
          lastSeen: t(0),
        },
      },
    ]);
    assert.deepEqual(Object.keys(tracker.liveness()), ['alive']);
  });

  it('gives every flip a revision higher than any before, also after a restore', () => {
    const tracker = new PresenceTracker();
    const revs = [
      tracker.reported({ userId: ann, gatewayId: 'a', online: true, at: t(1) }, ms(1))!.presence.rev,
      tracker.reported({ userId: ben, gatewayId: 'a', online: true, at: t(1) }, ms(1))!.presence.rev,
      tracker.reported({ userId: ann, gatewayId: 'a', online: false, at: t(1) }, ms(1))!.presence.rev,
    ];
    assert.ok(revs[0]! < revs[1]! && revs[1]! < revs[2]!, `revisions ${revs.join(' ')}`);
    // A new holder whose clock is behind goes on from the stored last revision.
    const next = PresenceTracker.restore([], {}, ms(0), tracker.lastRev());
    const after = next.reported({ userId: ann, gatewayId: 'a', online: true, at: t(0) }, ms(0))!;
    assert.ok(after.presence.rev > revs[2]!);
  });
});

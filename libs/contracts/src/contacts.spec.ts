import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Stance, StanceState, laterStance, relationOf, relationSince } from './contacts';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const stance = (state: StanceState, s: number, extra: Partial<Stance> = {}): Stance => ({
  state,
  at: at(s),
  ...extra,
});

/** Both views of a pair: [how A sees B, how B sees A]. */
const views = (a: Stance | null, b: Stance | null, lastSeq?: number) => [
  relationOf(a, b, lastSeq),
  relationOf(b, a, lastSeq),
];

describe('relations from two stances', () => {
  it('a one-sided add is a request to the other; both adds make friends', () => {
    assert.deepEqual(views(null, null), ['none', 'none']);
    assert.deepEqual(views(stance('added', 1), null), ['added', 'request']);
    assert.deepEqual(views(stance('added', 1), stance('added', 2)), ['friend', 'friend']);
  });

  it('a removal ends it both ways, and an add from before it no longer counts', () => {
    const bAdded = stance('added', 1);
    const aRemoved = stance('none', 3, { endedAt: at(3) });
    assert.deepEqual(views(aRemoved, bAdded), ['none', 'none']);
    // A changes their mind: B sees a request, not a friendship B never renewed.
    const aAgain = stance('added', 5, { endedAt: at(3) });
    assert.deepEqual(views(aAgain, bAdded), ['added', 'request']);
    // B adds again after the removal: friends.
    assert.deepEqual(views(aAgain, stance('added', 6)), ['friend', 'friend']);
  });

  it('a block hides the blocker from the blocked, and unblocking restores nothing', () => {
    const bAdded = stance('added', 1);
    const aBlocked = stance('blocked', 2, { endedAt: at(2) });
    assert.deepEqual(views(aBlocked, bAdded), ['blocked', 'none']);
    // B adding again while blocked changes nothing.
    assert.deepEqual(views(aBlocked, stance('added', 3)), ['blocked', 'none']);
    const aUnblocked = stance('none', 4, { endedAt: at(4) });
    assert.deepEqual(views(aUnblocked, stance('added', 3)), ['none', 'none']);
    assert.deepEqual(views(aUnblocked, stance('added', 5)), ['request', 'added']);
  });

  it('an ignored request stays hidden until its sender writes after it', () => {
    const bAdded = stance('added', 1);
    const aIgnored = stance('ignored', 2, { throughSeq: 4 });
    assert.deepEqual(views(aIgnored, bAdded), ['ignored', 'added']);
    assert.deepEqual(views(aIgnored, bAdded, 4), ['ignored', 'added']);
    assert.deepEqual(views(aIgnored, bAdded, 5), ['request', 'added']);
    // A new add (after a removal by B) is a new request: the old ignore does not cover it.
    assert.deepEqual(views(aIgnored, stance('added', 3)), ['request', 'added']);
  });

  it('says since when: their add for a request, the later add for friends', () => {
    const a = stance('added', 1);
    const b = stance('added', 2);
    assert.equal(relationSince('request', null, a), at(1));
    assert.equal(relationSince('friend', a, b), at(2));
    assert.equal(relationSince('friend', b, a), at(2));
    assert.equal(relationSince('added', a, null), at(1));
  });

  it('of two copies of a stance keeps the later', () => {
    const older = stance('added', 1);
    const newer = stance('blocked', 2);
    assert.equal(laterStance(older, newer), newer);
    assert.equal(laterStance(newer, older), newer);
    assert.equal(laterStance(null, older), older);
    assert.equal(laterStance(older, null), older);
  });
});

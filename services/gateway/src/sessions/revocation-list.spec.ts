import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SessionRevocation } from '@parley/contracts';
import { RevocationList } from './revocation-list';

const ann = '0b7e8a5c-1d2f-4a3b-9c4d-5e6f7a8b9c0d';
const ben = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';
const phone = '11111111-1111-4111-8111-111111111111';
const laptop = '22222222-2222-4222-8222-222222222222';
const T = Date.parse('2026-12-01T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

const session = (sessionId: string, begunAt: number, userId = ann) => ({ userId, sessionId, begunAt });
const revocation = (overrides: Partial<SessionRevocation>): SessionRevocation => ({
  userId: ann,
  sessionIds: [],
  begunBefore: null,
  except: null,
  reason: 'logged out',
  until: iso(T + 60_000),
  ...overrides,
});

describe('RevocationList', () => {
  it('ends the sessions it names, of their user only, until its time is up', () => {
    const list = new RevocationList();
    assert.equal(list.add(revocation({ sessionIds: [phone] }), T), true);
    assert.equal(list.endReason(session(phone, T - 1000), T), 'logged out');
    assert.equal(list.endReason(session(laptop, T - 1000), T), null, 'another session of the user');
    assert.equal(list.endReason(session(phone, T - 1000, ben), T), null, 'another user');
    assert.equal(list.endReason(session(phone, T - 1000), T + 60_000), null, 'over once its tokens expired');
  });

  it('ends every session begun before a cutoff except the one it keeps, and none begun after it', () => {
    const list = new RevocationList();
    list.add(revocation({ begunBefore: iso(T), except: laptop, reason: 'password changed' }), T);
    assert.equal(list.endReason(session(phone, T - 1), T), 'password changed');
    assert.equal(list.endReason(session(laptop, T - 1), T), null, 'the session that changed the password');
    assert.equal(list.endReason(session(phone, T), T), null, 'a login after the change');
  });

  it('holds a revocation once however often it comes, and nothing already over', () => {
    const list = new RevocationList();
    const one = revocation({ sessionIds: [phone] });
    assert.equal(list.add(one, T), true);
    assert.equal(list.add({ ...one, sessionIds: [phone] }, T), false);
    assert.equal(list.add(revocation({ sessionIds: [laptop], until: iso(T) }), T), false);
    assert.equal(list.size, 1);
  });

  it('forgets what is over when pruned', () => {
    const list = new RevocationList();
    list.add(revocation({ sessionIds: [phone] }), T);
    list.add(revocation({ sessionIds: [laptop], until: iso(T + 120_000) }), T);
    list.add(revocation({ userId: ben, sessionIds: [phone] }), T);
    list.prune(T + 90_000);
    assert.equal(list.size, 1);
    assert.equal(list.endReason(session(laptop, T), T + 90_000), 'logged out');
  });
});

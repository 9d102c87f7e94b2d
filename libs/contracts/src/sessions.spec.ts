import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  SESSION_CLOSE_REASONS,
  SessionEndReason,
  TOKEN_EXPIRED_CLOSE_REASON,
  isCutOff,
  revokes,
  sessionEnded,
} from './sessions';

const userId = '0b7e8a5c-1d2f-4a3b-9c4d-5e6f7a8b9c0d';
const kept = '11111111-1111-4111-8111-111111111111';
const other = '22222222-2222-4222-8222-222222222222';

describe('sessions', () => {
  it('a cutoff ends sessions begun strictly before it, except the one it keeps', () => {
    const cutoff = { before: 1000, except: kept };
    assert.equal(isCutOff(cutoff, { userId, sessionId: other, begunAt: 999 }), true);
    assert.equal(isCutOff(cutoff, { userId, sessionId: other, begunAt: 1000 }), false);
    assert.equal(isCutOff(cutoff, { userId, sessionId: kept, begunAt: 1 }), false);
  });

  it('a revocation names sessions, or a cutoff, of one user', () => {
    const base = { userId, except: null, reason: 'logged out' as const, until: '2026-12-01T10:00:00.000Z' };
    const named = { ...base, sessionIds: [other], begunBefore: null };
    assert.equal(revokes(named, { userId, sessionId: other, begunAt: 0 }), true);
    assert.equal(revokes(named, { userId, sessionId: kept, begunAt: 0 }), false);
    const everywhere = { ...base, sessionIds: [], begunBefore: '2026-12-01T09:00:00.000Z' };
    const begunAt = Date.parse('2026-12-01T08:59:59.999Z');
    assert.equal(revokes(everywhere, { userId, sessionId: kept, begunAt }), true);
    assert.equal(revokes(everywhere, { userId: kept, sessionId: kept, begunAt }), false, 'another user');
  });

  it('says why, in close reasons that fit a close frame and errors that carry the reason', () => {
    for (const reason of SessionEndReason.options) {
      assert.ok(Buffer.byteLength(SESSION_CLOSE_REASONS[reason]) <= 123, reason);
      const error = sessionEnded(reason);
      assert.equal(error.code, 'SESSION_ENDED');
      assert.equal(error.details.reason, reason);
      assert.match(error.message, /^the session ended: /);
    }
    assert.ok(Buffer.byteLength(TOKEN_EXPIRED_CLOSE_REASON) <= 123);
  });
});

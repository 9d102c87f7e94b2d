import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParleyError } from '@parley/contracts';
import { LoginThrottle } from './login-throttle';

describe('login throttle', () => {
  it('allows 5 attempts a minute per username, then states the wait until the oldest leaves the window', () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle(5, 60_000, () => now);
    for (let i = 0; i < 5; i++) {
      throttle.begin('ann');
      now += 1000;
    }
    assert.throws(
      () => throttle.begin('ann'),
      (error: unknown) => {
        assert.ok(error instanceof ParleyError);
        assert.equal(error.code, 'TOO_MANY_ATTEMPTS');
        assert.equal(error.details.retryAfterMs, 55_000);
        assert.match(error.message, /try again in 55 s/);
        return true;
      },
    );
    throttle.begin('ben');
    now += 55_000;
    throttle.begin('ann');
  });

  it('starts afresh after a successful login', () => {
    const throttle = new LoginThrottle(2, 60_000, () => 0);
    throttle.begin('ann');
    throttle.begin('ann');
    throttle.succeeded('ann');
    throttle.begin('ann');
  });
});

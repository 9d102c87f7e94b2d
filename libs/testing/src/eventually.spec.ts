import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WaitTimedOut, eventually, waitUntil } from './eventually';

describe('waitUntil', () => {
  it('resolves with the first answer that is not undefined, null or false', async () => {
    const answers = [undefined, null, false, 0, 7];
    assert.equal(await waitUntil(() => answers.shift(), { everyMs: 1 }), 0);
  });

  it('says what was awaited, for how long, and the details as they stand when the time runs out', async () => {
    let looks = 0;
    await assert.rejects(
      waitUntil(() => (looks++, false), {
        timeoutMs: 30,
        everyMs: 5,
        what: 'the door to open',
        details: () => `looked ${looks} times`,
      }),
      (error: Error) => {
        assert.ok(error instanceof WaitTimedOut);
        assert.equal(
          error.message,
          `timed out after 30 ms waiting for the door to open\nlooked ${looks} times`,
        );
        return true;
      },
    );
    assert.ok(looks > 1);
  });

  it('passes on what the condition throws, at once', async () => {
    const failure = new Error('the process exited');
    await assert.rejects(
      waitUntil(() => {
        throw failure;
      }),
      failure,
    );
  });

  it('looks again as soon as it is woken, without waiting out the pause', { timeout: 10_000 }, async () => {
    let wake = () => {};
    let open = false;
    let subscribed = 0;
    const waiting = waitUntil(() => open, {
      timeoutMs: Infinity,
      everyMs: 3_600_000,
      wake: (callback) => {
        subscribed++;
        wake = callback;
        return () => (wake = () => {});
      },
    });
    await new Promise((resolve) => setImmediate(resolve));
    open = true;
    wake();
    assert.equal(await waiting, true);
    assert.equal(subscribed, 1);
  });
});

describe('eventually', () => {
  it('returns the accepted answer', async () => {
    let n = 0;
    assert.equal(
      await eventually(
        async () => ++n,
        (v) => v === 3,
        10_000,
        1,
      ),
      3,
    );
  });

  it('returns the last answer when none was accepted in time', async () => {
    let n = 0;
    const last = await eventually(
      async () => ++n,
      () => false,
      20,
      1,
    );
    assert.equal(last, n);
  });
});

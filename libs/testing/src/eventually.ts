import { sleep } from '@parley/async';

/**
 * Resolves after `ms`: for pacing a test's own steps. To wait for state, use `waitUntil`. It keeps
 * the process alive, since the test runner fails a test whose event loop runs empty.
 */
export const pause = (ms: number) => sleep(ms, { unref: false });

/** What a condition answers while it does not hold yet. */
type Unmet = undefined | null | false;

export interface WaitOptions {
  /** How long to keep looking before giving up (10 s); Infinity waits as long as it takes. */
  timeoutMs?: number;
  /** What is awaited, for the error when the time runs out: "the connection to close". */
  what?: string;
  /** Added to that error as things stand then: the last events, log lines or screen. */
  details?: () => string;
  /** The time between two looks at the condition (100 ms). */
  everyMs?: number;
  /** Subscribes a callback that cuts the time between two looks short; returns how to unsubscribe it. */
  wake?: (wake: () => void) => () => void;
}

/** The error of a `waitUntil` whose time ran out. */
export class WaitTimedOut extends Error {}

/**
 * Looks at `condition` until it answers something other than undefined, null or false, and
 * resolves with that answer; throws a `WaitTimedOut` naming `what` once `timeoutMs` passed, and
 * whatever the condition throws at once. For state that another process updates asynchronously,
 * never for timing claims.
 */
export async function waitUntil<T>(
  condition: () => T | Unmet | Promise<T | Unmet>,
  options: WaitOptions = {},
): Promise<T> {
  const { timeoutMs = 10_000, what = 'the condition', details, everyMs = 100, wake } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) {
      const more = details ? `\n${details()}` : '';
      throw new WaitTimedOut(`timed out after ${timeoutMs} ms waiting for ${what}${more}`);
    }
    await (wake ? pauseOrWake(everyMs, wake) : pause(everyMs));
  }
}

/**
 * Asks `probe` until `accept` holds or the time is up, then returns the last answer, accepted or
 * not: for callers that judge the answer themselves.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 10_000,
  everyMs = 100,
): Promise<T> {
  let last!: T;
  try {
    await waitUntil(async () => accept((last = await probe())), { timeoutMs, everyMs });
  } catch (error) {
    if (!(error instanceof WaitTimedOut)) throw error;
  }
  return last;
}

function pauseOrWake(ms: number, wake: (wake: () => void) => () => void): Promise<void> {
  return new Promise((resolve) => {
    let unsubscribe = () => {};
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, ms);
    unsubscribe = wake(done);
  });
}

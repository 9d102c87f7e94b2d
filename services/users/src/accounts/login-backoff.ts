/** How many failed logins a key may have before it must wait, and how the wait grows beyond them. */
export interface Backoff {
  free: number;
  baseMs: number;
  maxMs: number;
}

/** The failed logins counted against one key, and when the last of them began. */
export interface FailureCount {
  failures: number;
  lastFailureAt: number;
}

/**
 * How long after its last failure a key with `failures` must wait before its next attempt: not at
 * all within its free failures, then the base, doubling with each failure beyond, up to the maximum.
 */
export function waitAfter(failures: number, backoff: Backoff): number {
  if (failures < backoff.free) return 0;
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** (failures - backoff.free));
}

/** How long from `now` the next attempt of a key must still wait; 0 when it may go ahead. */
export function retryAfterMs(count: FailureCount | null, now: number, backoff: Backoff): number {
  if (!count) return 0;
  return Math.max(0, count.lastFailureAt + waitAfter(count.failures, backoff) - now);
}

import { ParleyError } from '@parley/contracts';
import { PerKeyQueue } from '../shared/per-key-queue';
import { Backoff, retryAfterMs } from './login-backoff';
import { LoginFailuresRepository } from './login-failures.repository';
import { ThrottleKeys, throttleKeys } from './login-throttle-keys';

export interface LoginLimits {
  /** For one username from one client. */
  perName: Backoff;
  /** For one client, whatever the usernames. */
  perClient: Backoff;
}

/** Failed logins are forgotten this long after the last of them. */
export const FORGET_AFTER_MS = 24 * 3_600_000;

/** 5 failures free per username and client, 50 per client; then `baseMs`, doubling, up to 30 times it. */
export function loginLimits(baseMs: number): LoginLimits {
  const maxMs = 30 * baseMs;
  return { perName: { free: 5, baseMs, maxMs }, perClient: { free: 50, baseMs, maxMs } };
}

/**
 * Limits password checks by the failures of one username from one client and of one client
 * altogether, so that failures from elsewhere never lock out the owner's own client. An attempt
 * counts as a failure from the moment it begins, so a burst of concurrent guesses cannot all pass
 * the check before the first has failed; one that succeeds clears its username's count and is taken
 * back from its client's. Within a process the check and count of one client run one at a time
 * (FerretDB's updates are not atomic); across instances the bound is stated in docs/protocol.md.
 */
export class LoginThrottle {
  private readonly perClient = new PerKeyQueue();

  constructor(
    private readonly failures: LoginFailuresRepository,
    private readonly limits: LoginLimits,
  ) {}

  /**
   * Runs `check` (a password check: its answer, or null for wrong credentials) as one attempt of
   * `username` from `address`, or refuses with TOO_MANY_ATTEMPTS before running it. `username` is
   * null for a name that cannot exist, which is counted against the client only. A check that
   * throws stays counted as a failure.
   */
  async guard<T>(
    username: string | null,
    address: string,
    check: () => Promise<T | null>,
  ): Promise<T | null> {
    const keys = throttleKeys(username, address);
    await this.perClient.run(keys.client, () => this.begin(keys));
    const answer = await check();
    if (answer !== null) await this.perClient.run(keys.client, () => this.succeeded(keys));
    return answer;
  }

  private async begin(keys: ThrottleKeys): Promise<void> {
    const now = Date.now();
    const [name, client] = await Promise.all([
      keys.name === null ? null : this.failures.find(keys.name, now),
      this.failures.find(keys.client, now),
    ]);
    const nameWait = retryAfterMs(name, now, this.limits.perName);
    const clientWait = retryAfterMs(client, now, this.limits.perClient);
    if (nameWait > 0 || clientWait > 0)
      throw tooManyAttempts(nameWait >= clientWait, Math.max(nameWait, clientWait));
    await Promise.all([
      keys.name === null ? null : this.failures.add(keys.name, now, name === null),
      this.failures.add(keys.client, now, client === null),
    ]);
  }

  private async succeeded(keys: ThrottleKeys): Promise<void> {
    await Promise.all([
      keys.name === null ? null : this.failures.clear(keys.name),
      this.failures.takeBack(keys.client),
    ]);
  }
}

function tooManyAttempts(byName: boolean, retryAfterMs: number): ParleyError {
  const seconds = Math.ceil(retryAfterMs / 1000);
  const what = byName ? 'for this username from your address' : 'from your address';
  return new ParleyError('TOO_MANY_ATTEMPTS', `too many failed logins ${what}; try again in ${seconds} s`, {
    ...(byName ? { field: 'username' } : {}),
    reason: byName ? 'username and address' : 'address',
    retryAfterMs,
  });
}

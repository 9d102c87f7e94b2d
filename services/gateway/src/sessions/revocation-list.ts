import { SessionEndReason, SessionRef, SessionRevocation, revokes } from '@parley/contracts';

/**
 * The revocations a gateway holds, by user, each until its `until`: after it, no access token of
 * the sessions it names is still valid, so there is nothing left to refuse. Small: what ended
 * within the last access-token lifetime.
 */
export class RevocationList {
  private readonly byUser = new Map<string, SessionRevocation[]>();

  /** False for one already held or already over. */
  add(revocation: SessionRevocation, now: number): boolean {
    if (Date.parse(revocation.until) <= now) return false;
    const held = this.byUser.get(revocation.userId) ?? [];
    if (held.some((r) => keyOf(r) === keyOf(revocation))) return false;
    held.push(revocation);
    this.byUser.set(revocation.userId, held);
    return true;
  }

  /** Why the session ended, or null while it lives. */
  endReason(session: SessionRef, now: number): SessionEndReason | null {
    const found = this.byUser
      .get(session.userId)
      ?.find((r) => Date.parse(r.until) > now && revokes(r, session));
    return found?.reason ?? null;
  }

  prune(now: number): void {
    for (const [userId, held] of this.byUser) {
      const live = held.filter((r) => Date.parse(r.until) > now);
      if (live.length === 0) this.byUser.delete(userId);
      else this.byUser.set(userId, live);
    }
  }

  get size(): number {
    let count = 0;
    for (const held of this.byUser.values()) count += held.length;
    return count;
  }
}

/** The same revocation comes twice to a gateway that starts (its event, and the list it loads). */
const keyOf = (r: SessionRevocation) =>
  [r.sessionIds.join(','), r.begunBefore, r.except, r.reason, r.until].join('|');

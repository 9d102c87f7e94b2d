import { z } from 'zod';
import { Seq, Timestamp } from './primitives';

/**
 * Who may reach whom. Each person decides only their own stance towards another; the relation
 * both of them see is derived from the two stances by `relationOf`, here, for every service that
 * needs it. A stance is written only by its owner's requests, so two people acting on each other
 * at once never overwrite one another, and copies of a stance (in the users service's documents,
 * in the gateways' memory) converge by keeping the one taken last (`at`).
 */
export const StanceState = z.enum([
  /** I added them: I may message them; until they add me back, they see a request. */
  'added',
  /** They added me and I set the request aside: hidden until they write again. */
  'ignored',
  /** They cannot reach me: no messages, no request, no presence, no receipts. */
  'blocked',
  /** Nothing, or no longer: I removed them, unblocked them, or never added them. */
  'none',
]);
export type StanceState = z.infer<typeof StanceState>;

export const Stance = z.object({
  state: StanceState,
  /** When the owner took this stance; strictly increasing for one owner towards one person. */
  at: Timestamp,
  /**
   * When the owner last ended the relation (removed or blocked them, or unblocked them): an add of
   * theirs from before it no longer counts, so they have to add again, and the owner sees a request.
   */
  endedAt: Timestamp.optional(),
  /** For `ignored`: the conversation's last seq then. A message after it brings the request back. */
  throughSeq: Seq.optional(),
});
export type Stance = z.infer<typeof Stance>;

/** What a person sees of another; `ignored` and `none` are never shown to them. */
export type Relation = 'friend' | 'added' | 'request' | 'ignored' | 'blocked' | 'none';

/** The relations a client is shown. */
export const VisibleRelation = z.enum([
  /** Both added each other: messages, presence, delivered and read receipts. */
  'friend',
  /** I added them and they have not added me back: I may message them; they see a request. */
  'added',
  /** They added me (and may have written): I may read, accept (add back), ignore or block. */
  'request',
  /** I blocked them. */
  'blocked',
]);
export type VisibleRelation = z.infer<typeof VisibleRelation>;

const time = (t: string | undefined) => (t === undefined ? -Infinity : Date.parse(t));

/** An add counts unless the other blocked its owner or ended the relation after it was made. */
function addCounts(add: Stance | null, other: Stance | null): boolean {
  if (add?.state !== 'added') return false;
  if (other?.state === 'blocked') return false;
  return time(add.at) > time(other?.endedAt);
}

/**
 * How `mine`'s owner sees the other person. `lastSeq`, the conversation's newest seq where known,
 * brings an ignored request back once the other wrote after it was ignored.
 */
export function relationOf(mine: Stance | null, theirs: Stance | null, lastSeq?: number): Relation {
  if (mine?.state === 'blocked') return 'blocked';
  if (theirs?.state === 'blocked') return 'none';
  const iAdded = addCounts(mine, theirs);
  const theyAdded = addCounts(theirs, mine);
  if (iAdded && theyAdded) return 'friend';
  if (iAdded) return 'added';
  if (!theyAdded) return 'none';
  const ignoredThis = mine?.state === 'ignored' && time(mine.at) > time(theirs?.at);
  const wroteSince = lastSeq !== undefined && lastSeq > (mine?.throughSeq ?? 0);
  return ignoredThis && !wroteSince ? 'ignored' : 'request';
}

/** When the relation as seen began: their add for a request, the later add for friends, else my stance. */
export function relationSince(relation: Relation, mine: Stance | null, theirs: Stance | null): string {
  const at =
    relation === 'request'
      ? theirs?.at
      : relation === 'friend' && time(theirs?.at) > time(mine?.at)
        ? theirs?.at
        : mine?.at;
  return at ?? new Date(0).toISOString();
}

/** May `mine`'s owner send a message to the other? */
export const maySend = (relation: Relation): boolean => relation === 'friend' || relation === 'added';

/** Does the other person see the owner's presence, and read receipts, and the owner theirs? */
export const sharesPresence = (relation: Relation): boolean => relation === 'friend';

/** Does the owner see the delivered receipts of the other person? */
export const seesDelivered = (relation: Relation): boolean => relation === 'friend' || relation === 'added';

/** Of two copies of one stance, the one taken last. */
export function laterStance(a: Stance | null, b: Stance | null): Stance | null {
  if (!a) return b;
  if (!b) return a;
  return time(b.at) > time(a.at) ? b : a;
}

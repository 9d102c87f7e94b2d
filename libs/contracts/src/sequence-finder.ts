/**
 * Finds the last sequence number of a conversation's message log from point lookups alone: seqs
 * are gap-free, so "message n exists" holds exactly for 1..last. Starting from a seq known to
 * exist (or 0), doubling then bisecting finds last in about 2·log2(last - known) lookups, without
 * any query FerretDB would answer with a scan.
 */
export async function findLastSeq(exists: (seq: number) => Promise<boolean>, known = 0): Promise<number> {
  if (!(await exists(known + 1))) return known;
  let low = known + 1;
  let step = 1;
  while (await exists(low + step)) {
    low += step;
    step *= 2;
  }
  let high = low + step;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (await exists(mid)) low = mid;
    else high = mid;
  }
  return low;
}

/**
 * Finds the last sequence number of a conversation from point lookups alone: since seqs are
 * gap-free, "message n exists" holds exactly for 1..last, so doubling then bisecting finds last
 * in about 2·log2(last) lookups, without any query FerretDB would answer with a scan.
 */
export async function findLastSeq(exists: (seq: number) => Promise<boolean>): Promise<number> {
  if (!(await exists(1))) return 0;
  let low = 1;
  let high = 2;
  while (await exists(high)) {
    low = high;
    high *= 2;
  }
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (await exists(mid)) low = mid;
    else high = mid;
  }
  return low;
}

import { BenchClient } from './bench-client';
import { Ledger } from './ledger';
import { Pair } from './population';

/** Both directions of every pair: each user sends to its friend. */
export function senders(pairs: Pair[]): [BenchClient, BenchClient][] {
  return pairs.flatMap(({ a, b }): [BenchClient, BenchClient][] => [
    [a, b],
    [b, a],
  ]);
}

/**
 * Peak throughput: every sender keeps `inflight` messages outstanding until it has sent
 * `perSender`; a message is outstanding until acked, or with `window` 'delivered' until its
 * recipient has it.
 */
export async function closedLoop(
  ledger: Ledger,
  pairs: Pair[],
  perSender: number,
  inflight: number,
  window: 'ack' | 'delivered',
  text: string,
): Promise<void> {
  await Promise.all(
    senders(pairs).map(async ([from, to]) => {
      let next = 0;
      const lane = async () => {
        while (next < perSender) await ledger.send(from, to, next++, text, performance.now(), window);
      };
      await Promise.all(Array.from({ length: Math.min(inflight, perSender) }, lane));
    }),
  );
}

/**
 * A fixed schedule of `total` messages at `rate` per second over all senders in turn. Each message
 * is due at t0 + k/rate whatever happened before, and its latency counts from then: a system that
 * falls behind shows it in the figures instead of slowing the generator down.
 */
export async function openLoop(
  ledger: Ledger,
  pairs: Pair[],
  rate: number,
  total: number,
  text: string,
): Promise<void> {
  const lanes = senders(pairs);
  const counts = new Map<BenchClient, number>();
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  const due = (k: number) => t0 + (k * 1000) / rate;
  let k = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      for (const now = performance.now(); k < total && due(k) <= now; k++) {
        const [from, to] = lanes[k % lanes.length]!;
        const n = counts.get(from) ?? 0;
        counts.set(from, n + 1);
        pending.push(ledger.send(from, to, n, text, due(k)));
      }
      if (k >= total) return done();
      setTimeout(tick, Math.max(0, due(k) - performance.now()));
    };
    tick();
  });
  await Promise.all(pending);
}

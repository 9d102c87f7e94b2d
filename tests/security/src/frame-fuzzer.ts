import { wsRequests } from '@parley/contracts';

/** A small seeded PRNG (mulberry32), so a failing fuzz run can be replayed from its seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = Object.keys(wsRequests);
const HOSTILE_VALUES: unknown[] = [
  { $gt: '' },
  { $ne: null },
  { $where: 'sleep(1000)' },
  '__proto__',
  { __proto__: { polluted: true } },
  { constructor: { prototype: { polluted: true } } },
  1e308,
  -1,
  2 ** 53 + 1,
  Number.MAX_SAFE_INTEGER,
  '',
  ' ',
  '\u0000',
  '\ud800',
  'a.b',
  '$set',
  'x'.repeat(5000),
  [],
  [[[[[]]]]],
  null,
  true,
  {},
];

export type FuzzFrame =
  { kind: 'text'; text: string } | { kind: 'binary'; data: Buffer } | { kind: 'invalid-utf8'; data: Buffer };

/** Random and mutated frames: valid shapes with hostile values, broken JSON, deep nesting, binary. */
export function fuzzFrame(next: () => number, peerIds: string[]): FuzzFrame {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const roll = next();
  if (roll < 0.05)
    return {
      kind: 'binary',
      data: Buffer.from(Array.from({ length: 1 + Math.floor(next() * 64) }, () => Math.floor(next() * 256))),
    };
  if (roll < 0.08) return { kind: 'invalid-utf8', data: Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d]) };
  if (roll < 0.15) return { kind: 'text', text: JSON.stringify(deep(200 + Math.floor(next() * 2000))) };
  if (roll < 0.22) {
    const valid = JSON.stringify({
      id: 'x',
      type: pick(TYPES),
      params: { to: pick(peerIds), text: 'hi', clientMsgId: 'c' },
    });
    const cut = Math.floor(next() * valid.length);
    return {
      kind: 'text',
      text: valid.slice(0, cut) + pick(['', '}', '"', '\\', ',,', 'null']) + valid.slice(cut + 1),
    };
  }
  const params: Record<string, unknown> = {
    clientMsgId: next() < 0.5 ? `f${Math.floor(next() * 1e6)}` : pick(HOSTILE_VALUES),
    to: next() < 0.5 ? pick(peerIds) : pick(HOSTILE_VALUES),
    peer: next() < 0.5 ? pick(peerIds) : pick(HOSTILE_VALUES),
    text: next() < 0.5 ? 'fuzz' : pick(HOSTILE_VALUES),
    kind: pick(['read', 'delivered', ...HOSTILE_VALUES]),
    upToSeq: pick([1, 2, ...HOSTILE_VALUES]),
    username: pick(['someone', ...HOSTILE_VALUES]),
    query: pick(['a', ...HOSTILE_VALUES]),
    beforeSeq: pick([5, ...HOSTILE_VALUES]),
    from: pick(peerIds),
  };
  const frame: Record<string, unknown> = {
    id: next() < 0.8 ? `f${Math.floor(next() * 1e9)}` : pick(HOSTILE_VALUES),
    type: next() < 0.8 ? pick(TYPES) : pick(HOSTILE_VALUES),
    params: next() < 0.9 ? params : pick(HOSTILE_VALUES),
  };
  let text = JSON.stringify(frame);
  if (next() < 0.2) text = text.replace('"params"', '"__proto__"');
  return { kind: 'text', text };
}

function deep(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

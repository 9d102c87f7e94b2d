import { TestSystem, pause } from '@parley/testing';

/** Ready plus unacknowledged messages of each queue in the system's vhost, from the management API. */
export async function queueDepths(system: TestSystem): Promise<Map<string, number>> {
  const management = new URL(process.env.RABBITMQ_MANAGEMENT_URL ?? '');
  const auth =
    'Basic ' +
    Buffer.from(
      `${decodeURIComponent(management.username)}:${decodeURIComponent(management.password)}`,
    ).toString('base64');
  const response = await fetch(
    `${management.origin}/api/queues/${encodeURIComponent(system.ns.name)}?columns=name,messages`,
    {
      headers: { authorization: auth },
    },
  );
  if (!response.ok) throw new Error(`RabbitMQ management: ${response.status}`);
  const queues = (await response.json()) as { name: string; messages?: number }[];
  return new Map(queues.map((q) => [q.name, q.messages ?? 0]));
}

/** Messages waiting in the queues whose names start with one of `prefixes`. */
export async function backlog(system: TestSystem, ...prefixes: string[]): Promise<number> {
  let total = 0;
  for (const [name, messages] of await queueDepths(system))
    if (prefixes.some((p) => name.startsWith(p))) total += messages;
  return total;
}

/** The queues a message passes through after its ack, until history has applied it. */
export const MESSAGE_PIPELINE = ['store.messages', 'history.events'];

/**
 * Waits until store and history have worked through their queues, up to `timeoutMs`; returns the
 * backlog found first. The management API refreshes its figures every few seconds, so an empty
 * reading is only believed when the next one, a refresh later, agrees.
 */
export async function waitDrained(
  system: TestSystem,
  timeoutMs: number,
): Promise<{ initial: number; seconds: number; left: number }> {
  const started = performance.now();
  const initial = await backlog(system, ...MESSAGE_PIPELINE);
  let left = initial;
  let emptyReadings = left === 0 ? 1 : 0;
  while (emptyReadings < 2 && performance.now() - started < timeoutMs) {
    await pause(emptyReadings ? 5500 : 1000);
    left = await backlog(system, ...MESSAGE_PIPELINE);
    emptyReadings = left === 0 ? emptyReadings + 1 : 0;
  }
  return { initial, seconds: (performance.now() - started) / 1000, left };
}

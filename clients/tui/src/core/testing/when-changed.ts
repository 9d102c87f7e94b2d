import type { ParleyClient } from '../client';

/** Resolves once `predicate` holds, checked after every change the client announces; for tests driving a client headless. */
export function whenChanged(
  client: ParleyClient,
  what: string,
  predicate: () => boolean,
  timeoutMs = 4000,
): Promise<void> {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const off = client.events.on('change', () => {
      if (!predicate()) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

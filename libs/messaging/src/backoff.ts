/** Exponential back-off with full jitter, capped: 250 ms, 500 ms, 1 s … up to `maxMs`. */
export function backoffDelay(attempt: number, baseMs = 250, maxMs = 10_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** The host part of a URL without credentials, for messages that must never print a password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Resolves after `ms`. By default the timer does not keep the process alive, so a retry loop's wait
 * never holds up a process that is shutting down; `{ unref: false }` is for callers that must be
 * kept alive while they wait (a test runner ends a test whose event loop ran empty).
 */
export const sleep = (ms: number, { unref = true }: { unref?: boolean } = {}) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (unref) timer.unref();
  });

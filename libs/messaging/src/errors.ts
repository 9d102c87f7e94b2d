import { ParleyError } from '@parley/contracts';

/**
 * Failures of infrastructure (database or broker unreachable, timed out) that say nothing about
 * the message itself: the consumer keeps the message and retries, instead of spending its
 * bounded redeliveries and dead-lettering a good message during an outage.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof ParleyError) return error.code === 'UNAVAILABLE';
  if (!(error instanceof Error)) return false;
  const name = error.name ?? '';
  if (/^Mongo(Network|ServerSelection|NotConnected|TopologyClosed|PoolCleared)/.test(name)) return true;
  if (/^MongooseServerSelectionError$/.test(name)) return true;
  // A write on a connection the database has just closed (it is stopping) reaches the caller as
  // the socket's own EPIPE, not wrapped as a MongoNetworkError.
  if ((error as NodeJS.ErrnoException).code === 'EPIPE') return true;
  return /buffering timed out|connection .* closed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|Channel closed/i.test(
    error.message,
  );
}

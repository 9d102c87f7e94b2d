import mongoose, { Connection, Model } from 'mongoose';
import { backoffDelay, sleep } from '@parley/async';
import { redactUrl } from '@parley/messaging';
import { HealthProbe, Logger } from '@parley/platform';
import { guardDriverWrites } from './driver-write-guard';

/**
 * The service's MongoDB connection. Models are registered on it before it opens; it opens in the
 * background, retrying with back-off and saying what it cannot reach, so the service stays up and
 * its health check tells the truth instead of the process crash-looping.
 */
export class Database {
  readonly connection: Connection;
  private opened: Promise<void> | null = null;
  private closing = false;
  private lastError = 'not connected yet';
  private readonly indexes: { collection: string; keys: Record<string, 1 | -1>; unique: boolean }[] = [];

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {
    guardDriverWrites();
    this.connection = mongoose.createConnection();
  }

  get isReady(): boolean {
    return this.connection.readyState === mongoose.ConnectionStates.connected;
  }

  get status(): string {
    return this.isReady ? 'connected' : this.lastError;
  }

  readonly health: HealthProbe = {
    name: 'database',
    problem: () => (this.isReady ? null : this.status),
  };

  /** An index on a collection used without a model; created on open, before anything is consumed. */
  declareIndex(collection: string, keys: Record<string, 1 | -1>, options: { unique: boolean }): void {
    this.indexes.push({ collection, keys, unique: options.unique });
  }

  /** Resolves once connected and every registered model's and declared index exists. */
  open(): Promise<void> {
    this.opened ??= this.openLoop();
    return this.opened;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.connection.close().catch(() => undefined);
  }

  private async openLoop(): Promise<void> {
    for (let attempt = 0; !this.closing; attempt++) {
      try {
        await this.connection.openUri(this.url, {
          serverSelectionTimeoutMS: 5000,
          maxPoolSize: 20,
          autoIndex: false,
          // A write counts once it is in the on-disk journal: consumers ack the broker after their
          // writes, and MongoDB otherwise acknowledges before its journal is flushed (every 100 ms),
          // so a database crash could lose what the broker no longer holds. `w` stays the server's
          // default (majority on a replica set).
          writeConcern: { journal: true },
        });
        await Promise.all(Object.values(this.connection.models).map((model) => model.createIndexes()));
        for (const { collection, keys, unique } of this.indexes)
          await this.connection.collection(collection).createIndex(keys, { unique });
        this.logger.info({ url: redactUrl(this.url) }, 'connected to MongoDB');
        return;
      } catch (error) {
        this.lastError = `cannot reach MongoDB at ${redactUrl(this.url)}: ${(error as Error).message}`;
        const delay = backoffDelay(attempt);
        this.logger.error({ attempt, retryInMs: delay }, `${this.lastError}; retrying`);
        await this.connection.close().catch(() => undefined);
        await sleep(delay);
      }
    }
  }
}

export interface WriteErrorInfo {
  index: number;
  code: number;
}

/** The per-document errors of a bulk write; the driver gives one object or an array. */
export function writeErrorsOf(error: unknown): WriteErrorInfo[] {
  const raw = (error as { writeErrors?: unknown } | null)?.writeErrors;
  if (!raw) return [];
  return (Array.isArray(raw) ? raw : [raw]) as WriteErrorInfo[];
}

/** MongoDB's duplicate-key error, matched by code as FerretDB's message text differs. */
export function isDuplicateKey(error: unknown): boolean {
  return (
    (error as { code?: number } | null)?.code === 11000 || writeErrorsOf(error).some((w) => w.code === 11000)
  );
}

/** Inserts `doc`; false when a unique key of it is taken. The one write FerretDB makes atomically. */
export async function insertUnique<T>(model: Model<T>, doc: T): Promise<boolean> {
  try {
    await model.create(doc);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

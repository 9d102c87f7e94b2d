import { Connection, Model, Schema } from 'mongoose';
import { FailureCount } from './login-backoff';

/** Failed logins counted against one throttle key, which is its `_id`. */
interface FailureDoc {
  _id: string;
  failures: number;
  lastFailureAt: Date;
  /** After this the entry counts as absent; the sweep deletes it some time later. */
  expiresAt: Date;
}

/**
 * Failed logins per throttle key, shared by every users instance. Each read and write is a point
 * lookup by `_id` (the only indexed filter on FerretDB), and each write is one single-document
 * update, atomic on MongoDB; FerretDB has no TTL index, so stale entries are ignored as they are
 * read and deleted by `sweep`, off the login path.
 */
export class LoginFailuresRepository {
  private readonly model: Model<FailureDoc>;

  constructor(
    connection: Connection,
    private readonly forgetAfterMs: number,
  ) {
    this.model = connection.model<FailureDoc>(
      'LoginFailure',
      new Schema<FailureDoc>(
        {
          _id: String,
          failures: { type: Number, required: true },
          lastFailureAt: { type: Date, required: true },
          expiresAt: { type: Date, required: true },
        },
        { versionKey: false, collection: 'login_failures' },
      ),
    );
  }

  /** Null when the key has no failure still remembered at `now`. */
  async find(key: string, now: number): Promise<FailureCount | null> {
    const doc = await this.model.findOne({ _id: key }).lean<FailureDoc>().exec();
    if (!doc || doc.expiresAt.getTime() <= now) return null;
    return { failures: Math.max(0, doc.failures), lastFailureAt: doc.lastFailureAt.getTime() };
  }

  /** Counts one more failure at `now`; `first` when `find` saw none, so a forgotten count starts afresh. */
  async add(key: string, now: number, first: boolean): Promise<void> {
    const times = { lastFailureAt: new Date(now), expiresAt: new Date(now + this.forgetAfterMs) };
    const update = first ? { $set: { failures: 1, ...times } } : { $inc: { failures: 1 }, $max: times };
    await this.model.updateOne({ _id: key }, update, { upsert: true }).exec();
  }

  /** Takes back one failure counted in advance for an attempt that succeeded. */
  async takeBack(key: string): Promise<void> {
    await this.model.updateOne({ _id: key }, { $inc: { failures: -1 } }).exec();
  }

  async clear(key: string): Promise<void> {
    await this.model.deleteOne({ _id: key }).exec();
  }

  /** Deletes what is forgotten; this one reads the whole collection on FerretDB. */
  async sweep(now: Date): Promise<number> {
    const { deletedCount } = await this.model.deleteMany({ expiresAt: { $lte: now } }).exec();
    return deletedCount;
  }
}

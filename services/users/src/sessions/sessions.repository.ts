import { SessionEndReason, SessionRevocation } from '@parley/contracts';
import { insertUnique, isDuplicateKey } from '@parley/database';
import { Connection, Model, Schema } from 'mongoose';

/** A refresh token that was exchanged, keyed by its `jti`: a second exchange is a duplicate key. */
interface SpentTokenDoc {
  _id: string;
  sessionId: string;
  /** The token's own expiry: it cannot be presented after it, so the record is swept then. */
  expiresAt: Date;
}

/** A session ended by its id, keyed by it; the first end is the one kept. */
export interface EndedSessionDoc {
  _id: string;
  userId: string;
  reason: SessionEndReason;
  endedAt: Date;
  /** When the last refresh token the session could hold has expired. */
  expiresAt: Date;
}

/** "Every session of this user begun before `before` has ended, except `except`", keyed by the user. */
export interface CutoffDoc {
  _id: string;
  before: Date;
  except: string | null;
  reason: SessionEndReason;
  expiresAt: Date;
}

/** A revocation as announced to the gateways, kept until its access tokens have expired. */
interface RevocationDoc {
  _id: string;
  revocation: SessionRevocation;
  until: Date;
}

/**
 * What ends sessions. A live session has no document: it is its signed tokens. Everything here is
 * written by a point lookup on a string `_id` (FerretDB indexes nothing else), and what must be
 * decided once (was this token spent? how did this session end?) is an insert of a unique `_id`,
 * which FerretDB does atomically where its updates are not.
 */
export class SessionsRepository {
  private readonly spent: Model<SpentTokenDoc>;
  private readonly ended: Model<EndedSessionDoc>;
  private readonly cutoffs: Model<CutoffDoc>;
  private readonly revocations: Model<RevocationDoc>;

  constructor(connection: Connection) {
    const options = { versionKey: false } as const;
    this.spent = connection.model<SpentTokenDoc>(
      'SpentRefreshToken',
      new Schema<SpentTokenDoc>(
        {
          _id: String,
          sessionId: { type: String, required: true },
          expiresAt: { type: Date, required: true },
        },
        { ...options, collection: 'spent_refresh_tokens' },
      ),
    );
    this.ended = connection.model<EndedSessionDoc>(
      'EndedSession',
      new Schema<EndedSessionDoc>(
        {
          _id: String,
          userId: { type: String, required: true },
          reason: { type: String, required: true },
          endedAt: { type: Date, required: true },
          expiresAt: { type: Date, required: true },
        },
        { ...options, collection: 'ended_sessions' },
      ),
    );
    this.cutoffs = connection.model<CutoffDoc>(
      'SessionCutoff',
      new Schema<CutoffDoc>(
        {
          _id: String,
          before: { type: Date, required: true },
          except: { type: String, default: null },
          reason: { type: String, required: true },
          expiresAt: { type: Date, required: true },
        },
        { ...options, collection: 'session_cutoffs' },
      ),
    );
    this.revocations = connection.model<RevocationDoc>(
      'SessionRevocation',
      new Schema<RevocationDoc>(
        {
          _id: String,
          revocation: { type: Schema.Types.Mixed, required: true },
          until: { type: Date, required: true },
        },
        { ...options, collection: 'session_revocations' },
      ),
    );
  }

  /** False when the token was spent before: it is being used a second time. */
  spend(jti: string, sessionId: string, expiresAt: Date): Promise<boolean> {
    return insertUnique(this.spent, { _id: jti, sessionId, expiresAt });
  }

  /** False when the session had already ended (its first reason stays). */
  end(session: EndedSessionDoc): Promise<boolean> {
    return insertUnique(this.ended, session);
  }

  findEnded(sessionId: string): Promise<EndedSessionDoc | null> {
    return this.ended.findOne({ _id: sessionId }).lean<EndedSessionDoc>().exec();
  }

  /**
   * Moves the user's cutoff forward, never back, by point lookups only. Two cutoffs of one user in
   * the same few milliseconds may both read the old one and the earlier may be written last; the
   * sessions begun between the two would then live on, so a logout everywhere also ends its own
   * session by id.
   */
  async cutOff(userId: string, cutoff: Omit<CutoffDoc, '_id'>): Promise<void> {
    const held = await this.findCutoff(userId);
    if (held && held.before >= cutoff.before) return;
    try {
      await this.cutoffs.replaceOne({ _id: userId }, { _id: userId, ...cutoff }, { upsert: true });
    } catch (error) {
      // Another cutoff was inserted meanwhile: compare with it.
      if (!isDuplicateKey(error)) throw error;
      return this.cutOff(userId, cutoff);
    }
  }

  findCutoff(userId: string): Promise<CutoffDoc | null> {
    return this.cutoffs.findOne({ _id: userId }).lean<CutoffDoc>().exec();
  }

  async recordRevocation(id: string, revocation: SessionRevocation): Promise<void> {
    await this.revocations.create({ _id: id, revocation, until: new Date(revocation.until) });
  }

  /**
   * The revocations still in force. This reads the whole collection on FerretDB; it holds only
   * what ended within the last access-token lifetime, and gateways read it once as they start.
   */
  async revocationsInForce(now: Date): Promise<SessionRevocation[]> {
    const docs = await this.revocations
      .find({ until: { $gt: now } })
      .lean<RevocationDoc[]>()
      .exec();
    return docs.map((doc) => doc.revocation);
  }

  /** Deletes what can no longer matter; each collection is read whole on FerretDB, so this runs rarely. */
  async sweep(now: Date): Promise<number> {
    const results = await Promise.all([
      this.spent.deleteMany({ expiresAt: { $lt: now } }),
      this.ended.deleteMany({ expiresAt: { $lt: now } }),
      this.cutoffs.deleteMany({ expiresAt: { $lt: now } }),
      this.revocations.deleteMany({ until: { $lt: now } }),
    ]);
    return results.reduce((sum, result) => sum + result.deletedCount, 0);
  }
}

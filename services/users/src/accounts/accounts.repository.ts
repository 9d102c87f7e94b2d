import { PublicUser } from '@parley/contracts';
import { insertUnique } from '@parley/database';
import { Connection, Model, Schema } from 'mongoose';

interface UserDoc {
  _id: string;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  createdAt: Date;
}

/** A claim on a unique name, keyed by it: its `_id` is what makes the name unique. */
interface ClaimDoc {
  _id: string;
  userId: string;
  /** Absent on claims made before it was recorded: those count as old. */
  claimedAt?: Date;
}

/** What login needs, keyed by the lower-cased username. */
export interface LoginDoc extends ClaimDoc {
  passwordHash: string;
}

/** Keyed by the lower-cased email. */
type EmailDoc = ClaimDoc;

/**
 * A claim whose user was never stored (its registration died between claiming and storing the
 * profile) is taken over once it is this old; a registration still in progress takes well under it.
 */
const ORPHANED_AFTER_MS = 60_000;

const PUBLIC_FIELDS = { username: 1, firstName: 1, lastName: 1 } as const;

const toPublic = (doc: Pick<UserDoc, '_id' | 'username' | 'firstName' | 'lastName'>): PublicUser => ({
  userId: doc._id,
  username: doc.username,
  firstName: doc.firstName,
  lastName: doc.lastName,
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * People and their credentials. On FerretDB only a lookup by `_id` is indexed, so every hot read
 * is one, uniqueness is a unique `_id` (a duplicate insert fails atomically, where a
 * check-then-insert would race), and the hash lives apart from the profile that search reads.
 */
export class AccountsRepository {
  private readonly users: Model<UserDoc>;
  private readonly logins: Model<LoginDoc>;
  private readonly emails: Model<EmailDoc>;

  constructor(connection: Connection) {
    const options = { versionKey: false } as const;
    this.users = connection.model<UserDoc>(
      'User',
      new Schema<UserDoc>(
        {
          _id: String,
          username: { type: String, required: true },
          firstName: { type: String, required: true },
          lastName: { type: String, required: true },
          email: { type: String, required: true },
          createdAt: { type: Date, required: true },
        },
        { ...options, collection: 'users' },
      ),
    );
    this.logins = connection.model<LoginDoc>(
      'Login',
      new Schema<LoginDoc>(
        {
          _id: String,
          userId: { type: String, required: true },
          passwordHash: { type: String, required: true },
          claimedAt: Date,
        },
        { ...options, collection: 'logins' },
      ),
    );
    this.emails = connection.model<EmailDoc>(
      'Email',
      new Schema<EmailDoc>(
        { _id: String, userId: { type: String, required: true }, claimedAt: Date },
        { ...options, collection: 'emails' },
      ),
    );
  }

  /** False when the username is taken. */
  claimUsername(login: Omit<LoginDoc, 'claimedAt'>): Promise<boolean> {
    return this.claim(this.logins, { ...login, claimedAt: new Date() });
  }

  /** False when the email is taken. */
  claimEmail(email: string, userId: string): Promise<boolean> {
    return this.claim(this.emails, { _id: email, userId, claimedAt: new Date() });
  }

  async releaseUsername(username: string, userId: string): Promise<void> {
    await this.logins.deleteOne({ _id: username, userId });
  }

  async releaseEmail(email: string, userId: string): Promise<void> {
    await this.emails.deleteOne({ _id: email, userId });
  }

  async insertUser(user: UserDoc): Promise<void> {
    await this.users.create(user);
  }

  findLogin(username: string): Promise<LoginDoc | null> {
    return this.logins.findOne({ _id: username }).lean<LoginDoc>().exec();
  }

  /** A `$set` of the one field by `_id`: nothing else writes a login once it is claimed. */
  async setPasswordHash(username: string, passwordHash: string): Promise<void> {
    await this.logins.updateOne({ _id: username }, { $set: { passwordHash } });
  }

  async findUser(userId: string): Promise<PublicUser | null> {
    const doc = await this.users.findOne({ _id: userId }, PUBLIC_FIELDS).lean<UserDoc>().exec();
    return doc && toPublic(doc);
  }

  async findUserByUsername(username: string): Promise<PublicUser | null> {
    const login = await this.findLogin(username);
    return login && this.findUser(login.userId);
  }

  /**
   * A page of people whose username, first or last name starts with `prefix`, never `excludeUserId`.
   * This one reads the whole collection on FerretDB; it is paged and off every hot path.
   */
  async search(
    prefix: string,
    excludeUserId: string,
    offset: number,
    limit: number,
  ): Promise<{ users: PublicUser[]; nextOffset: number | null }> {
    const starts = new RegExp(`^${escapeRegExp(prefix)}`, 'i');
    const docs = await this.users
      .find(
        {
          _id: { $ne: excludeUserId },
          $or: [{ username: starts }, { firstName: starts }, { lastName: starts }],
        },
        PUBLIC_FIELDS,
      )
      .sort({ username: 1 })
      .skip(offset)
      .limit(limit + 1)
      .lean<UserDoc[]>()
      .exec();
    const users = docs.slice(0, limit).map(toPublic);
    return { users, nextOffset: docs.length > limit ? offset + limit : null };
  }

  /** Inserts a claim; one already there is taken over only if orphaned (see `ORPHANED_AFTER_MS`). */
  private async claim<T extends ClaimDoc>(model: Model<T>, doc: T): Promise<boolean> {
    if (await insertUnique(model, doc)) return true;
    const held = await model.findOne({ _id: doc._id }).lean<ClaimDoc>().exec();
    if (!held || Date.now() - (held.claimedAt?.getTime() ?? 0) < ORPHANED_AFTER_MS) return false;
    if (await this.users.exists({ _id: held.userId })) return false;
    // Only that orphan: a registration that took it over meanwhile keeps its fresh claim.
    await model.deleteOne({ _id: doc._id, userId: held.userId });
    return insertUnique(model, doc);
  }
}

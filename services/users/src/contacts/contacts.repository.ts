import { PublicUser, Stance } from '@parley/contracts';
import { Connection, Model, Schema } from 'mongoose';
import { PerKeyQueue } from '../shared/per-key-queue';

/** One person's entry for another: who they are (profiles never change), and both stances. */
export interface StoredContact {
  user: PublicUser;
  mine?: Stance;
  theirs?: Stance;
}

interface ContactsDoc {
  _id: string;
  contacts: Record<string, StoredContact>;
}

/**
 * Each person's contacts in one document keyed by them, so listing them is one point lookup. A
 * stance is stored twice: as `mine` in its owner's document and as `theirs` in the other person's,
 * each written by a `$set` of that one field (never a read, change and write back of the whole
 * document), so a change by one person never overwrites a change by the other. MongoDB applies each
 * `$set` atomically; FerretDB reads, changes and writes back the whole document, so this process
 * writes one document at a time.
 */
export class ContactsRepository {
  private readonly model: Model<ContactsDoc>;
  private readonly perDocument = new PerKeyQueue();

  constructor(connection: Connection) {
    this.model = connection.model<ContactsDoc>(
      'Contacts',
      new Schema<ContactsDoc>(
        { _id: String, contacts: { type: Schema.Types.Mixed, default: {} } },
        { versionKey: false, minimize: false, collection: 'contacts' },
      ),
    );
  }

  async list(ownerId: string): Promise<Map<string, StoredContact>> {
    const doc = await this.model.findOne({ _id: ownerId }).lean<ContactsDoc>().exec();
    return new Map(Object.entries(doc?.contacts ?? {}));
  }

  async find(ownerId: string, otherId: string): Promise<StoredContact | null> {
    const doc = await this.model
      .findOne({ _id: ownerId }, { [`contacts.${otherId}`]: 1 })
      .lean<ContactsDoc>()
      .exec();
    return doc?.contacts?.[otherId] ?? null;
  }

  /** Records a stance in `ownerId`'s document as theirs (`mine`) or as the other's towards them (`theirs`). */
  async setStance(
    ownerId: string,
    other: PublicUser,
    side: 'mine' | 'theirs',
    stance: Stance,
  ): Promise<void> {
    await this.perDocument.run(ownerId, () =>
      this.model.updateOne(
        { _id: ownerId },
        { $set: { [`contacts.${other.userId}.user`]: other, [`contacts.${other.userId}.${side}`]: stance } },
        { upsert: true },
      ),
    );
  }
}

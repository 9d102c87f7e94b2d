import { PublicUser } from '@parley/contracts';
import { Connection, Model, Schema } from 'mongoose';

/** A friend as listed: the public profile is copied in, as profiles never change, so listing reads one document. */
export interface FriendEntry extends PublicUser {
  addedAt: string;
}

interface FriendsDoc {
  _id: string;
  friends: FriendEntry[];
}

/** Each user's friends in one document keyed by the user: listing is a point lookup, adding and removing are rare. */
export class FriendsRepository {
  private readonly model: Model<FriendsDoc>;

  constructor(connection: Connection) {
    const entry = new Schema<FriendEntry>(
      {
        userId: { type: String, required: true },
        username: { type: String, required: true },
        firstName: { type: String, required: true },
        lastName: { type: String, required: true },
        addedAt: { type: String, required: true },
      },
      { _id: false },
    );
    this.model = connection.model<FriendsDoc>(
      'Friends',
      new Schema<FriendsDoc>(
        { _id: String, friends: { type: [entry], default: [] } },
        { versionKey: false, collection: 'friends' },
      ),
    );
  }

  async list(userId: string): Promise<FriendEntry[]> {
    const doc = await this.model.findOne({ _id: userId }).lean<FriendsDoc>().exec();
    return doc?.friends ?? [];
  }

  async save(userId: string, friends: readonly FriendEntry[]): Promise<void> {
    await this.model.updateOne({ _id: userId }, { $set: { friends } }, { upsert: true });
  }
}

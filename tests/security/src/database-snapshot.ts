import mongoose from 'mongoose';

/** Every document of every collection, as JSON by collection and `_id`, to compare before and after. */
export type Snapshot = Map<string, Map<string, string>>;

export async function snapshotDatabase(
  mongoUrl: string,
  skip: (collection: string) => boolean,
): Promise<Snapshot> {
  const connection = await mongoose.createConnection(mongoUrl).asPromise();
  try {
    const snapshot: Snapshot = new Map();
    for (const { name } of await connection.db!.listCollections().toArray()) {
      if (skip(name)) continue;
      const docs = await connection.collection(name).find({}).toArray();
      snapshot.set(name, new Map(docs.map((doc) => [JSON.stringify(doc._id), JSON.stringify(doc)])));
    }
    return snapshot;
  } finally {
    await connection.close();
  }
}

/** The documents `after` has that `before` did not, or holds differently: "collection _id" each. */
export function writtenBetween(before: Snapshot, after: Snapshot): string[] {
  const written: string[] = [];
  for (const [collection, docs] of after) {
    const earlier = before.get(collection);
    for (const [id, doc] of docs) if (earlier?.get(id) !== doc) written.push(`${collection} ${id}`);
  }
  return written;
}

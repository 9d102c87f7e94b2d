import { ConnectionCounts, PresenceState } from '@parley/contracts';
import { Connection, Model, Schema } from 'mongoose';

/** One user's presence as stored: enough to answer friends.list and to rebuild the tracker after a failover. */
export interface UserPresence {
  userId: string;
  online: boolean;
  /** The gateways holding the user's connections (kept beside `connections` for readers from before it). */
  gateways: string[];
  /** How many connections of the user each of those gateways holds. */
  connections: ConnectionCounts;
  lastSeen: string | null;
  /** Grows with every flip (`PresenceState`); entries stored before it was recorded read as 0. */
  rev: number;
}

/** When a gateway was last heard from and how often it beats. */
export interface GatewayLiveness {
  lastHeardMs: number;
  intervalMs: number;
}

/** Entries stored before connections were counted have no `connections`: one per gateway, then. */
type StoredEntry = Omit<UserPresence, 'userId' | 'connections'> & { connections?: ConnectionCounts };

interface LivenessDoc {
  _id: string;
  gateways: Record<string, GatewayLiveness>;
  /** The last presence revision given out. */
  lastRev?: number;
}

interface BucketDoc {
  _id: string;
  users: Record<string, StoredEntry>;
}

/**
 * Users are spread by id over a fixed number of bucket documents, each alone in its own
 * collection. On FerretDB every update is a round trip of its own that also reads the whole
 * collection to find its document, and costs milliseconds even for a tiny document. Measured
 * here: 2,000 users written as one upsert each took 13.6 s; 4,000 users written as one update per
 * bucket took 1.5-2.7 s. So a batch costs at most BUCKETS updates however many users it touched,
 * and a read is a point lookup projected onto the users asked for.
 */
const BUCKETS = 64;
const BUCKET_ID = 'presence';

const OFFLINE: PresenceState = { online: false, lastSeen: null, rev: 0 };

export class PresenceRepository {
  private readonly buckets: Model<BucketDoc>[];
  private readonly liveness: Model<LivenessDoc>;

  constructor(connection: Connection) {
    const schema = new Schema<BucketDoc>(
      { _id: String, users: { type: Schema.Types.Mixed, default: {} } },
      { versionKey: false, minimize: false },
    );
    this.buckets = Array.from({ length: BUCKETS }, (_, i) => {
      const name = `presence_${String(i).padStart(2, '0')}`;
      return connection.model<BucketDoc>(name, schema, name);
    });
    const livenessSchema = new Schema<LivenessDoc>(
      { _id: String, gateways: { type: Schema.Types.Mixed, default: {} }, lastRev: Number },
      { versionKey: false, minimize: false },
    );
    this.liveness = connection.model<LivenessDoc>('presence_gateways', livenessSchema, 'presence_gateways');
  }

  async loadLiveness(): Promise<{ gateways: Record<string, GatewayLiveness>; lastRev: number }> {
    const doc = await this.liveness.findOne({ _id: BUCKET_ID }).lean<LivenessDoc>().exec();
    return { gateways: doc?.gateways ?? {}, lastRev: doc?.lastRev ?? 0 };
  }

  /** One small document, replaced whole: the live gateways are few. */
  async saveLiveness(gateways: Record<string, GatewayLiveness>, lastRev: number): Promise<void> {
    await this.liveness.replaceOne(
      { _id: BUCKET_ID },
      { _id: BUCKET_ID, gateways, lastRev },
      { upsert: true },
    );
  }

  /** Every given user's presence; one never seen is offline with no last-seen time. */
  async read(userIds: readonly string[]): Promise<Map<string, PresenceState>> {
    const found = new Map<string, PresenceState>();
    await Promise.all(
      [...this.group(userIds, (id) => id)].map(async ([bucket, ids]) => {
        const projection = Object.fromEntries(ids.map((id) => [`users.${id}`, 1]));
        const doc = await bucket.findOne({ _id: BUCKET_ID }, projection).lean<BucketDoc>().exec();
        for (const id of ids) {
          const entry = doc?.users?.[id];
          if (entry) found.set(id, { online: entry.online, lastSeen: entry.lastSeen, rev: entry.rev ?? 0 });
        }
      }),
    );
    return new Map(userIds.map((id) => [id, found.get(id) ?? OFFLINE]));
  }

  /** Everyone stored as online: read once, when this instance's consumer becomes the active one. */
  async loadOnline(): Promise<UserPresence[]> {
    const docs = await Promise.all(
      this.buckets.map((bucket) => bucket.findOne({ _id: BUCKET_ID }).lean<BucketDoc>().exec()),
    );
    return docs.flatMap((doc) =>
      Object.entries(doc?.users ?? {})
        .filter(([, entry]) => entry.online)
        .map(([userId, entry]) => ({
          userId,
          ...entry,
          connections: entry.connections ?? Object.fromEntries(entry.gateways.map((g) => [g, 1])),
          rev: entry.rev ?? 0,
        })),
    );
  }

  /** Writes many users at once: one update per bucket touched. */
  async save(presences: readonly UserPresence[]): Promise<void> {
    await Promise.all(
      [...this.group(presences, (p) => p.userId)].map(([bucket, group]) => {
        const set = Object.fromEntries(group.map(({ userId, ...entry }) => [`users.${userId}`, entry]));
        return bucket.updateOne({ _id: BUCKET_ID }, { $set: set }, { upsert: true });
      }),
    );
  }

  private group<T>(items: readonly T[], idOf: (item: T) => string): Map<Model<BucketDoc>, T[]> {
    const groups = new Map<Model<BucketDoc>, T[]>();
    for (const item of items) {
      const bucket = this.buckets[Number.parseInt(idOf(item).slice(0, 8), 16) % BUCKETS] ?? this.buckets[0]!;
      const group = groups.get(bucket);
      if (group) group.push(item);
      else groups.set(bucket, [item]);
    }
    return groups;
  }
}

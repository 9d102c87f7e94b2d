import { Inject, Injectable } from '@nestjs/common';
import { ReceiptKind } from '@parley/contracts';
import { Database } from '@parley/database';

/**
 * The history service's read model: per conversation, its last seq, how many messages each member
 * sent, and how far each member has received and read the other's. Keyed by conversation id, so
 * every read is a point lookup; written only by this service's shard consumers, one writer per
 * conversation. Every field only grows, so a write raises it (`$max`) and a replay changes nothing.
 */
export interface ConversationState {
  _id: string;
  /** Every message up to here has been applied, in order. */
  lastSeq: number;
  /** Messages each member sent, of 1..lastSeq. */
  sent: Record<string, number>;
  /** The seq of each member's newest message. */
  newest: Record<string, number>;
  /** Each member's marks, always on a message of the other member (or 0). */
  read: Record<string, number>;
  delivered: Record<string, number>;
  /** The other member's messages at or below each member's read mark: unread is their `sent` minus this. */
  readCount: Record<string, number>;
}

/** A member's marks of one kind. */
export const marksOf = (state: ConversationState, kind: ReceiptKind): Record<string, number> =>
  kind === 'read' ? state.read : state.delivered;

/**
 * A state as the database holds it: a map none of whose entries was ever raised is absent, and a
 * state written before per-member counts were kept has none of them.
 */
export type StoredState = Pick<ConversationState, '_id' | 'lastSeq'> &
  Partial<Omit<ConversationState, '_id' | 'lastSeq'>>;

/**
 * FerretDB 1.24 keeps the cursor of each statement of an update command, and with it one of its 100
 * SQLite connections, open until the whole command ends: a command of 100 statements that match
 * existing documents waits for ever for a connection, and every client of the database with it. So
 * a command carries at most this many statements, one command after another.
 */
const STATEMENTS_PER_COMMAND = 25;

export const EMPTY_STATE = (id: string): ConversationState => ({
  _id: id,
  lastSeq: 0,
  sent: {},
  newest: {},
  read: {},
  delivered: {},
  readCount: {},
});

@Injectable()
export class ConversationStateRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  private get states() {
    return this.database.connection.collection<StoredState>('conversation_states');
  }

  async find(conversationId: string): Promise<StoredState> {
    return (await this.states.findOne({ _id: conversationId })) ?? EMPTY_STATE(conversationId);
  }

  /**
   * Raises marks, never lowers them, so a replayed batch changes nothing. Few commands for all the
   * states of a batch, one after another: the database applies their statements in turn instead of
   * as many concurrent writers contending for its write lock.
   */
  async raise(states: readonly ConversationState[]): Promise<void> {
    for (let start = 0; start < states.length; start += STATEMENTS_PER_COMMAND) {
      await this.states.bulkWrite(
        states.slice(start, start + STATEMENTS_PER_COMMAND).map((state) => ({
          updateOne: { filter: { _id: state._id }, update: { $max: raisedFields(state) }, upsert: true },
        })),
        { ordered: false },
      );
    }
  }
}

function raisedFields(state: ConversationState): Record<string, number> {
  const marks: Record<string, number> = { lastSeq: state.lastSeq };
  for (const field of ['sent', 'newest', 'read', 'delivered', 'readCount'] as const)
    for (const [user, value] of Object.entries(state[field])) marks[`${field}.${user}`] = value;
  return marks;
}

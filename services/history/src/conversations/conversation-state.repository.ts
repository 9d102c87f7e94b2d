import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@parley/platform';

/**
 * The history service's read model: per conversation, its last seq and how far each member has
 * received and read it. Keyed by conversation id, so every read is a point lookup; written only by
 * this service's shard consumers, one writer per conversation.
 */
export interface ConversationState {
  _id: string;
  lastSeq: number;
  read: Record<string, number>;
  delivered: Record<string, number>;
}

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
  read: {},
  delivered: {},
});

@Injectable()
export class ConversationStateRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  private get states() {
    return this.database.connection.collection<ConversationState>('conversation_states');
  }

  async find(conversationId: string): Promise<ConversationState> {
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
          updateOne: { filter: { _id: state._id }, update: { $max: marksOf(state) }, upsert: true },
        })),
        { ordered: false },
      );
    }
  }
}

function marksOf(state: ConversationState): Record<string, number> {
  const marks: Record<string, number> = { lastSeq: state.lastSeq };
  for (const [user, seq] of Object.entries(state.read)) marks[`read.${user}`] = seq;
  for (const [user, seq] of Object.entries(state.delivered)) marks[`delivered.${user}`] = seq;
  return marks;
}

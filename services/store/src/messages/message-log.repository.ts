import { Inject, Injectable } from '@nestjs/common';
import { ClaimDocument, MESSAGE_LOG, MessageDocument, messageKey } from '@parley/contracts';
import { Database, writeErrorsOf } from '@parley/database';

/** The message log, insert-only: claims (idempotency) and messages (order). */
@Injectable()
export class MessageLogRepository {
  constructor(@Inject(Database) private readonly database: Database) {
    // A seq is claimed once per conversation: a store that restarted with too low a head for a
    // conversation runs into this index instead of giving a second message the same seq.
    database.declareIndex(MESSAGE_LOG.claims, { conversationId: 1, seq: 1 }, { unique: true });
  }

  private get messages() {
    return this.database.connection.collection<MessageDocument>(MESSAGE_LOG.messages);
  }

  private get claims() {
    return this.database.connection.collection<ClaimDocument>(MESSAGE_LOG.claims);
  }

  /**
   * Inserts claims, each on its own. Returns, by index, those that collided with a message id or a
   * seq already claimed, each with the claim already held under its message id (null when the
   * collision was the seq), looked up together. Unordered on purpose: FerretDB 1.24 goes on
   * inserting later batches of an "ordered" insert after a duplicate, so stopping at the first
   * collision is not something the database can be relied on for.
   */
  async insertClaims(claims: readonly ClaimDocument[]): Promise<Map<number, ClaimDocument | null>> {
    if (claims.length === 0) return new Map();
    try {
      await this.claims.insertMany(claims as ClaimDocument[], { ordered: false });
      return new Map();
    } catch (error) {
      const writeErrors = writeErrorsOf(error);
      if (writeErrors.length === 0 || writeErrors.some((w) => w.code !== 11000)) throw error;
      return new Map(
        await Promise.all(
          writeErrors.map(
            async ({ index }) => [index, await this.claims.findOne({ _id: claims[index]!._id })] as const,
          ),
        ),
      );
    }
  }

  /**
   * Takes back claims this process has just inserted and not yet used: in one ordered delete
   * command, the highest seq first, so that a failure part way leaves each conversation's
   * remaining ones below the removed ones, and no delete still queued in the driver lands after
   * the caller has given up (a retry could meanwhile have counted that seq as taken, and it would
   * end up with no message). Each statement is a lookup by `_id`, which FerretDB serves from an index.
   */
  async removeClaims(claims: readonly ClaimDocument[]): Promise<void> {
    if (claims.length === 0) return;
    const highestFirst = [...claims].sort((x, y) => y.seq - x.seq);
    await this.claims.bulkWrite(
      highestFirst.map((claim) => ({ deleteOne: { filter: { _id: claim._id } } })),
      { ordered: true },
    );
  }

  /**
   * Inserts messages. One already there is a retry after a crash or a client's resend and is left
   * as it is, but only if it is the same message: another message at that seq would mean a lost
   * one, so that fails loudly. Returns those already there, as they are stored.
   */
  async insertMessages(messages: readonly MessageDocument[]): Promise<Map<string, MessageDocument>> {
    const already = new Map<string, MessageDocument>();
    if (messages.length === 0) return already;
    try {
      await this.messages.insertMany(messages as MessageDocument[], { ordered: false });
    } catch (error) {
      const writeErrors = writeErrorsOf(error);
      if (writeErrors.length === 0 || writeErrors.some((w) => w.code !== 11000)) throw error;
      const existing = await Promise.all(
        writeErrors.map(({ index }) => this.messages.findOne({ _id: messages[index]!._id })),
      );
      for (const [k, { index }] of writeErrors.entries()) {
        const ours = messages[index]!;
        const held = existing[k];
        if (held?.messageId !== ours.messageId) {
          throw new Error(
            `seq conflict at ${ours._id}: holds ${held?.messageId}, expected ${ours.messageId}`,
          );
        }
        already.set(ours._id, held);
      }
    }
    return already;
  }

  async messageExists(conversationId: string, seq: number): Promise<boolean> {
    return (
      (await this.messages.findOne({ _id: messageKey(conversationId, seq) }, { projection: { _id: 1 } })) !==
      null
    );
  }
}

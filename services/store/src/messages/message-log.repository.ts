import { Inject, Injectable } from '@nestjs/common';
import { ClaimDocument, MESSAGE_LOG, MessageDocument, messageKey } from '@parley/contracts';
import { Database, writeErrorsOf } from '@parley/platform';

/** The outcome of inserting claims in order: how many went in, and the duplicate that stopped them. */
export interface ClaimResult {
  inserted: number;
  duplicateAt: number | null;
}

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
   * Inserts claims in order and stops at the first that collides, with a message id or a seq
   * already claimed, so the claims that did go in hold consecutive seqs and leave no gap.
   */
  async insertClaims(claims: readonly ClaimDocument[]): Promise<ClaimResult> {
    if (claims.length === 0) return { inserted: 0, duplicateAt: null };
    try {
      await this.claims.insertMany(claims as ClaimDocument[], { ordered: true });
      return { inserted: claims.length, duplicateAt: null };
    } catch (error) {
      const [first] = writeErrorsOf(error);
      if (first?.code !== 11000) throw error;
      return { inserted: first.index, duplicateAt: first.index };
    }
  }

  findClaim(messageId: string): Promise<ClaimDocument | null> {
    return this.claims.findOne({ _id: messageId });
  }

  /**
   * Inserts messages. One already there is a retry after a crash and is left as it is, but only
   * if it is the same message: another message at that seq would mean a lost one, so that fails loudly.
   */
  async insertMessages(messages: readonly MessageDocument[]): Promise<void> {
    if (messages.length === 0) return;
    try {
      await this.messages.insertMany(messages as MessageDocument[], { ordered: false });
    } catch (error) {
      const writeErrors = writeErrorsOf(error);
      if (writeErrors.length === 0 || writeErrors.some((w) => w.code !== 11000)) throw error;
      for (const { index } of writeErrors) {
        const ours = messages[index]!;
        const existing = await this.messages.findOne({ _id: ours._id }, { projection: { messageId: 1 } });
        if (existing?.messageId !== ours.messageId) {
          throw new Error(
            `seq conflict at ${ours._id}: holds ${existing?.messageId}, expected ${ours.messageId}`,
          );
        }
      }
    }
  }

  async messageExists(conversationId: string, seq: number): Promise<boolean> {
    return (
      (await this.messages.findOne({ _id: messageKey(conversationId, seq) }, { projection: { _id: 1 } })) !==
      null
    );
  }
}

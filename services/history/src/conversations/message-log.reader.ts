import { Inject, Injectable } from '@nestjs/common';
import { MESSAGE_LOG, MessageDocument, StoredMessage, findLastSeq, messageKey } from '@parley/contracts';
import { Database } from '@parley/database';
import { RecentMessages } from './recent-messages';

/**
 * Reads the store's message log (never writes it): from memory where the message is recent, else
 * by point lookups on `conversation:seq`.
 */
@Injectable()
export class MessageLogReader {
  constructor(
    @Inject(Database) private readonly database: Database,
    private readonly recent: RecentMessages,
  ) {}

  private get messages() {
    return this.database.connection.collection<MessageDocument>(MESSAGE_LOG.messages);
  }

  /** Messages from..to (inclusive) in seq order; the lookups run in parallel. */
  async range(conversationId: string, from: number, to: number): Promise<StoredMessage[]> {
    if (to < from) return [];
    const seqs = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const found = await Promise.all(
      seqs.map((seq) => this.recent.get(conversationId, seq) ?? this.lookup(conversationId, seq)),
    );
    return found.filter((m): m is StoredMessage => m !== null);
  }

  /**
   * Messages from..to a chunk at a time, in seq order, for walks that may be long; it ends at a
   * chunk the log does not fill, since seqs have no gaps and that is where the log ends.
   */
  async *chunks(
    conversationId: string,
    from: number,
    to: number,
    size = 200,
  ): AsyncGenerator<StoredMessage[]> {
    for (let start = from; start <= to; start += size) {
      const end = Math.min(to, start + size - 1);
      const chunk = await this.range(conversationId, start, end);
      yield chunk;
      if (chunk.length < end - start + 1) return;
    }
  }

  private async lookup(conversationId: string, seq: number): Promise<StoredMessage | null> {
    const document = await this.messages.findOne({ _id: messageKey(conversationId, seq) });
    if (!document) return null;
    const { _id, ...message } = document;
    return message;
  }

  /**
   * Who sent each message from 1 to `upTo`, in one range read: only to count the messages of a
   * conversation whose state predates per-member counts, once.
   */
  async senders(conversationId: string, upTo: number): Promise<{ seq: number; from: string }[]> {
    if (upTo < 1) return [];
    const documents = await this.messages
      .find(
        { _id: { $gte: messageKey(conversationId, 1), $lte: messageKey(conversationId, upTo) } },
        { projection: { seq: 1, from: 1 } },
      )
      .toArray();
    return documents.map(({ seq, from }) => ({ seq, from }));
  }

  /** The log may be ahead of the read model by what is still in the history queue: catch up on it. */
  lastSeqFrom(conversationId: string, readModelSeq: number): Promise<number> {
    const known = Math.max(readModelSeq, this.recent.lastSeq(conversationId));
    const exists = async (seq: number) =>
      (await this.messages.findOne({ _id: messageKey(conversationId, seq) }, { projection: { _id: 1 } })) !==
      null;
    return findLastSeq(exists, known);
  }
}

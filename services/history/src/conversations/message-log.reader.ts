import { Inject, Injectable } from '@nestjs/common';
import { MESSAGE_LOG, MessageDocument, StoredMessage, findLastSeq, messageKey } from '@parley/contracts';
import { Database } from '@parley/platform';

/** Reads the store's message log (never writes it) by point lookups on `conversation:seq`. */
@Injectable()
export class MessageLogReader {
  constructor(@Inject(Database) private readonly database: Database) {}

  private get messages() {
    return this.database.connection.collection<MessageDocument>(MESSAGE_LOG.messages);
  }

  /** Messages from..to (inclusive) in seq order; the lookups run in parallel. */
  async range(conversationId: string, from: number, to: number): Promise<StoredMessage[]> {
    if (to < from) return [];
    const seqs = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const found = await Promise.all(
      seqs.map((seq) => this.messages.findOne({ _id: messageKey(conversationId, seq) })),
    );
    return found.filter((m): m is MessageDocument => m !== null).map(({ _id, ...message }) => message);
  }

  /** The log may be ahead of the read model by what is still in the history queue: catch up on it. */
  lastSeqFrom(conversationId: string, known: number): Promise<number> {
    const exists = async (seq: number) =>
      (await this.messages.findOne({ _id: messageKey(conversationId, seq) }, { projection: { _id: 1 } })) !==
      null;
    return findLastSeq(exists, known);
  }
}

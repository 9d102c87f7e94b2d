import { Inject, Injectable } from '@nestjs/common';
import {
  ClaimDocument,
  MessagesStored,
  StoredMessage,
  SubmittedMessage,
  messageKey,
} from '@parley/contracts';
import { Bus } from '@parley/messaging';
import { ConversationHeads } from './conversation-heads';
import { MessageLogRepository } from './message-log.repository';
import { StoreMetrics } from './store-metrics';
import { announcements } from './stored-announcements';

/**
 * Orders and persists submitted messages, a batch at a time, exactly once in effect:
 * 1. claims (message id -> seq, both unique) are inserted for the whole batch. Where one collides,
 *    its conversation is settled up to that point: the claims inserted after it in that
 *    conversation are taken back, a message id already claimed (a redelivery or a client's resend)
 *    keeps its earlier seq, and a seq already claimed (this process started with too low a head,
 *    or a failed batch left the claim) moves the head past it; the rest of that conversation is
 *    planned again, in its order. The head only ever moves over claimed seqs (see
 *    ConversationHeads), so a seq that a failed batch left unclaimed is planned again, not skipped;
 * 2. the messages are inserted under `conversation:seq` ids; one already there stays as it is;
 * 3. `messages.stored` is published for them as stored, per shard in batches, and only then are the broker
 *    messages acked.
 * A crash anywhere redelivers the batch, and step 1 recognises what was already done, whichever
 * of its writes went through, and even when its messages come back split up or in another order.
 */
@Injectable()
export class MessageStoreService {
  constructor(
    private readonly log: MessageLogRepository,
    private readonly heads: ConversationHeads,
    @Inject(Bus) private readonly bus: Bus,
    private readonly metrics: StoreMetrics,
  ) {}

  async storeBatch(submitted: readonly SubmittedMessage[]): Promise<void> {
    const unique = [...new Map(submitted.map((m) => [m.messageId, m])).values()];
    const conversations = unique.map((m) => m.conversationId);
    const before = this.heads.snapshot(conversations);
    try {
      await this.heads.load(conversations);
      const stored = await this.persist(unique);
      await this.bus.publishAll(MessagesStored, announcements(stored));
    } catch (error) {
      // Memory may now be ahead of what was written. The heads from before the batch still hold
      // (every seq up to them is claimed); a head looked up in the log again could lie past a seq
      // that this batch left unclaimed when only some of its writes went through.
      this.heads.restore(conversations, before);
      throw error;
    }
  }

  private async persist(submitted: readonly SubmittedMessage[]): Promise<StoredMessage[]> {
    const storedAt = new Date().toISOString();
    const stored: StoredMessage[] = [];
    let pending = submitted;
    while (pending.length > 0) {
      const planned = this.plan(pending, storedAt);
      const collided = await this.log.insertClaims(planned.map(toClaim));
      // Per conversation: clean until its first collision; then, while the collisions are message
      // ids claimed before, each keeps its claim; from the first other message on, the rest of the
      // conversation is planned again (its later seqs were planned on a head that was wrong).
      const phase = new Map<string, 'resolving' | 'settled'>();
      const again: SubmittedMessage[] = [];
      const takeBack: ClaimDocument[] = [];
      for (const [i, message] of planned.entries()) {
        const conversation = message.conversationId;
        const current = phase.get(conversation);
        const claim = collided.get(i);
        // A collision on the seq alone (no claim under this message id) means the seq is taken
        // for good: the head moves over it when it is the next one, so over a run of them at once.
        if (claim === null && message.seq === this.heads.get(conversation) + 1) {
          this.heads.set(conversation, message.seq);
        }
        if (current === undefined && claim === undefined) {
          this.heads.set(conversation, message.seq);
          stored.push(message);
          continue;
        }
        if (current !== 'settled' && claim) {
          stored.push(this.resolveDuplicate(pending[i]!, claim, storedAt));
          phase.set(conversation, 'resolving');
          continue;
        }
        if (claim === undefined) takeBack.push(toClaim(message));
        phase.set(conversation, 'settled');
        again.push(pending[i]!);
      }
      await this.log.removeClaims(takeBack);
      pending = again;
    }
    const documents = stored.map((m) => ({ _id: messageKey(m.conversationId, m.seq), ...m }));
    const already = await this.log.insertMessages(documents);
    this.metrics.stored(documents.filter((document) => !already.has(document._id)));
    // A resend may carry other text or times than the message stored first: announce what is stored.
    return documents.map((document) => {
      const { _id, ...message } = already.get(document._id) ?? document;
      return message;
    });
  }

  /** Gives each message the next seq of its conversation, without committing them to memory yet. */
  private plan(pending: readonly SubmittedMessage[], storedAt: string): StoredMessage[] {
    const next = new Map<string, number>();
    return pending.map((message) => {
      const seq = (next.get(message.conversationId) ?? this.heads.get(message.conversationId)) + 1;
      next.set(message.conversationId, seq);
      return { ...message, seq, storedAt };
    });
  }

  /**
   * A message id seen before keeps the seq it was first given. The head moves to that seq only
   * if it is the next one: a claim further on may have been kept by a failed batch whose earlier
   * claims were taken back, and a head moved past those seqs would leave them without a message
   * for ever. Left where it is, the next messages are planned on them, and claimed ones collide.
   */
  private resolveDuplicate(message: SubmittedMessage, claim: ClaimDocument, storedAt: string): StoredMessage {
    if (claim.seq === this.heads.get(message.conversationId) + 1)
      this.heads.set(message.conversationId, claim.seq);
    return { ...message, seq: claim.seq, storedAt };
  }
}

function toClaim(message: StoredMessage): ClaimDocument {
  return { _id: message.messageId, conversationId: message.conversationId, seq: message.seq };
}

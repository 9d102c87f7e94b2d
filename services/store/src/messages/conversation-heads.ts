import { Injectable } from '@nestjs/common';
import { findLastSeq, shardOf } from '@parley/contracts';
import { MessageLogRepository } from './message-log.repository';

/**
 * The last sequence number of each conversation, kept in memory by the one process that writes
 * it. A shard queue has a single active consumer, so while this process's subscription to a shard
 * lives, nobody else writes that shard's conversations; when the subscription is renewed, another
 * instance may have written meanwhile, so the shard's cache is dropped and reloaded from the log.
 */
@Injectable()
export class ConversationHeads {
  private readonly lastSeq = new Map<string, number>();

  constructor(private readonly log: MessageLogRepository) {}

  async load(conversationIds: Iterable<string>): Promise<void> {
    const missing = [...new Set(conversationIds)].filter((id) => !this.lastSeq.has(id));
    const found = await Promise.all(
      missing.map((id) => findLastSeq((seq) => this.log.messageExists(id, seq))),
    );
    missing.forEach((id, i) => this.lastSeq.set(id, found[i]!));
  }

  /** The last seq of a loaded conversation. */
  get(conversationId: string): number {
    const seq = this.lastSeq.get(conversationId);
    if (seq === undefined) throw new Error(`conversation ${conversationId} was not loaded`);
    return seq;
  }

  set(conversationId: string, seq: number): void {
    this.lastSeq.set(conversationId, seq);
  }

  forget(conversationIds: Iterable<string>): void {
    for (const id of conversationIds) this.lastSeq.delete(id);
  }

  forgetShard(shard: number): void {
    for (const id of this.lastSeq.keys()) if (shardOf(id) === shard) this.lastSeq.delete(id);
  }
}

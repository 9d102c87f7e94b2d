import { Injectable } from '@nestjs/common';
import { findLastSeq, shardOf } from '@parley/contracts';
import { MessageLogRepository } from './message-log.repository';

/**
 * The head of each conversation, kept in memory by the one process that writes it: a seq such that
 * every seq up to it is claimed, by a message that is stored there or will be once it comes back.
 * New messages are numbered after it. A shard queue has a single active consumer, so while this
 * process's subscription to a shard lives, nobody else writes that shard's conversations; when the
 * subscription is renewed, another instance may have written meanwhile, so the shard's cache is
 * dropped and reloaded from the log.
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

  /** The heads of these conversations that are in memory now, to go back to with `restore`. */
  snapshot(conversationIds: Iterable<string>): Map<string, number> {
    const heads = new Map<string, number>();
    for (const id of conversationIds) {
      const seq = this.lastSeq.get(id);
      if (seq !== undefined) heads.set(id, seq);
    }
    return heads;
  }

  /** Back to a snapshot; a conversation it does not hold is forgotten, to be loaded again. */
  restore(conversationIds: Iterable<string>, snapshot: ReadonlyMap<string, number>): void {
    for (const id of conversationIds) {
      const seq = snapshot.get(id);
      if (seq === undefined) this.lastSeq.delete(id);
      else this.lastSeq.set(id, seq);
    }
  }

  forgetShard(shard: number): void {
    for (const id of this.lastSeq.keys()) if (shardOf(id) === shard) this.lastSeq.delete(id);
  }
}

import type { ReceiptKind, UserId } from '@parley/contracts';
import type { CoreContext } from './core-context';

export interface ReceiptToSend {
  kind: ReceiptKind;
  peer: UserId;
  upToSeq: number;
}

/**
 * Receipts are cumulative, so only the highest seq per peer and kind is worth sending, and only
 * once. What failed to go out is forgotten and goes again with the next message.
 */
export class ReceiptQueue {
  private readonly sent = new Map<string, number>();
  private readonly pending = new Map<string, ReceiptToSend>();

  note(kind: ReceiptKind, peer: UserId, upToSeq: number): boolean {
    const key = `${kind}:${peer}`;
    if (
      upToSeq <= 0 ||
      upToSeq <= (this.sent.get(key) ?? 0) ||
      upToSeq <= (this.pending.get(key)?.upToSeq ?? 0)
    )
      return false;
    this.pending.set(key, { kind, peer, upToSeq });
    return true;
  }

  /** Delivered before read, so the peer never sees "read" overtaken by an older "delivered". */
  take(): ReceiptToSend[] {
    const out = [...this.pending.values()].sort((a, b) =>
      a.kind === b.kind ? 0 : a.kind === 'delivered' ? -1 : 1,
    );
    this.pending.clear();
    for (const r of out) this.sent.set(`${r.kind}:${r.peer}`, r.upToSeq);
    return out;
  }

  failed(receipt: ReceiptToSend): void {
    const key = `${receipt.kind}:${receipt.peer}`;
    if (this.sent.get(key) === receipt.upToSeq) this.sent.delete(key);
  }
}

/**
 * Sends what the queue holds, batched for a moment so a burst of messages costs one receipt per
 * peer; while offline it keeps them for `resume` after the next welcome.
 */
export class ReceiptSender {
  private queue = new ReceiptQueue();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly ctx: Pick<CoreContext, 'request' | 'isOnline'>) {}

  note(kind: ReceiptKind, peer: UserId, upToSeq: number): void {
    this.queue.note(kind, peer, upToSeq);
    this.resume();
  }

  resume(): void {
    if (this.timer || !this.ctx.isOnline) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.ctx.isOnline) return;
      for (const receipt of this.queue.take()) {
        this.ctx.request('receipt', receipt).catch(() => this.queue.failed(receipt));
      }
    }, 50);
  }

  /** For the next person to sign in: nothing of the last one's is sent. */
  reset(): void {
    this.stop();
    this.queue = new ReceiptQueue();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

import type { ReceiptKind, UserId } from '@parley/contracts';

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

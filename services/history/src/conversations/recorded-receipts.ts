import { Inject, Injectable } from '@nestjs/common';
import { Receipt, ReceiptRecorded, envelope } from '@parley/contracts';
import { Bus } from '@parley/messaging';

/**
 * Announces the marks a batch raised, once they are stored. A publish the broker refused is kept
 * and goes with the next attempt: the marks are stored by then, so recomputing would find nothing
 * risen and the receipt would never reach the other member.
 */
@Injectable()
export class RecordedReceipts {
  private pending: Receipt[] = [];

  constructor(@Inject(Bus) private readonly bus: Bus) {}

  async announce(receipts: readonly Receipt[]): Promise<void> {
    const out = this.pending.concat(receipts);
    this.pending = [];
    if (out.length === 0) return;
    try {
      await this.bus.publishAll(
        ReceiptRecorded,
        out.map((receipt) => envelope(ReceiptRecorded, receipt)),
      );
    } catch (error) {
      this.pending = out.concat(this.pending);
      throw error;
    }
  }
}

import { StoredMessage } from '@parley/contracts';
import { eventually, pause } from '@parley/testing';
import { BenchClient } from './bench-client';
import { Summary, summarize } from './stats';

interface Sent {
  senderId: string;
  recipientId: string;
  /** When the message was due (open loop) or sent (closed loop): latencies count from here. */
  dueAt: number;
  sentAt: number;
  ackAt: number | null;
  deliveredAt: number | null;
  /** Copies pushed to the recipient and back to the sender's own device (which learns the seq that way). */
  deliveries: number;
  echoes: number;
  /** Called once, on the first copy to the recipient. */
  onDelivered: (() => void) | null;
}

export interface LedgerResult {
  sent: number;
  acked: number;
  /** Sends answered with an error or not at all: the sender knows, so these are not "lost". */
  failed: number;
  /** Acked but never pushed to the recipient before the drain deadline. */
  lost: number;
  /** Copies beyond the first, to the recipient or back to the sender, by message id. */
  duplicated: number;
  sendToAckMs: Summary;
  sendToDeliveredMs: Summary;
  /** How late the generator itself sent against its schedule (open loop; 0 in closed loop). */
  sendLagMs: Summary;
  /** Delivered messages per second, first send to last delivery. */
  deliveredPerSecond: number;
  seconds: number;
  errors: string[];
}

/**
 * Every message of one measured phase: when it was due, sent, acked and delivered, and how many
 * copies arrived. Messages are keyed by their server-derived id, so a duplicate is counted however
 * it arrives (redelivery, resend, two bindings).
 */
export class Ledger {
  private readonly byClientMsgId = new Map<string, Sent>();
  private readonly byMessageId = new Map<string, Sent>();
  private readonly early = new Map<string, { deliveredAt: number | null; copies: number; echoes: number }>();
  private readonly errors = new Map<string, number>();
  private firstSend = Infinity;
  private lastDelivery = 0;
  private arrivals = 0;

  constructor(
    private readonly tag: string,
    clients: BenchClient[],
  ) {
    for (const client of clients) client.onMessage((message, at) => this.arrived(client.userId, message, at));
  }

  /**
   * Sends one message; resolves once it is acked (or refused), or with `until: 'delivered'` once
   * its recipient also has it (or it was refused).
   */
  async send(
    from: BenchClient,
    to: BenchClient,
    n: number,
    text: string,
    dueAt: number,
    until: 'ack' | 'delivered' = 'ack',
  ): Promise<void> {
    const clientMsgId = `${this.tag}-${from.userId.slice(0, 8)}-${n}`;
    const sentAt = performance.now();
    const record: Sent = {
      senderId: from.userId,
      recipientId: to.userId,
      dueAt,
      sentAt,
      ackAt: null,
      deliveredAt: null,
      deliveries: 0,
      echoes: 0,
      onDelivered: null,
    };
    this.byClientMsgId.set(clientMsgId, record);
    this.firstSend = Math.min(this.firstSend, dueAt);
    try {
      const ack = await from.request('message.send', { clientMsgId, to: to.userId, text }, 30_000);
      record.ackAt = performance.now();
      this.byMessageId.set(ack.messageId, record);
      // The stored copy can overtake the ack; it was parked under its message id until now.
      const early = this.early.get(ack.messageId);
      if (early) {
        this.early.delete(ack.messageId);
        record.deliveredAt = early.deliveredAt;
        record.deliveries = early.copies;
        record.echoes = early.echoes;
      }
      // A message that never arrives is counted lost at the end; its lane goes on after a while.
      if (until === 'delivered' && record.deliveredAt === null)
        await Promise.race([new Promise<void>((resolve) => (record.onDelivered = resolve)), pause(30_000)]);
    } catch (error) {
      const reason = (error as Error).message.slice(0, 120);
      this.errors.set(reason, (this.errors.get(reason) ?? 0) + 1);
    }
  }

  /**
   * Waits until every acked message reached its recipient and its sender. Gives up when nothing
   * arrived for `quietMs` (what is missing then is lost, not slow) or after `maxMs` in all.
   */
  async drain(quietMs: number, maxMs: number): Promise<void> {
    let arrivals = -1;
    let lastProgress = performance.now();
    await eventually(
      async () => {
        if (this.arrivals !== arrivals) {
          arrivals = this.arrivals;
          lastProgress = performance.now();
        }
        return this.complete() || performance.now() - lastProgress >= quietMs;
      },
      (over) => over,
      maxMs,
      20,
    );
  }

  result(clients: BenchClient[]): LedgerResult {
    for (const client of clients) client.onMessage(null);
    const records = [...this.byClientMsgId.values()];
    const acked = records.filter((r) => r.ackAt !== null);
    const delivered = acked.filter((r) => r.deliveredAt !== null);
    const duplicated =
      records.reduce((n, r) => n + Math.max(0, r.deliveries - 1) + Math.max(0, r.echoes - 1), 0) +
      [...this.early.values()].reduce((n, e) => n + Math.max(0, e.copies - 1) + Math.max(0, e.echoes - 1), 0);
    const seconds = (this.lastDelivery - this.firstSend) / 1000;
    return {
      sent: records.length,
      acked: acked.length,
      failed: records.length - acked.length,
      lost: acked.length - delivered.length,
      duplicated,
      sendToAckMs: summarize(acked.map((r) => r.ackAt! - r.dueAt)),
      sendToDeliveredMs: summarize(delivered.map((r) => r.deliveredAt! - r.dueAt)),
      sendLagMs: summarize(records.map((r) => r.sentAt - r.dueAt)),
      deliveredPerSecond: seconds > 0 ? delivered.length / seconds : 0,
      seconds,
      errors: [...this.errors].map(([reason, count]) => `${count}x ${reason}`),
    };
  }

  private complete(): boolean {
    for (const r of this.byMessageId.values()) if (r.deliveries === 0 || r.echoes === 0) return false;
    return true;
  }

  private arrived(receiverId: string, message: StoredMessage, at: number): void {
    this.arrivals++;
    const record = this.byMessageId.get(message.messageId);
    const toRecipient = receiverId === message.to;
    if (record) {
      if (toRecipient) {
        record.deliveries++;
        record.deliveredAt ??= at;
        this.lastDelivery = Math.max(this.lastDelivery, at);
        record.onDelivered?.();
        record.onDelivered = null;
      } else record.echoes++;
      return;
    }
    if (!message.clientMsgId.startsWith(`${this.tag}-`)) return;
    const early = this.early.get(message.messageId) ?? { deliveredAt: null, copies: 0, echoes: 0 };
    if (toRecipient) {
      early.copies++;
      early.deliveredAt ??= at;
      this.lastDelivery = Math.max(this.lastDelivery, at);
    } else early.echoes++;
    this.early.set(message.messageId, early);
  }
}

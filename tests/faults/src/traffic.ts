import { StoredMessage } from '@parley/contracts';
import { TestClient, eventually, pause } from '@parley/testing';

const OPEN = 1;

export interface PairReport {
  /** For each acked message missing from history: the seq its recipient saw, if any. */
  missing: { messageId: string; seenSeq: number | null }[];
  acked: number;
  stored: number;
  lost: number;
  duplicatedInStore: number;
  undelivered: number;
  gaps: number;
}

export interface TrafficTotal {
  acked: number;
  lost: number;
  duplicated: number;
  undelivered: number;
  gaps: number;
}

/** The reports of all pairs added up. */
export function totalOf(reports: readonly PairReport[]): TrafficTotal {
  return reports.reduce(
    (sum, r) => ({
      acked: sum.acked + r.acked,
      lost: sum.lost + r.lost,
      duplicated: sum.duplicated + r.duplicatedInStore,
      undelivered: sum.undelivered + r.undelivered,
      gaps: sum.gaps + r.gaps,
    }),
    { acked: 0, lost: 0, duplicated: 0, undelivered: 0, gaps: 0 },
  );
}

/**
 * A steady stream of messages in both directions of several pairs, sent the way a real client
 * does: on any failure the same clientMsgId is sent again until it is acked, and a dropped
 * connection is reopened (to any gateway that answers) and caught up from history.
 */
export class Traffic {
  private readonly acked = new Map<string, { from: string; to: string }>();
  private readonly seen = new Map<string, Map<string, StoredMessage>>();
  private running = false;
  private loops: Promise<void>[] = [];
  private counter = 0;
  private readonly connecting = new Map<TestClient, Promise<void>>();

  constructor(
    private readonly pairs: readonly [TestClient, TestClient][],
    private readonly gateways: () => string[],
    private readonly intervalMs = 200,
  ) {}

  get ackedCount(): number {
    return this.acked.size;
  }

  start(): void {
    this.running = true;
    this.loops = this.pairs.flatMap(([a, b]) => [this.loop(a, b), this.loop(b, a)]);
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** Sends one message and resolves once its recipient has it live; the time from `since` until then. */
  async probe(since: number): Promise<number> {
    const [sender, recipient] = this.pairs[0]!;
    // A fault can drop connections (a blocked test process misses heartbeats): the recipient must be
    // back before the probe is sent, or it would get the probe from history instead of live.
    await this.reconnect(recipient);
    const messageId = await this.send(sender, recipient, 60_000);
    await recipient.waitFor((e) => e.event === 'message' && e.message.messageId === messageId, 60_000);
    return Math.round(performance.now() - since);
  }

  /** Checks every pair against the store (history) and what each recipient saw. */
  async verify(): Promise<PairReport[]> {
    const reports: PairReport[] = [];
    for (const [a, b] of this.pairs) {
      for (const client of [a, b]) await this.connect(client);
      const ackedHere = [...this.acked].filter(
        ([, p]) => (p.from === a.userId && p.to === b.userId) || (p.from === b.userId && p.to === a.userId),
      );
      // An ack means the broker holds the message; after a fault the store may still be working
      // through a backlog, so give it time before calling anything lost.
      const history = await eventually(
        () => fullHistory(a, b.userId),
        (messages) => {
          const ids = new Set(messages.map((m) => m.messageId));
          return ackedHere.every(([id]) => ids.has(id));
        },
        60_000,
      );
      const ids = history.map((m) => m.messageId);
      const stored = new Set(ids);
      let undelivered = 0;
      for (const [id, { to }] of ackedHere) {
        const recipient = to === a.userId ? a : b;
        await this.catchUp(recipient, to === a.userId ? b.userId : a.userId);
        if (!this.seenBy(recipient).has(id)) undelivered++;
      }
      const missing = ackedHere
        .filter(([id]) => !stored.has(id))
        .map(([id, { to }]) => ({
          messageId: id,
          seenSeq: this.seenBy(to === a.userId ? a : b).get(id)?.seq ?? null,
        }));
      reports.push({
        missing,
        acked: ackedHere.length,
        stored: ids.length,
        lost: ackedHere.filter(([id]) => !stored.has(id)).length,
        duplicatedInStore: ids.length - stored.size,
        undelivered,
        gaps: history.filter((m, i) => m.seq !== i + 1).length,
      });
    }
    return reports;
  }

  private async loop(sender: TestClient, recipient: TestClient): Promise<void> {
    while (this.running) {
      await this.send(sender, recipient, 120_000);
      await pause(this.intervalMs);
    }
  }

  private async send(sender: TestClient, recipient: TestClient, deadlineMs: number): Promise<string> {
    const clientMsgId = `t${this.counter++}`;
    const deadline = Date.now() + deadlineMs;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.connect(sender);
        const ack = await sender.request(
          'message.send',
          { clientMsgId, to: recipient.userId, text: `message ${clientMsgId}` },
          5000,
        );
        this.acked.set(ack.messageId, { from: sender.userId, to: recipient.userId });
        return ack.messageId;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`${clientMsgId} not acked within ${deadlineMs} ms: ${(error as Error).message}`);
        await pause(Math.min(2000, 100 * 2 ** attempt));
      }
    }
  }

  /** Reopens a dropped connection, trying again until a gateway takes it. */
  async reconnect(client: TestClient): Promise<void> {
    const connected = await eventually(
      () =>
        this.connect(client).then(
          () => true,
          () => false,
        ),
      (ok) => ok,
      60_000,
    );
    // `eventually` hands back the last try when time runs out: say so here, not three steps later.
    if (!connected) throw new Error(`${client.userId} could not reconnect to any gateway within 60 s`);
  }

  /** Reopens a dropped connection on the first gateway that takes it; one attempt per client at a time. */
  private connect(client: TestClient): Promise<void> {
    if (client.socketState === OPEN) return Promise.resolve();
    let attempt = this.connecting.get(client);
    if (!attempt) {
      attempt = this.connectSomewhere(client).finally(() => this.connecting.delete(client));
      this.connecting.set(client, attempt);
    }
    return attempt;
  }

  private async connectSomewhere(client: TestClient): Promise<void> {
    let last: unknown;
    for (const url of this.gateways()) {
      try {
        await client.connect(url);
        return;
      } catch (error) {
        last = error;
      }
    }
    throw last instanceof Error ? last : new Error('no gateway took the connection');
  }

  private seenBy(client: TestClient): Map<string, StoredMessage> {
    let seen = this.seen.get(client.userId);
    if (!seen) this.seen.set(client.userId, (seen = new Map()));
    for (const message of client.messages()) seen.set(message.messageId, message);
    return seen;
  }

  /** What a client does after reconnecting: fetch what came after the last message it has. */
  private async catchUp(client: TestClient, peer: string): Promise<void> {
    const seen = this.seenBy(client);
    // From the end of what it has without a gap: a live message after an outage does not mean
    // the ones before it arrived.
    const have = new Set(
      [...seen.values()].filter((m) => m.from === peer || m.to === peer).map((m) => m.seq),
    );
    let after = 0;
    while (have.has(after + 1)) after++;
    for (let hasMore = true; hasMore;) {
      const page = await client.request('conversation.page', { peer, afterSeq: after, limit: 200 });
      for (const message of page.messages) seen.set(message.messageId, message);
      after = page.messages.at(-1)?.seq ?? after;
      hasMore = page.hasMore;
    }
  }
}

async function fullHistory(client: TestClient, peer: string): Promise<StoredMessage[]> {
  const messages: StoredMessage[] = [];
  for (let after = 0, hasMore = true; hasMore;) {
    const page = await client.request('conversation.page', { peer, afterSeq: after, limit: 200 });
    messages.push(...page.messages);
    after = page.messages.at(-1)?.seq ?? after;
    hasMore = page.hasMore;
  }
  return messages;
}

import { ConversationView } from '@parley/contracts';
import { BenchClient } from '../bench-client';
import { waitDrained } from '../broker-stats';
import { Context } from '../context';
import { Summary, mapLimit, poll, summarize } from '../stats';

/** Unread messages waiting in each conversation when it is opened: the view is "last 10 plus these". */
const UNREAD = 5;

export interface OpenConversationResult {
  opens: number;
  /** Opens answered with an error (the gateway gives up on history after RPC_TIMEOUT_MS). */
  failed: number;
  unreadPerConversation: number;
  /** What history still had to apply when the phase began (earlier phases' messages), and how long that took. */
  historyBacklog: { initial: number; seconds: number; left: number };
  /** Preparing the conversations (read receipts, new unread messages) until history showed them. */
  settleSeconds: number;
  messagesPerView: Summary;
  openMs: Summary;
}

/** An open that may fail while history is busy; null then. */
const tryOpen = (reader: BenchClient, peer: BenchClient): Promise<ConversationView | null> =>
  reader.request('conversation.open', { peer: peer.userId }, 30_000).catch(() => null);

/**
 * Brings every conversation to "all read, then UNREAD new ones", then times conversation.open
 * one request at a time (latency, not queueing), round robin over the conversations.
 */
export async function openConversation({
  system,
  flags,
  pairs,
  text,
}: Context): Promise<OpenConversationResult> {
  // Opens made while history is still applying earlier traffic would time that, not an open.
  const historyBacklog = await waitDrained(system, 120_000);
  const started = performance.now();
  await mapLimit(pairs, 8, async ({ a, b }, p) => {
    const view = await poll(
      () => tryOpen(b, a),
      (v) => v !== null,
      120_000,
    );
    if (!view) throw new Error(`conversation ${p}: history did not answer conversation.open within 120 s`);
    if (view.lastSeq > 0) await b.request('receipt', { kind: 'read', peer: a.userId, upToSeq: view.lastSeq });
    for (let i = 0; i < UNREAD; i++)
      await a.request('message.send', { clientMsgId: `oc-${p}-${i}`, to: b.userId, text });
    // History applies receipts and stored messages asynchronously; wait until its view settled.
    const settled = await poll(
      () => tryOpen(b, a),
      (v) => v?.unreadCount === UNREAD && v.lastSeq === view.lastSeq + UNREAD,
      60_000,
    );
    if (settled?.unreadCount !== UNREAD)
      throw new Error(`conversation ${p}: history shows ${settled?.unreadCount} unread, expected ${UNREAD}`);
  });
  const settleSeconds = (performance.now() - started) / 1000;
  const openMs: number[] = [];
  const sizes: number[] = [];
  let failed = 0;
  for (let i = 0; i < flags.opens; i++) {
    const { a, b } = pairs[i % pairs.length]!;
    const t0 = performance.now();
    const view = await tryOpen(b, a);
    if (!view) {
      failed++;
      continue;
    }
    openMs.push(performance.now() - t0);
    sizes.push(view.messages.length);
  }
  return {
    opens: flags.opens,
    failed,
    unreadPerConversation: UNREAD,
    historyBacklog,
    settleSeconds,
    messagesPerView: summarize(sizes),
    openMs: summarize(openMs),
  };
}

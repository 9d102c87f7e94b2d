import { StoredMessage } from '@parley/contracts';
import { waitDrained } from '../broker-stats';
import { Context } from '../context';
import { befriend, registerAndConnect } from '../population';
import { mapLimit, poll, Summary, summarize } from '../stats';

/** Messages per conversation.page: the protocol's maximum, which the terminal client asks for when it catches up. */
const PAGE = 200;

export interface FlushRun {
  unread: number;
  received: number;
  connectMs: number;
  openMs: number;
  pages: number;
  totalMs: number;
}

export interface OfflineFlushResult {
  unread: number;
  runs: FlushRun[];
  totalMs: Summary;
  /** Unread messages the returning user did not get: must be 0. */
  missing: number;
}

/**
 * A user goes offline, its friend sends `unread` messages, and the user comes back: the time from
 * starting the reconnect until every unread message is on the client (welcome, conversation.open,
 * then conversation.page after the last seq until nothing more). One fresh pair per repetition.
 */
export async function offlineFlush({ system, flags, text }: Context): Promise<OfflineFlushResult> {
  const runs: FlushRun[] = [];
  for (let r = 0; r < flags.flushRepeats; r++) {
    const { clients } = await registerAndConnect(system, 1, `flush${r}-`, 2);
    const reader = clients[0]!;
    const writer = clients[1]!;
    await befriend([reader, writer]);
    reader.close();
    await reader.waitUntil(() => reader.closeInfo !== null, 10_000, 'reader disconnected');
    await mapLimit(
      Array.from({ length: flags.unread }, (_, i) => i),
      10,
      (i) => writer.request('message.send', { clientMsgId: `fl${r}-${i}`, to: reader.userId, text }, 30_000),
    );
    // Acked means the broker holds them; wait until history has applied all of them before the
    // user returns, so the figure is the flush and not history catching up.
    await waitDrained(system, 120_000);
    await poll(
      () => writer.request('conversation.open', { peer: reader.userId }, 30_000).catch(() => null),
      (v) => (v?.lastSeq ?? 0) >= flags.unread,
      120_000,
    );

    const t0 = performance.now();
    await reader.connect();
    const connectMs = performance.now() - t0;
    const view = await reader.request('conversation.open', { peer: writer.userId });
    const openMs = performance.now() - t0;
    const unread = new Map<string, StoredMessage>();
    const keep = (messages: StoredMessage[]) => {
      for (const m of messages)
        if (view.firstUnreadSeq !== null && m.seq >= view.firstUnreadSeq) unread.set(m.messageId, m);
    };
    keep(view.messages);
    let last = view.messages.at(-1)?.seq ?? 0;
    let more = view.hasMoreAfter;
    let pages = 0;
    // Bounded: each page advances `last` by up to PAGE seqs, and there are at most lastSeq of them.
    while (more && pages <= view.lastSeq / PAGE + 1) {
      const page = await reader.request('conversation.page', {
        peer: writer.userId,
        afterSeq: last,
        limit: PAGE,
      });
      keep(page.messages);
      last = page.messages.at(-1)?.seq ?? last;
      more = page.hasMore && page.messages.length > 0;
      pages++;
    }
    runs.push({
      unread: view.unreadCount,
      received: unread.size,
      connectMs,
      openMs,
      pages,
      totalMs: performance.now() - t0,
    });
    reader.close();
    writer.close();
  }
  return {
    unread: flags.unread,
    runs,
    totalMs: summarize(runs.map((r) => r.totalMs)),
    missing: runs.reduce((n, r) => n + Math.max(0, flags.unread - r.received), 0),
  };
}

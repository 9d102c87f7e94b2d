import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MESSAGE_LOG, SubmittedMessage, conversationId } from '@parley/contracts';
import {
  StoreUnderTest,
  eventually,
  pause,
  startDatabase,
  stopDatabase,
  submittedMessage,
} from '@parley/testing';

const CONVERSATIONS = 8;
const RESTARTS = 4;

/**
 * The store alone, fed straight through the broker, while the database is stopped and started
 * again several times: batches are in flight whenever it goes, some half written, and are
 * retried, split or requeued once it is back. Every conversation must still end up numbered
 * 1..n, each message stored once.
 */
describe('store through database restarts under a steady stream', () => {
  let store: StoreUnderTest;
  let databaseStopped = false;
  const conversations = Array.from({ length: CONVERSATIONS }, () => {
    const [alice, bob] = [randomUUID(), randomUUID()];
    return { alice, bob, id: conversationId(alice, bob), sent: [] as SubmittedMessage[] };
  });

  before(async () => {
    store = await StoreUnderTest.start('dbrestart');
  });

  after(async () => {
    // Whatever failed, the database must be running again for the next test file.
    if (databaseStopped) await startDatabase().catch(() => undefined);
    await store?.stop();
  });

  it('numbers every conversation 1..n with no hole and stores each message once', async () => {
    let sending = true;
    // Each conversation gets a batch of 1 to 4 messages every 20 ms, as gateways hand them over.
    const streams = conversations.map(async (c) => {
      for (let n = 0; sending; n++) {
        const batch = Array.from({ length: 1 + (n % 4) }, (_, i) =>
          submittedMessage(c.alice, c.bob, `m${n}-${i}`),
        );
        await store.submit(batch);
        c.sent.push(...batch);
        await pause(20);
      }
    });
    try {
      for (let i = 0; i < RESTARTS; i++) {
        await pause(1000);
        databaseStopped = true;
        await stopDatabase();
        await startDatabase();
        databaseStopped = false;
      }
      await pause(1000);
    } finally {
      sending = false;
      await Promise.all(streams);
    }

    const sent = conversations.reduce((n, c) => n + c.sent.length, 0);
    // One read of the whole log (FerretDB scans for any filter but `_id` anyway), until the
    // store has worked through its backlog.
    const log = await eventually(
      () =>
        store.db
          .collection(MESSAGE_LOG.messages)
          .find({}, { projection: { conversationId: 1, seq: 1, messageId: 1 } })
          .toArray(),
      (docs) => new Set(docs.map((d) => d.messageId)).size >= sent,
      90_000,
    );
    const storedCount = new Set(log.map((d) => d.messageId)).size;
    if (storedCount < sent) {
      const health = await store.service.health();
      console.log(
        `${storedCount} of ${sent} messages stored; /health ${health.status} ${JSON.stringify(health.body)}; the store said:\n${store.service.logs.slice(-30).join('\n')}`,
      );
    }
    const claims = await store.db.collection(MESSAGE_LOG.claims).find({}).toArray();
    for (const c of conversations) {
      const stored = log.filter((d) => d.conversationId === c.id);
      const seqs = stored.map((d) => d.seq as number).sort((x, y) => x - y);
      const holes = Array.from({ length: seqs.at(-1) ?? 0 }, (_, i) => i + 1).filter(
        (s) => !seqs.includes(s),
      );
      assert.deepEqual(
        { holes, claimsOfHoles: claims.filter((k) => k.conversationId === c.id && holes.includes(k.seq)) },
        { holes: [], claimsOfHoles: [] },
        `conversation ${c.id}: seqs without a message, and the claims that hold them`,
      );
      assert.deepEqual(
        seqs,
        Array.from({ length: c.sent.length }, (_, i) => i + 1),
        'seqs 1..n, none twice',
      );
      assert.deepEqual(
        new Set(stored.map((d) => d.messageId)),
        new Set(c.sent.map((m) => m.messageId)),
        'every submitted message stored, once',
      );
    }
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  MESSAGE_LOG,
  MessageDocument,
  MessagesStored,
  ReceiptKind,
  ReceiptRecorded,
  ReceiptSubmitted,
  StoredMessage,
  conversationId,
  envelope,
  messageKey,
} from '@parley/contracts';
import { AmqpBus, AmqpConnection, Delivery } from '@parley/messaging';
import { createLogger } from '@parley/platform';
import { Database } from '@parley/database';
import { EventTap, TestNamespace, createNamespace, eventually } from '@parley/testing';
import { HistoryConfig } from '../src/config';
import { ConversationFold } from '../src/conversations/conversation-fold';
import { ConversationStateRepository } from '../src/conversations/conversation-state.repository';
import { HistoryService } from '../src/conversations/history.service';
import { MessageLogReader } from '../src/conversations/message-log.reader';
import { HistoryEventData, ReadModelService } from '../src/conversations/read-model.service';
import { RecentMessages } from '../src/conversations/recent-messages';
import { RecordedReceipts } from '../src/conversations/recorded-receipts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The read model against the real database and broker: messages are written to the log as the
 * store writes them and handed over as the history queue would; receipts are announced on the
 * broker. Room in memory for two conversation states and no recent messages, so states and
 * messages are read back from the database.
 */
describe('read model', () => {
  let ns: TestNamespace;
  let database: Database;
  let broker: AmqpConnection;
  let recorded: EventTap;
  let states: ConversationStateRepository;
  let readModel: ReadModelService;
  let history: HistoryService;
  const seqs = new Map<string, number>();

  /** A message as the store wrote it to the log, not yet given to the read model. */
  const stored = async (from: string, to: string): Promise<StoredMessage> => {
    const id = conversationId(from, to);
    const seq = (seqs.get(id) ?? 0) + 1;
    seqs.set(id, seq);
    const at = new Date().toISOString();
    const message = {
      messageId: randomUUID(),
      clientMsgId: randomUUID(),
      conversationId: id,
      from,
      to,
      text: `message ${seq}`,
      sentAt: at,
      seq,
      storedAt: at,
    };
    await database.connection
      .collection<MessageDocument>(MESSAGE_LOG.messages)
      .insertOne({ _id: messageKey(id, seq), ...message });
    return message;
  };
  const delivery = (event: Delivery<HistoryEventData>['event'], redelivered = false) => ({
    event,
    redelivered,
  });
  const messages = (...list: StoredMessage[]) => delivery(envelope(MessagesStored, { messages: list }));
  const receipt = (kind: ReceiptKind, reader: string, peer: string, upToSeq: number, redelivered = false) =>
    delivery(
      envelope(ReceiptSubmitted, {
        kind,
        conversationId: conversationId(reader, peer),
        reader,
        peer,
        upToSeq,
        at: new Date().toISOString(),
      }),
      redelivered,
    );
  /** The receipts announced for a conversation, as `kind:upToSeq`. */
  const announced = (a: string, b: string) =>
    recorded.received
      .map((r) => ReceiptRecorded.envelope.parse(r.event).data)
      .filter((r) => r.conversationId === conversationId(a, b))
      .map((r) => `${r.reader === a ? 'a' : 'b'} ${r.kind}:${r.upToSeq}`);
  const pair = () => [randomUUID(), randomUUID()] as const;
  /**
   * A receipt that does rise, in a conversation of its own, once it is announced: announcements
   * leave in order, so whatever was to be announced before it has been by then.
   */
  const barrier = async () => {
    const [x, y] = pair();
    await readModel.apply([messages(await stored(y, x))]);
    await readModel.apply([receipt('delivered', x, y, 1)]);
    await eventually(
      async () => announced(x, y),
      (got) => got.length === 1,
    );
  };
  const open = (userId: string, peerId: string) =>
    history.open({ userId, peerId, recent: 10, unreadPage: 100 });

  before(async () => {
    ns = await createNamespace('readmodel');
    database = new Database(ns.mongoUrl, createLogger('test', 'silent'));
    broker = new AmqpConnection({ url: ns.rabbitUrl, name: 'readmodel-test', logger: quiet });
    recorded = await EventTap.listen(ns.rabbitUrl, ['receipt.recorded.*']);
    await broker.start();
    states = new ConversationStateRepository(database);
    const config = {
      HISTORY_CACHE_STATES: 2,
      HISTORY_CACHE_MESSAGES: 0,
      HISTORY_CACHE_PER_CONVERSATION: 1,
    } as HistoryConfig;
    const recent = new RecentMessages(config);
    const log = new MessageLogReader(database, recent);
    readModel = new ReadModelService(
      states,
      new ConversationFold(log, recent),
      new RecordedReceipts(new AmqpBus(broker, quiet)),
      config,
    );
    history = new HistoryService(readModel, log);
    await database.open();
  });

  after(async () => {
    await recorded?.close();
    await broker?.close();
    await database?.close();
    await ns?.dispose();
  });

  it('keeps every conversation exact while only two fit in memory', async () => {
    const alice = randomUUID();
    const friends = Array.from({ length: 5 }, () => randomUUID());
    for (let round = 0; round < 3; round++)
      await readModel.apply([messages(...(await Promise.all(friends.map((f) => stored(alice, f)))))]);
    await readModel.apply(friends.map((friend) => receipt('read', friend, alice, 2)));
    for (const friend of friends) {
      const id = conversationId(alice, friend);
      const expected = {
        _id: id,
        lastSeq: 3,
        sent: { [alice]: 3 },
        newest: { [alice]: 3 },
        read: { [friend]: 2 },
        delivered: { [friend]: 2 },
        readCount: { [friend]: 2 },
      };
      assert.deepEqual(await readModel.current(id), expected);
      assert.deepEqual(await states.find(id), expected);
    }
  });

  it('does not take sending for reading: a reply leaves the peer’s messages unread', async () => {
    const [x, y] = pair();
    await readModel.apply([messages(await stored(y, x), await stored(y, x), await stored(y, x))]);
    await readModel.apply([messages(await stored(x, y))]);
    const forX = await open(x, y);
    assert.equal(forX.unreadCount, 3);
    assert.equal(forX.firstUnreadSeq, 1);
    const forY = await open(y, x);
    assert.equal(forY.peerReadSeq, 0, 'nobody told y that x read anything');
    assert.equal(forY.unreadCount, 1);
    assert.equal(forY.firstUnreadSeq, 4);
    assert.deepEqual(announced(x, y), []);
  });

  it('clamps a receipt to the peer’s newest message, announces what it stored, and never lowers it', async () => {
    const [a, b] = pair();
    await readModel.apply([messages(await stored(b, a), await stored(b, a), await stored(a, b))]);
    await readModel.apply([receipt('read', a, b, 1002)]);
    await eventually(
      async () => announced(a, b),
      (got) => got.length === 1,
    );
    assert.deepEqual(
      announced(a, b),
      ['a read:2'],
      'on b’s newest message, not past the end, not on a’s own',
    );
    await readModel.apply([receipt('read', a, b, 1)]);
    await readModel.apply([receipt('delivered', a, b, 2)]);
    await readModel.apply([receipt('read', a, b, 3)]);
    const view = await open(b, a);
    assert.equal(view.peerReadSeq, 2);
    assert.equal(view.peerDeliveredSeq, 2);
    assert.equal((await open(a, b)).unreadCount, 0);
    await barrier();
    assert.deepEqual(announced(a, b), ['a read:2'], 'nothing lower or equal is announced again');
  });

  it('ignores a receipt for a conversation with nothing of the peer in it', async () => {
    const [stranger, other] = pair();
    await readModel.apply([receipt('read', stranger, other, 5), receipt('delivered', stranger, other, 5)]);
    await readModel.apply([messages(await stored(stranger, other))]);
    await readModel.apply([receipt('read', stranger, other, 1)]);
    const view = await open(other, stranger);
    assert.equal(view.peerReadSeq, 0);
    assert.equal(view.peerDeliveredSeq, 0);
    await barrier();
    assert.deepEqual(announced(stranger, other), []);
  });

  it('says a mark again for a redelivered receipt, which may follow a crash before announcing', async () => {
    const [a, b] = pair();
    await readModel.apply([messages(await stored(b, a))]);
    await readModel.apply([receipt('delivered', a, b, 1)]);
    await readModel.apply([receipt('delivered', a, b, 1, true)]);
    await eventually(
      async () => announced(a, b),
      (got) => got.length === 2,
    );
    assert.deepEqual(announced(a, b), ['a delivered:1', 'a delivered:1']);
  });

  it('counts exactly when messages arrive out of order or a receipt runs ahead of them', async () => {
    const [a, b] = pair();
    const m = [await stored(b, a), await stored(a, b), await stored(b, a), await stored(b, a)];
    await readModel.apply([messages(m[2]!), messages(m[0]!, m[1]!)]);
    await readModel.apply([receipt('read', a, b, 4)]);
    await readModel.apply([messages(m[3]!)]);
    const state = await readModel.current(conversationId(a, b));
    assert.equal(state.lastSeq, 4);
    assert.deepEqual(state.sent, { [a]: 1, [b]: 3 });
    assert.equal(state.read[a], 4);
    assert.equal((await open(a, b)).unreadCount, 0);
  });

  it('counts, once, a conversation whose state was stored before per-member counts', async () => {
    const [a, b] = pair();
    const id = conversationId(a, b);
    for (const from of [a, b, b, a, b]) await stored(from, from === a ? b : a);
    // As an earlier version left it: sending had raised the sender's own read mark.
    await database.connection
      .collection('conversation_states')
      .insertOne({ _id: id, lastSeq: 5, read: { [a]: 4, [b]: 5 }, delivered: { [a]: 4, [b]: 5 } } as never);
    const state = await readModel.current(id);
    assert.deepEqual(state.sent, { [a]: 2, [b]: 3 });
    assert.deepEqual(state.newest, { [a]: 4, [b]: 5 });
    assert.deepEqual(state.readCount, { [a]: 2, [b]: 2 });
    assert.equal((await open(a, b)).unreadCount, 1);
    assert.equal((await open(a, b)).firstUnreadSeq, 5);
    assert.equal((await open(b, a)).unreadCount, 0);
  });

  it('counts and shows messages the log holds before the read model has applied them', async () => {
    const [a, b] = pair();
    await readModel.apply([messages(await stored(b, a), await stored(a, b))]);
    await readModel.apply([receipt('read', a, b, 1)]);
    // Stored, announced, still in the history queue.
    await stored(b, a);
    await stored(a, b);
    const newest = await stored(b, a);
    const view = await open(a, b);
    assert.equal(view.lastSeq, 5);
    assert.equal(view.unreadCount, 2);
    assert.equal(view.firstUnreadSeq, 3);
    assert.deepEqual(
      view.messages.map((m) => m.seq),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(await history.unreadCounts(a, [b]), {
      [b]: { unread: 2, lastSeq: 5, lastAt: newest.sentAt },
    });
  });

  it('says when the newest message of each conversation was sent, null where there is none', async () => {
    const [a, b] = pair();
    const [, c] = pair();
    const first = await stored(a, b);
    const newest = await stored(b, a);
    await readModel.apply([messages(first, newest)]);
    assert.deepEqual(await history.unreadCounts(a, [b, c]), {
      [b]: { unread: 1, lastSeq: 2, lastAt: newest.sentAt },
      [c]: { unread: 0, lastSeq: 0, lastAt: null },
    });
  });
});

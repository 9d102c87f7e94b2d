import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MessagesStored, ReceiptRecorded, StoredMessage, conversationId, envelope } from '@parley/contracts';
import { Database, createLogger } from '@parley/platform';
import { TestNamespace, createNamespace } from '@parley/testing';
import { HistoryConfig } from '../src/config';
import { ConversationStateRepository } from '../src/conversations/conversation-state.repository';
import { ReadModelService } from '../src/conversations/read-model.service';
import { RecentMessages } from '../src/conversations/recent-messages';

/**
 * The read model against the real database, with room in memory for two conversation states:
 * states that left memory are read back from the database and go on from there.
 */
describe('read model with a bounded state cache', () => {
  let ns: TestNamespace;
  let database: Database;
  let states: ConversationStateRepository;
  let readModel: ReadModelService;
  const alice = randomUUID();
  const friends = Array.from({ length: 5 }, () => randomUUID());
  const conversations = friends.map((friend) => conversationId(alice, friend));
  const seqs = new Map<string, number>();

  const message = (to: string): StoredMessage => {
    const conversation = conversationId(alice, to);
    const seq = (seqs.get(conversation) ?? 0) + 1;
    seqs.set(conversation, seq);
    const at = new Date().toISOString();
    return {
      messageId: randomUUID(),
      clientMsgId: randomUUID(),
      conversationId: conversation,
      from: alice,
      to,
      text: `message ${seq}`,
      sentAt: at,
      seq,
      storedAt: at,
    };
  };

  before(async () => {
    ns = await createNamespace('readmodel');
    database = new Database(ns.mongoUrl, createLogger('test', 'silent'));
    states = new ConversationStateRepository(database);
    const config = {
      HISTORY_CACHE_STATES: 2,
      HISTORY_CACHE_MESSAGES: 0,
      HISTORY_CACHE_PER_CONVERSATION: 1,
    } as HistoryConfig;
    readModel = new ReadModelService(states, new RecentMessages(config), config);
    await database.open();
  });

  after(async () => {
    await database?.close();
    await ns?.dispose();
  });

  it('keeps every conversation exact while only two fit in memory', async () => {
    for (let round = 0; round < 3; round++)
      await readModel.apply([envelope(MessagesStored, { messages: friends.map(message) })]);
    await readModel.apply(
      friends.map((friend, i) =>
        envelope(ReceiptRecorded, {
          kind: 'read',
          conversationId: conversations[i]!,
          reader: friend,
          peer: alice,
          upToSeq: 2,
          at: new Date().toISOString(),
        }),
      ),
    );
    for (const [i, id] of conversations.entries()) {
      const expected = {
        _id: id,
        lastSeq: 3,
        read: { [alice]: 3, [friends[i]!]: 2 },
        delivered: { [alice]: 3, [friends[i]!]: 2 },
      };
      assert.deepEqual(await readModel.current(id), expected);
      assert.deepEqual(await states.find(id), expected);
    }
  });
});

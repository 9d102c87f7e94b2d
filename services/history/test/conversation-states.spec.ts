import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '@parley/platform';
import { Database } from '@parley/database';
import { TestNamespace, createNamespace } from '@parley/testing';
import {
  ConversationState,
  ConversationStateRepository,
} from '../src/conversations/conversation-state.repository';

/**
 * The read model's states against the real database. A round of a busy system raises hundreds of
 * conversations at once; on FerretDB 1.24 one update command of 100 statements that match froze the
 * whole database, so this raises more than that, twice.
 */
describe('conversation states', () => {
  let ns: TestNamespace;
  let database: Database;
  let states: ConversationStateRepository;
  const ids = Array.from({ length: 250 }, (_, i) => `conversation-${i}`);
  const state = (id: string, seq: number): ConversationState => ({
    _id: id,
    lastSeq: seq,
    sent: { alice: seq - 2, bob: 2 },
    newest: { alice: seq, bob: 2 },
    read: { alice: seq - 1 },
    delivered: { bob: seq },
    readCount: { alice: 1 },
  });

  before(async () => {
    ns = await createNamespace('states');
    database = new Database(ns.mongoUrl, createLogger('test', 'silent'));
    states = new ConversationStateRepository(database);
    await database.open();
  });

  after(async () => {
    await database?.close();
    await ns?.dispose();
  });

  it(
    'raises hundreds of states in one call, also when every one of them exists',
    { timeout: 30_000 },
    async () => {
      await states.raise(ids.map((id) => state(id, 5)));
      await states.raise(ids.map((id) => state(id, 9)));
      for (const id of [ids[0]!, ids[99]!, ids[100]!, ids[249]!])
        assert.deepEqual(await states.find(id), state(id, 9));
    },
  );

  it('never lowers a mark', async () => {
    await states.raise([
      {
        _id: ids[7]!,
        lastSeq: 3,
        sent: { alice: 1, bob: 3 },
        newest: { alice: 1, bob: 3 },
        read: { alice: 1 },
        delivered: { bob: 12 },
        readCount: { alice: 0, bob: 1 },
      },
    ]);
    assert.deepEqual(await states.find(ids[7]!), {
      _id: ids[7],
      lastSeq: 9,
      sent: { alice: 7, bob: 3 },
      newest: { alice: 9, bob: 3 },
      read: { alice: 8 },
      delivered: { bob: 12 },
      readCount: { alice: 1, bob: 1 },
    });
  });
});

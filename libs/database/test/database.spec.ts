import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestNamespace, createNamespace } from '@parley/testing';
import { createLogger } from '@parley/platform';
import { Database } from '../src';

/** Every write a service makes waits for the database's journal, whatever collection it goes to. */
describe('Database', () => {
  let ns: TestNamespace;
  let database: Database;

  before(async () => {
    ns = await createNamespace('database');
    database = new Database(ns.mongoUrl, createLogger('test', 'silent'));
    await database.open();
  });

  after(async () => {
    await database?.close();
    await ns?.dispose();
  });

  it('asks for journaled writes, leaves w to the server, and the server takes them', async () => {
    const collection = database.connection.getClient().db().collection<{ _id: string }>('journaled');
    assert.equal(collection.writeConcern?.journal, true);
    assert.equal(collection.writeConcern?.w, undefined);
    await collection.insertOne({ _id: 'a' });
    await collection.updateOne({ _id: 'a' }, { $set: { seen: true } });
    assert.deepEqual(await collection.findOne({ _id: 'a' }), { _id: 'a', seen: true });
  });
});

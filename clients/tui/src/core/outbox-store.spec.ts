import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { OutboxEntry } from './outbox';
import { OutboxStore } from './outbox-store';

describe('OutboxStore', () => {
  let dir: string;
  const me = randomUUID();
  const entry = (text: string, status: OutboxEntry['status'] = 'sending'): OutboxEntry => ({
    clientMsgId: randomUUID(),
    to: randomUUID(),
    text,
    createdAt: new Date().toISOString(),
    status,
  });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-outbox-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps each person's entries, in order, readable by the owner only", async () => {
    const store = new OutboxStore(join(dir, 'a'));
    const entries = [entry('one'), entry('two', 'sent'), entry('three', 'failed')];
    await store.save(me, entries);
    assert.deepEqual(await store.load(me), entries);
    assert.deepEqual(await store.load(randomUUID()), []);
    assert.equal((await stat(store.fileOf(me))).mode & 0o777, 0o600);
  });

  it('removes the file once nothing waits', async () => {
    const store = new OutboxStore(join(dir, 'b'));
    await store.save(me, [entry('one')]);
    await store.save(me, []);
    await assert.rejects(stat(store.fileOf(me)), /ENOENT/);
  });

  it('leaves out what does not read back as an entry, and reads a damaged file as empty', async () => {
    const store = new OutboxStore(join(dir, 'c'));
    const good = entry('kept');
    await store.save(me, [good]);
    const file = store.fileOf(me);
    const stored = JSON.parse(await readFile(file, 'utf8')) as unknown[];
    await writeFile(file, JSON.stringify([...stored, { text: 'no id' }, { ...good, to: 'not-a-user' }]));
    assert.deepEqual(await store.load(me), [good]);
    await writeFile(file, '{ half a fi');
    assert.deepEqual(await store.load(me), []);
  });
});

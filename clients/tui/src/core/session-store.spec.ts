import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Session } from '@parley/contracts';
import { SessionStore, defaultSessionDir } from './session-store';

const session: Session = {
  accessToken: 'a.b.c',
  refreshToken: 'r',
  expiresAt: '2030-01-01T00:00:00.000Z',
  user: {
    userId: '0b7e8a5c-1d2f-4a3b-9c4d-5e6f7a8b9c0d',
    username: 'ada',
    firstName: 'Ada',
    lastName: 'Lovelace',
  },
};

describe('SessionStore', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'parley-session-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('has nothing before the first login', async () => {
    assert.equal(await new SessionStore(join(root, 'none'), 'http://gw').load(), null);
  });

  it('keeps a session across instances, in a file only its owner can read', async () => {
    const dir = join(root, 'a', 'nested');
    await new SessionStore(dir, 'http://gw').save(session);
    assert.deepEqual(await new SessionStore(dir, 'http://gw').load(), session);
    assert.equal((await stat(join(dir, 'session.json'))).mode & 0o777, 0o600);
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
  });

  it('does not offer the session of another gateway', async () => {
    const dir = join(root, 'b');
    await new SessionStore(dir, 'http://gw').save(session);
    assert.equal(await new SessionStore(dir, 'http://other').load(), null);
  });

  it('forgets the session on clear, and clearing twice is fine', async () => {
    const store = new SessionStore(join(root, 'c'), 'http://gw');
    await store.save(session);
    await store.clear();
    await store.clear();
    assert.equal(await store.load(), null);
    await assert.rejects(readFile(store.file));
  });

  it('treats a corrupt or foreign file as no session', async () => {
    const store = new SessionStore(join(root, 'd'), 'http://gw');
    await store.save(session);
    await writeFile(store.file, '{"gateway":"http://gw","session":{"accessToken":1}}');
    assert.equal(await store.load(), null);
    await writeFile(store.file, 'not json');
    assert.equal(await store.load(), null);
  });

  it('lives in $PARLEY_HOME, else under the XDG config folder', () => {
    assert.equal(defaultSessionDir({ PARLEY_HOME: '/p' }), '/p');
    assert.equal(defaultSessionDir({ XDG_CONFIG_HOME: '/x' }), '/x/parley');
    assert.match(defaultSessionDir({}), /\.config\/parley$/);
  });
});

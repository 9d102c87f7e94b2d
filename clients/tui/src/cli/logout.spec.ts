import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Outbox } from '../core/outbox';
import { OutboxStore } from '../core/outbox-store';
import { SessionStore } from '../core/session-store';

const MAIN = join(__dirname, '..', 'main.js');
const GATEWAY = 'http://127.0.0.1:9';

/** `parley --logout`, run as a person would, with a saved session and messages still to send. */
describe('parley --logout', () => {
  let home: string;

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'parley-logout-'));
  });

  after(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('forgets the session, keeps the unsent messages for the next login, and says that an unreachable gateway could not end it', async () => {
    const userId = randomUUID();
    await new SessionStore(home, GATEWAY).save({
      accessToken: 'a',
      refreshToken: 'r',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
      user: { userId, username: 'ada', firstName: 'Ada', lastName: 'Lovelace' },
    });
    const outbox = new Outbox();
    outbox.add(randomUUID(), 'one');
    outbox.add(randomUUID(), 'two');
    await new OutboxStore(home).save(userId, outbox.all());

    const { stdout } = await promisify(execFile)(process.execPath, [MAIN, '--gateway', GATEWAY, '--logout'], {
      env: { ...process.env, PARLEY_HOME: home },
    });
    assert.match(
      stdout,
      /^Signed out: the saved session is forgotten\. The gateway could not be told \(.+\), so it stays valid there until it expires\. 2 unsent messages stay on this computer and go out when you log in again\.\n$/,
    );
    assert.deepEqual(await readdir(home), [`outbox-${userId}.json`]);
    assert.deepEqual(
      (await new OutboxStore(home).load(userId)).map((e) => e.text),
      ['one', 'two'],
    );
  });
});

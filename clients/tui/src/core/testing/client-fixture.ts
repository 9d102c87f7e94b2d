import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach } from 'node:test';
import { whenChanged } from '@parley/testing';
import { ParleyClient } from '../client';
import type { ConversationEntry, ParleyClientOptions } from '../client';
import { FakeGateway } from './fake-gateway';

const FAST_BACKOFF = { baseMs: 40, maxMs: 200 };

export type FixtureClientOptions = Pick<ParleyClientOptions, 'requestTimeoutMs' | 'connectTimeoutMs'> & {
  /** Another device of the same person keeps its own session folder. */
  device?: string;
};

export interface ClientFixture {
  /** A new one for every test. */
  readonly gateway: FakeGateway;
  client(name: string, options?: FixtureClientOptions): ParleyClient;
  /** Where `client(name, {device})` keeps its session and outbox. */
  sessionDir(name: string, device?: string): string;
  /** Logged in with password1, online, with the contacts list in. */
  signedIn(name: string, options?: FixtureClientOptions): Promise<ParleyClient>;
}

/**
 * Clients against a fake gateway started afresh for each test of the calling suite, with
 * `people` set up in it first; every client is closed after its test.
 */
export function clientFixture(people: (gateway: FakeGateway) => void): ClientFixture {
  let home = '';
  let gateway: FakeGateway | null = null;
  const clients: ParleyClient[] = [];
  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'parley-client-'));
  });
  after(async () => {
    await rm(home, { recursive: true, force: true });
  });
  beforeEach(async () => {
    gateway = new FakeGateway();
    await gateway.start();
    people(gateway);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await gateway?.stop();
  });
  const fixture: ClientFixture = {
    get gateway() {
      if (!gateway) throw new Error('the fake gateway starts before each test');
      return gateway;
    },
    sessionDir: (name, device = 'one') => join(home, `${name}-${device}-${fixture.gateway.port}`),
    client(name, { device, ...options } = {}) {
      const c = new ParleyClient({
        gatewayUrl: fixture.gateway.url,
        sessionDir: fixture.sessionDir(name, device),
        backoff: FAST_BACKOFF,
        ...options,
      });
      clients.push(c);
      return c;
    },
    async signedIn(name, options) {
      const c = fixture.client(name, options);
      await c.login({ username: name, password: 'password1' });
      await whenChanged(c, `${name} online with contacts`, () => online(c) && c.contacts.loaded);
      return c;
    },
  };
  return fixture;
}

export const online = (client: ParleyClient) => client.connectionState.kind === 'online';

export const texts = (client: ParleyClient) =>
  client.entries().map((e: ConversationEntry) => (e.kind === 'message' ? e.message.text : e.entry.text));

export const statuses = (client: ParleyClient) =>
  client.entries().map((e: ConversationEntry) => (e.kind === 'message' ? e.status : e.entry.status));

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { whenChanged } from '@parley/testing';
import { ParleyClient } from '@parley/tui';
import { passwordOf } from './terminal-sessions';

export const online = (client: ParleyClient): boolean => client.connectionState.kind === 'online';

/**
 * The terminal client's core, headless, against one gateway: each run of it has a folder for its
 * session and outboxes, its machine, under one temporary home; runs given one folder share a machine.
 */
export class ClientMachines {
  private readonly clients: ParleyClient[] = [];

  private constructor(
    private readonly gatewayUrl: () => string,
    private readonly home: string,
  ) {}

  /** `gatewayUrl` is asked for each run, so runs made after a gateway restart find it. */
  static async create(gatewayUrl: () => string): Promise<ClientMachines> {
    return new ClientMachines(gatewayUrl, await mkdtemp(join(tmpdir(), 'parley-machines-')));
  }

  sessionDir(machine: string): string {
    return join(this.home, machine);
  }

  run(machine: string): ParleyClient {
    const client = new ParleyClient({
      gatewayUrl: this.gatewayUrl(),
      sessionDir: this.sessionDir(machine),
      backoff: { baseMs: 100, maxMs: 1000 },
    });
    this.clients.push(client);
    return client;
  }

  /** Registers `username` (password `passwordOf(username)`) on a machine named after them, and waits until online. */
  async person(username: string): Promise<ParleyClient> {
    const client = this.run(username);
    await client.register({
      firstName: username,
      lastName: 'Tester',
      email: `${username}@example.test`,
      username,
      password: passwordOf(username),
    });
    await whenChanged(client, `${username} online`, () => online(client), 20_000);
    return client;
  }

  async dispose(): Promise<void> {
    for (const client of this.clients.splice(0)) client.close();
    await rm(this.home, { recursive: true, force: true });
  }
}

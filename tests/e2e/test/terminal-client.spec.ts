import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TestSystem, TmuxPane, pause } from '@parley/testing';

const TUI = resolve(__dirname, '../../../../clients/tui/dist/src/main.js');

/** Two real terminal clients, in tmux, against the real system: what two people would do. */
describe('the terminal client against the real system', () => {
  let system: TestSystem;
  let home: string;
  const panes: TmuxPane[] = [];

  before(async () => {
    system = await TestSystem.start('tui');
    home = await mkdtemp(join(tmpdir(), 'parley-tui-e2e-'));
  });

  after(async () => {
    for (const pane of panes) pane.kill();
    await system?.stop();
    await rm(home, { recursive: true, force: true });
  });

  function open(name: string): TmuxPane {
    const pane = new TmuxPane(name, join(home, 'tmux.sock'));
    panes.push(pane);
    pane.start(`node ${TUI} --gateway ${system.gatewayUrl()}`, { PARLEY_HOME: join(home, name) });
    return pane;
  }

  async function register(pane: TmuxPane, first: string, last: string, username: string): Promise<void> {
    await pane.waitFor(/Parley · log in/, 15_000);
    pane.press('Tab', 'Tab', 'Tab');
    await pause(100);
    pane.press('Enter');
    await pane.waitFor(/Parley · create an account/);
    for (const [i, value] of [
      first,
      last,
      `${username}@example.test`,
      username,
      `${username}-password`,
    ].entries()) {
      if (i > 0) pane.press('Tab');
      pane.type(value);
    }
    pane.press('Enter');
    await pane.waitFor(new RegExp(`online as ${username}`), 15_000);
  }

  async function addFriend(pane: TmuxPane, username: string): Promise<void> {
    pane.press('a');
    await pause(200);
    pane.type(username);
    await pane.waitFor(new RegExp(`@?${username}`));
    await pause(500);
    pane.press('Enter');
    await pause(500);
    pane.press('Escape');
    await pane.waitFor(new RegExp(`[●○] ${username}`), 15_000);
  }

  it('registers two people who add each other and chat, with delivered and read marks', async () => {
    const alice = open('alice');
    const bob = open('bob');
    await register(alice, 'Alice', 'Liddell', 'alice');
    await register(bob, 'Bob', 'Builder', 'bob');
    await addFriend(alice, 'bob');
    await addFriend(bob, 'alice');

    await alice.waitFor(/● bob/, 15_000);
    alice.press('Enter');
    await alice.waitFor(/bob · online/);
    alice.type('hello from alice');
    alice.press('Enter');
    await alice.waitFor(/you {2}hello from alice +✓✓ delivered/, 15_000);

    await bob.waitFor(/New message from alice/, 15_000);
    bob.press('Enter');
    await bob.waitFor(/alice {2}hello from alice/);
    await alice.waitFor(/you {2}hello from alice +✓✓ read/, 15_000);

    bob.type('hi alice');
    bob.press('Enter');
    await alice.waitFor(/bob {2,}hi alice/, 15_000);
  });
});

import { after, before, describe, it } from 'node:test';
import { TestSystem } from '@parley/testing';
import { TerminalSessions, addContact, register } from '../src/terminal-sessions';

/** Two real terminal clients, in tmux, against the real system: what two people would do. */
describe('the terminal client against the real system', () => {
  let system: TestSystem;
  let terminals: TerminalSessions;

  before(async () => {
    system = await TestSystem.start('tui');
    terminals = await TerminalSessions.create(system.gatewayUrl());
  });

  after(async () => {
    await terminals?.dispose();
    await system?.stop();
  });

  it('registers two people who add each other and chat, with delivered and read marks', async () => {
    const alice = terminals.open('alice');
    const bob = terminals.open('bob');
    await register(alice, 'Alice', 'Liddell', 'alice');
    await register(bob, 'Bob', 'Builder', 'bob');
    await addContact(alice, 'bob');
    await alice.waitFor(/◌ bob/, 15_000);
    await bob.waitFor(/Requests[\s\S]*◇ alice/, 15_000);
    await addContact(bob, 'alice');
    await bob.waitFor(/● alice/, 15_000);

    await alice.waitFor(/● bob/, 15_000);
    alice.press('Enter');
    await alice.waitFor(/bob · online/);
    alice.type('hello from alice');
    alice.press('Enter');
    await alice.waitFor(/you {2}hello from alice ✓✓/, 15_000);

    await bob.waitFor(/New message from alice/, 15_000);
    bob.press('Enter');
    await bob.waitFor(/alice {2}hello from alice/);
    await alice.waitFor(/you {2}hello from alice ✓✓ *│\n.*─ read by bob ─/, 15_000);

    bob.type('hi alice');
    bob.press('Enter');
    await alice.waitFor(/bob {2,}hi alice/, 15_000);
  });
});

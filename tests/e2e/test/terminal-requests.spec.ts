import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TmuxPane } from '@parley/testing';
import { RequestFailed, TestClient, TestSystem, pause, TEST_PASSWORD } from '@parley/testing';
import { TerminalSessions, logIn } from '../src/terminal-sessions';

/** The contacts pane's columns on a 120-column screen. */
const CONTACTS_WIDTH = 32;

/** The contacts pane alone, so that a notice or a message naming someone does not count. */
const contactsPane = (screen: string) =>
  screen
    .split('\n')
    .map((line) => [...line].slice(0, CONTACTS_WIDTH).join(''))
    .join('\n');

async function waitForContacts(pane: TmuxPane, pattern: RegExp, shown = true): Promise<void> {
  await pane.waitUntil(
    (screen) => pattern.test(contactsPane(screen)) === shown,
    `${pattern} ${shown ? 'in' : 'to leave'} the contacts`,
    15_000,
  );
}

/**
 * Message requests in a real terminal client against the real system: people who added the
 * reader, as plain WebSocket clients, and what the reader sees and does about them.
 */
describe('message requests in the terminal client', () => {
  let system: TestSystem;
  let terminals: TerminalSessions;
  const people: TestClient[] = [];

  before(async () => {
    system = await TestSystem.start('tui-requests');
    terminals = await TerminalSessions.create(system.gatewayUrl());
  });

  after(async () => {
    for (const person of people) person.close();
    await terminals?.dispose();
    await system?.stop();
  });

  async function person(username: string, firstName: string, lastName: string): Promise<TestClient> {
    const client = await TestClient.online(system.gatewayUrl(), username, { firstName, lastName });
    people.push(client);
    return client;
  }

  let sent = 0;
  const say = (from: TestClient, to: string, text: string) =>
    from.request('message.send', { clientMsgId: `said-${++sent}`, to, text });

  /** Back to the contacts pane, and selects its n-th contact, counting from 0 at the top. */
  async function select(pane: TmuxPane, index: number): Promise<void> {
    pane.press('Escape');
    await pause(200);
    for (let i = 0; i < 12; i++) pane.press('Up');
    for (let i = 0; i < index; i++) pane.press('Down');
    await pause(200);
  }

  it('shows requests by name with their unread count; reads, accepts, ignores, blocks and unblocks them', async () => {
    const reader = await person('rita', 'Rita', 'Hayworth');
    reader.close();
    const sam = await person('sam', 'Sam', 'Spade');
    await sam.request('contacts.add', { username: 'rita' });
    await say(sam, reader.userId, 'hello rita');
    await say(sam, reader.userId, 'are you there?');

    const pane = terminals.open('rita');
    await logIn(pane, 'rita', TEST_PASSWORD);
    await waitForContacts(pane, /Requests[\s\S]*sam +2\b[\s\S]*Sam Spade/);

    // Reading a request: its messages, and a message line that asks to accept first.
    pane.press('Enter');
    await pane.waitFor(/sam {2}hello rita/);
    await pane.waitFor(/sam {2}are you there\?/);
    await pane.waitFor(/accept/i);
    await waitForContacts(pane, /Requests[\s\S]*sam +│/);
    pane.press('Tab', 'Tab');
    pane.type('hi sam');
    pane.press('Enter');
    await pause(1000);
    assert.equal(
      sam.messages().filter((m) => m.from === reader.userId).length,
      0,
      'nothing is sent before accepting',
    );
    await pane.waitFor(/Accept sam's request to write back/);
    pane.press('C-u', 'Escape');
    await pause(200);

    // Accepting, from what Delete offers: sam becomes a friend, with presence.
    const accepted = sam.events.length;
    pane.press('DC');
    await pane.waitFor(/Accept: you become friends/);
    pane.press('Right', 'Enter');
    await waitForContacts(pane, /● sam/);
    await pane.waitFor(/sam · online/);
    await sam.waitFor((e) => e.event === 'contact' && e.contact.relation === 'friend', 10_000, accepted);
    const view = await sam.request('conversation.open', { peer: reader.userId });
    assert.equal(view.peerReadSeq, 2, 'what rita read of the request counts once they are friends');

    // Ignoring: the request goes, and comes back when its sender writes again.
    const tom = await person('tom', 'Tom', 'Thumb');
    await tom.request('contacts.add', { username: 'rita' });
    await say(tom, reader.userId, 'hi from tom');
    await waitForContacts(pane, /Requests[\s\S]*tom +1\b[\s\S]*Tom Thumb/);
    await select(pane, 0);
    pane.press('DC');
    await pane.waitFor(/Ignore: the request goes/);
    pane.press('Right', 'Right', 'Enter');
    await waitForContacts(pane, /\btom\b/, false);
    await say(tom, reader.userId, 'still there?');
    await waitForContacts(pane, /Requests[\s\S]*tom +2\b/);

    // Blocking: only an explicit choice in the dialog blocks.
    const uma = await person('uma', 'Uma', 'Thurman');
    await uma.request('contacts.add', { username: 'rita' });
    await say(uma, reader.userId, 'let me in');
    // Both have unread messages: the one who wrote last comes first.
    await waitForContacts(pane, /Requests[\s\S]*uma +1\b[\s\S]*tom +2\b/);
    await select(pane, 0);
    pane.type('/block uma');
    pane.press('Enter');
    await pane.waitFor(/Block uma\?/);
    pane.type('y');
    pane.press('Enter');
    await pause(500);
    assert.match(
      contactsPane(pane.capture()),
      /Requests[\s\S]*uma +1\b/,
      'y, then Enter on the default answer, block no one',
    );
    pane.type('/block uma');
    pane.press('Enter');
    await pane.waitFor(/Block uma\?/);
    pane.press('Right', 'Enter');
    await waitForContacts(pane, /Blocked[\s\S]*uma/);
    assert.doesNotMatch(contactsPane(pane.capture()), /Requests[\s\S]*uma[\s\S]*Blocked/);
    await uma.waitFor((e) => e.event === 'contact.gone' && e.userId === reader.userId);
    await assert.rejects(
      say(uma, reader.userId, 'and now?'),
      (e: RequestFailed) => e.error.code === 'NOT_A_CONTACT',
    );

    // Unblocking, confirmed the same way: uma is gone, and may add rita again.
    await select(pane, 2);
    pane.press('DC');
    await pane.waitFor(/Unblock: either of you/);
    pane.press('Right', 'Enter');
    await waitForContacts(pane, /\buma\b/, false);
    await uma.request('contacts.add', { username: 'rita' });
    await waitForContacts(pane, /Requests[\s\S]*uma/);
  });
});

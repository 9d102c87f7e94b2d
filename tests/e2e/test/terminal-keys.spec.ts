import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { clockTime } from '@parley/tui/dist/src/ui/day-label';
import type { TmuxPane } from '@parley/testing';
import { TestClient, TestSystem, eventually, pause, TEST_PASSWORD } from '@parley/testing';
import { TerminalSessions, logIn, whenListed } from '../src/terminal-sessions';

/**
 * The keys and commands of someone who keeps the client open all day: nothing typed can act on a
 * contact by accident, Ctrl-L only redraws, logging out is asked and loses nothing, and messages
 * that arrive out of view are announced by the bell and the title.
 */
describe('the terminal client takes keys and commands as people expect', () => {
  let system: TestSystem;
  let terminals: TerminalSessions;
  const others: TestClient[] = [];

  before(async () => {
    system = await TestSystem.start('tui-keys');
    terminals = await TerminalSessions.create(system.gatewayUrl());
  });

  let gatewayDown = false;
  const stopGateway = async () => {
    gatewayDown = true;
    const gateway = system.service('gateway0');
    gateway.kill();
    await gateway.wait();
  };
  const startGateway = async () => {
    await system.startService('gateway', 'gateway0', { GATEWAY_ID: 'gw0' });
    gatewayDown = false;
  };
  // A test that failed while the gateway was down leaves it up for the next.
  afterEach(async () => {
    if (gatewayDown) await startGateway();
  });

  after(async () => {
    for (const other of others) other.close();
    await terminals?.dispose();
    await system?.stop();
  });

  /** `reader` registered (offline until they log in to the terminal) and friends with each of `names`. */
  async function withFriends(reader: string, ...names: string[]): Promise<TestClient[]> {
    const me = await TestClient.online(system.gatewayUrl(), reader);
    const friends: TestClient[] = [];
    for (const name of names) {
      const friend = await TestClient.online(system.gatewayUrl(), name);
      await TestClient.befriend(me, friend);
      friends.push(friend);
    }
    me.close();
    others.push(...friends);
    return friends;
  }

  const texts = (client: TestClient) => client.messages().map((m) => m.text);

  /** Opens the conversation with `username` once they are listed, by command. */
  async function openWith(pane: TmuxPane, username: string): Promise<void> {
    await whenListed(pane, username);
    pane.type(`/msg ${username}`);
    pane.press('Enter');
    await pane.waitFor(new RegExp(`${username} · (online|offline|last seen)`));
  }

  it('redraws on Ctrl-L, asks before logging out, and sends what was queued at the next login', async () => {
    const [bob] = await withFriends('lola', 'lbob');
    const pane = terminals.open('lola');
    await logIn(pane, 'lola', TEST_PASSWORD);
    await pane.waitFor(/lbob/, 15_000);
    pane.press('Enter');

    await stopGateway();
    await pane.waitFor(/offline|reconnecting/i, 15_000);
    const before = clockTime(new Date().toISOString());
    pane.type('written while offline');
    pane.press('Enter');
    // The local time it was written, said as such: no server has stored it yet.
    const queued = (await pane.waitFor(/written while offline … queued \d\d:\d\d/)).match(
      /queued (\d\d:\d\d)/,
    )![1];
    assert.ok(
      [before, clockTime(new Date().toISOString())].includes(queued!),
      `queued ${queued}, written at ${before}`,
    );

    pane.press('C-l');
    await pause(500);
    assert.doesNotMatch(pane.capture(), /Parley · log in/, 'Ctrl-L only redraws the screen');
    assert.match(pane.capture(), /written while offline/);

    pane.type('/logout');
    pane.press('Enter');
    const asked = await pane.waitFor(/Log out\?/);
    assert.match(asked, /1 unsent message/, 'the question says what happens to what is unsent');
    pane.press('Right', 'Enter');
    await pane.waitFor(/Parley · log in/);

    await startGateway();
    await logIn(pane, 'lola', TEST_PASSWORD);
    // bob's connection went with the gateway: what was stored is read back from history.
    await bob!.connect();
    const lola = await idOf(bob!, 'lola');
    const stored = await eventually(
      async () => (await bob!.request('conversation.open', { peer: lola })).messages.map((m) => m.text),
      (texts) => texts.includes('written while offline'),
      15_000,
    );
    assert.deepEqual(stored, ['written while offline'], 'sent once, after the next login');
  });

  it('types what is typed in the contacts pane into the message line, never acting on a contact', async () => {
    const [dave] = await withFriends('tara', 'tdave');
    const carol = await TestClient.online(system.gatewayUrl(), 'tcarol');
    others.push(carol);
    const pane = terminals.open('tara');
    await logIn(pane, 'tara', TEST_PASSWORD);
    await carol.request('contacts.add', { username: 'tara' });
    await pane.waitFor(/Requests[\s\S]*tcarol/, 15_000);

    // The request is chosen (Requests come first) and the pane has focus: "hi" has an i in it.
    pane.type('hi there');
    await pane.waitFor(/│hi there/);
    pane.press('Enter');
    await pane.waitFor(/open a conversation to write/);
    pane.press('C-u', 'Escape');
    // Esc and a key at once would reach the client as Alt and that key.
    await pause(200);
    pane.press('Down', 'Enter');
    await pane.waitFor(/tdave · (online|offline|last seen)/);
    pane.press('Escape');
    await pause(200);
    // Back in the contacts pane with dave chosen: a sentence with d, b and y in it, then Enter.
    pane.type('do you have a bit of time, dave?');
    pane.press('Enter');
    await dave!.waitUntil(
      () => texts(dave!).includes('do you have a bit of time, dave?'),
      15_000,
      'the sentence typed in the contacts pane',
    );
    const screen = pane.capture();
    assert.match(screen, /tcarol/, 'the request is still there');
    assert.match(screen, /tdave/, 'dave is still a contact');
    assert.doesNotMatch(screen, /Remove tdave\?|Block tdave\?/);
  });

  it('moves to the oldest and newest message with Home and End, and keeps working after logging in again', async () => {
    const [sam] = await withFriends('hana', 'hsam');
    const pane = terminals.open('hana', { width: 80, height: 24 });
    await logIn(pane, 'hana', TEST_PASSWORD);
    const hana = await idOf(sam!, 'hana');
    for (let i = 1; i <= 40; i++)
      await sam!.request('message.send', { clientMsgId: `h${i}`, to: hana, text: `line ${i}` });
    await pane.waitFor(/hsam/, 15_000);
    pane.press('Enter');
    // It opens at the first unread message, the oldest here.
    await pane.waitFor(/new messages[\s\S]*line 1\b/);
    pane.press('End');
    await pane.waitFor(/line 40\b/);
    assert.doesNotMatch(pane.capture(), /line 1\b/);
    pane.press('Home');
    await pane.waitFor(/line 1\b/);
    assert.doesNotMatch(pane.capture(), /line 40\b/);
    pane.press('End');
    await pane.waitFor(/line 40\b/);

    pane.type('/logout');
    pane.press('Enter');
    await pane.waitFor(/Log out\?/);
    pane.press('Right', 'Enter');
    await logIn(pane, 'hana', TEST_PASSWORD);
    await openWith(pane, 'hsam');
    pane.type('back again');
    pane.press('Enter');
    await sam!.waitUntil(
      () => texts(sam!).includes('back again'),
      15_000,
      'the message after logging in again',
    );
  });

  it('rings the bell and counts unread in the title for messages out of view or while in the background, and Alt-A goes to them', async () => {
    const [kim, lee] = await withFriends('nora', 'nkim', 'nlee');
    const pane = terminals.open('nora');
    await logIn(pane, 'nora', TEST_PASSWORD);
    await openWith(pane, 'nlee');
    const nora = await idOf(kim!, 'nora');
    await kim!.request('message.send', { clientMsgId: 'k1', to: nora, text: 'are you there' });
    await kim!.request('message.send', { clientMsgId: 'k2', to: nora, text: 'hello?' });
    assert.equal(await titleOnce(pane, '(2) Parley'), '(2) Parley', 'the title counts two unread');
    assert.ok(pane.bells() >= 1, 'the bell rang for a message out of view');

    const bellsBefore = pane.bells();
    await lee!.request('message.send', { clientMsgId: 'l1', to: nora, text: 'in view' });
    await pane.waitFor(/in view/);
    await pause(500);
    assert.equal(pane.bells(), bellsBefore, 'no bell for a message in the conversation being read');

    pane.press('M-a');
    await pane.waitFor(/hello\?/);
    assert.equal(await titleOnce(pane, 'Parley'), 'Parley', 'the title once all is read');

    // In view, but the terminal is in the background: the bell rings.
    await pane.setForeground(false);
    const inFront = pane.bells();
    await kim!.request('message.send', { clientMsgId: 'k3', to: nora, text: 'while away' });
    assert.equal(
      await eventually(
        async () => pane.bells(),
        (n) => n > inFront,
      ),
      inFront + 1,
    );
    await pane.setForeground(true);
    await pane.waitFor(/while away/);

    pane.type('/set bell off');
    pane.press('Enter');
    await pane.waitFor(/The bell is off/);
    const quiet = pane.bells();
    await lee!.request('message.send', { clientMsgId: 'l2', to: nora, text: 'while kim is in view' });
    assert.equal(await titleOnce(pane, '(1) Parley'), '(1) Parley', 'the title counts one unread');
    assert.equal(pane.bells(), quiet, 'the bell stays off once turned off');
  });
});

/** The userId of `username`, as `client` finds them. */
async function idOf(client: TestClient, username: string): Promise<string> {
  const found = await client.request('users.search', { query: username });
  const user = found.users.find((u) => u.username === username);
  assert.ok(user, `${username} is found`);
  return user.userId;
}

/** The pane's title once it is `wanted`, or what it was when the time ran out. */
const titleOnce = (pane: TmuxPane, wanted: string) =>
  eventually(
    async () => pane.title(),
    (title) => title === wanted,
  );

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TmuxPane } from '@parley/testing';
import { TEST_PASSWORD, TestClient, TestSystem } from '@parley/testing';
import { TerminalSessions, logIn } from '../src/terminal-sessions';

const count = (screen: string, pattern: RegExp) => [...screen.matchAll(new RegExp(pattern, 'g'))].length;
const bottomLine = (screen: string) => screen.trimEnd().split('\n').at(-1)!;
/** The screen above the status bar, whose notices come and go on their own. */
const aboveStatus = (screen: string) => screen.trimEnd().split('\n').slice(0, -1).join('\n');

/** Waits until `pattern` is gone from the screen above the status bar, which a redraw may take a moment to do. */
async function waitForGone(pane: TmuxPane, pattern: RegExp, timeoutMs = 8000): Promise<string> {
  const screen = await pane.waitUntil(
    (s) => !pattern.test(aboveStatus(s)),
    `${pattern} to leave the screen`,
    timeoutMs,
  );
  return aboveStatus(screen);
}

/**
 * The screen of a real terminal client against the real system, at the sizes people have: what is
 * said must be true now and said once, and every size from 40×12 up works.
 */
describe('the terminal client lays out what is true, at every size', () => {
  let system: TestSystem;
  let terminals: TerminalSessions;
  const others: TestClient[] = [];

  before(async () => {
    system = await TestSystem.start('tui-layout');
    terminals = await TerminalSessions.create(system.gatewayUrl());
  });

  after(async () => {
    for (const other of others) other.close();
    await terminals?.dispose();
    await system?.stop();
  });

  /** `name` in a terminal of the given size, signed in, friends with each of `friends` (online, as plain clients). */
  async function signedIn(
    name: string,
    friends: string[],
    size: { width: number; height: number },
  ): Promise<{ pane: TmuxPane; peers: TestClient[] }> {
    const me = await TestClient.online(system.gatewayUrl(), name);
    const peers: TestClient[] = [];
    for (const friend of friends) {
      const peer = await TestClient.online(system.gatewayUrl(), friend);
      others.push(peer);
      await TestClient.befriend(me, peer);
      peers.push(peer);
    }
    me.close();
    const pane = terminals.open(name, size);
    await logIn(pane, name, TEST_PASSWORD);
    return { pane, peers };
  }

  it('takes "Logging in…" away when a field error answers', async () => {
    (await TestClient.online(system.gatewayUrl(), 'taken')).close();
    const pane = terminals.open('loginerr', { width: 80, height: 24 });
    await pane.waitFor(/Parley · log in/, 15_000);
    pane.type('taken');
    pane.press('Tab');
    pane.type('not the password');
    pane.press('Enter');
    const screen = await pane.waitFor(/✗ wrong username or password/, 15_000);
    assert.doesNotMatch(screen, /Logging in…/);
  });

  it('takes "Creating your account…" away when a field error answers', async () => {
    (await TestClient.online(system.gatewayUrl(), 'takentoo')).close();
    const pane = terminals.open('registererr', { width: 80, height: 24 });
    await pane.waitFor(/Parley · log in/, 15_000);
    pane.press('Tab', 'Tab', 'Tab');
    pane.press('Enter');
    await pane.waitFor(/Parley · create an account/);
    for (const [i, value] of ['Tay', 'Ken', 'tay@example.test', 'takentoo', 'a good password'].entries()) {
      if (i > 0) pane.press('Tab');
      pane.type(value);
    }
    pane.press('Enter');
    const screen = await pane.waitFor(/✗ is taken/, 15_000);
    assert.doesNotMatch(screen, /Creating your account…/);
  });

  it('says once that the peer is offline, and not once they are back', async () => {
    const { pane, peers } = await signedIn('olive', ['otto'], { width: 120, height: 30 });
    const otto = peers[0]!;
    otto.close();
    await pane.waitFor(/○ otto/, 15_000);
    pane.press('Enter');
    await pane.waitFor(/otto · /);
    for (const text of ['first while away', 'second while away', 'third while away']) {
      pane.type(text);
      pane.press('Enter');
    }
    await pane.waitFor(/third while away +✓/, 15_000);
    const screen = aboveStatus(await pane.waitFor(/is offline/));
    assert.equal(count(screen, /otto is offline/), 1, `said once:\n${screen}`);
    for (const text of ['first', 'second', 'third'])
      assert.equal(count(screen, new RegExp(`${text} while away`)), 1);

    await otto.connect();
    await pane.waitFor(/otto · online/, 15_000);
    await waitForGone(pane, /is offline/);
  });

  it('draws the log-in form at 60×15 and the whole registration form at 60×16 and 40×12', async () => {
    const small = terminals.open('at60x15', { width: 60, height: 15 });
    await small.waitFor(/Parley · log in[\s\S]*Username[\s\S]*Password[\s\S]*Log in/, 15_000);
    for (const [name, width, height] of [
      ['at60x16', 60, 16],
      ['at40x12', 40, 12],
    ] as const) {
      const pane = terminals.open(name, { width, height });
      await pane.waitFor(/Parley · log in/, 15_000);
      pane.press('Tab', 'Tab', 'Tab');
      pane.press('Enter');
      const screen = await pane.waitFor(/create an account/);
      for (const label of ['First name', 'Last name', 'Email', 'Username', 'Password', 'Create account'])
        assert.match(screen, new RegExp(label), `${label} at ${width}×${height}:\n${screen}`);
      assert.match(screen, /I have an account/, `the way back at ${width}×${height}:\n${screen}`);
    }
  });

  it('says what size it needs below 40×12, and comes back', async () => {
    const pane = terminals.open('tiny', { width: 80, height: 24 });
    await pane.waitFor(/Parley · log in/, 15_000);
    pane.resize(39, 12);
    await pane.waitFor(/at\s+least\s+40×12/);
    pane.resize(40, 12);
    await pane.waitFor(/Parley · log in/);
  });

  it('at 40×12 shows the contacts, or the open conversation under the name', async () => {
    const { pane } = await signedIn('nina', ['ned'], { width: 40, height: 12 });
    let screen = await pane.waitFor(/● ned/, 15_000);
    pane.press('Enter');
    screen = await pane.waitFor(/ned · online/);
    assert.doesNotMatch(screen, /● ned/, `the list gives way to the conversation:\n${screen}`);
    pane.type('small hello');
    pane.press('Enter');
    screen = await pane.waitFor(/small hello ✓/, 15_000);
    assert.match(bottomLine(screen), /online as nina.*\? help$/);

    pane.press('Escape');
    await pane.waitFor(/● ned/);
    pane.press('F1');
    screen = await pane.waitFor(/Keys and commands[\s\S]*↑↓ \d+\/\d+/);
    const rows = screen.split('\n');
    assert.ok(rows.length <= 13 && rows.every((row) => row.length <= 40), `the help fits:\n${screen}`);
    const shownTo = (text: string) => Number(/↑↓ (\d+)\//.exec(text)![1]);
    pane.press('Down');
    await pane.waitFor(new RegExp(`↑↓ ${shownTo(screen) + 1}/`));
    pane.press('Escape');
    await waitForGone(pane, /Keys and commands/);
  });

  it('at 200×50 keeps the marks next to the text, and one read marker instead of one per line', async () => {
    const { pane, peers } = await signedIn('wanda', ['walt'], { width: 200, height: 50 });
    const walt = peers[0]!;
    await pane.waitFor(/● walt/, 15_000);
    pane.press('Enter');
    await pane.waitFor(/walt · online/);
    for (const text of ['wide one', 'wide two']) {
      pane.type(text);
      pane.press('Enter');
      await pane.waitFor(new RegExp(`${text} {1,2}✓`), 15_000);
    }
    await walt.waitUntil(() => walt.messages().length === 2, 10_000, 'both messages reach walt');
    const messages = walt.messages();
    const wandaId = messages[0]!.from;
    await walt.request('receipt', { kind: 'delivered', peer: wandaId, upToSeq: messages[1]!.seq });
    await pane.waitFor(/wide two {1,2}✓✓/, 15_000);
    await walt.request('receipt', { kind: 'read', peer: wandaId, upToSeq: messages[1]!.seq });
    const screen = await pane.waitFor(/read by walt/, 15_000);
    assert.equal(count(screen, /read by walt/), 1, screen);
    assert.doesNotMatch(screen, /✓✓ read/);
    assert.match(screen, / Today ─/, `a date rule:\n${screen}`);
  });

  it('lists in the status bar who else wrote, and keeps ? help there', async () => {
    const { pane, peers } = await signedIn('hana', ['hal', 'hugo'], { width: 80, height: 24 });
    const [hal, hugo] = peers as [TestClient, TestClient];
    await pane.waitFor(/● hugo/, 15_000);
    pane.press('Enter');
    await pane.waitFor(/hal · online|hugo · online/);
    const open = /hal · online/.test(pane.capture()) ? hal : hugo;
    const other = open === hal ? hugo : hal;
    const to = (await other.request('contacts.list', {})).contacts.find((c) => c.username === 'hana')!.userId;
    for (const text of ['one', 'two'])
      await other.request('message.send', { clientMsgId: `h-${text}`, to, text });
    await open.request('message.send', { clientMsgId: 'h-open', to, text: 'in view' });
    const screen = await pane.waitFor(new RegExp(`\\[1: ${other.session!.user.username} 2\\]`), 15_000);
    assert.match(bottomLine(screen), /\? help\s*$/);
  });

  it('shortens the offline status bar by whole words and keeps ? help', async () => {
    const { pane } = await signedIn('oscar', [], { width: 200, height: 24 });
    await system.service('gateway0').kill('SIGKILL');
    const offline = /✕ offline.*retrying in \d+ s.*\? help *\n*$/;
    const wideBefore = bottomLine(await pane.waitFor(offline, 15_000));
    pane.resize(60, 24);
    // Redrawn at the new width, the bar ends in the help hint again.
    const narrow = bottomLine(await pane.waitFor(/✕ offline.*\? help *\n*$/));
    pane.resize(200, 24);
    // The reason may change between attempts: the narrow line is the start of one of the wide ones.
    const wideAfter = bottomLine(await pane.waitFor(offline));
    await system.startService('gateway', 'gateway0', { GATEWAY_ID: 'gw0b' });
    const words = (line: string) =>
      line
        .replace(/\? help\s*$/, '')
        .replace(/\d+ s\b/, 'N s')
        .trim()
        .split(/\s+/);
    const shown = words(narrow);
    const last = shown.pop()!;
    assert.match(last, /…$/, `shortened with an ellipsis:\n${narrow}`);
    const startsOne = [wideBefore, wideAfter].some((wide) =>
      shown.every((word, i) => word === words(wide)[i]),
    );
    assert.ok(startsOne, `whole words:\n${narrow}\n${wideBefore}\n${wideAfter}`);
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { FakeGateway } from '../core/testing/fake-gateway';
import { TmuxPane, pause } from '@parley/testing';

const MAIN = join(__dirname, '..', 'main.js');
let counter = 0;

describe('the terminal client in tmux', () => {
  let home: string;
  const panes: TmuxPane[] = [];

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'parley-tui-'));
  });
  afterEach(() => {
    for (const pane of panes.splice(0)) pane.kill();
  });
  after(async () => {
    await rm(home, { recursive: true, force: true });
  });

  function run(gateway: string, name: string): TmuxPane {
    const pane = new TmuxPane(`${name}-${++counter}`, join(home, 'tmux.sock'));
    panes.push(pane);
    pane.start(`node ${MAIN} --gateway ${gateway}`, { PARLEY_HOME: join(home, `${name}-${counter}`) });
    return pane;
  }

  it('says clearly that the gateway is unreachable, keeps running, and restores the terminal on Ctrl-C', async () => {
    const pane = run('http://127.0.0.1:1', 'unreachable');
    await pane.waitFor(/Cannot reach the gateway at http:\/\/127\.0\.0\.1:1: connection\s*│?\s*│?\s*refused/);
    assert.equal(pane.terminalState().alternateScreen, true);
    pane.type('ada');
    pane.press('Tab');
    pane.type('password1');
    pane.press('Enter');
    await pane.waitFor(/Log in[\s\S]*Cannot reach the gateway/);
    await pause(500);
    assert.match(pane.capture(), /Parley · log in/);
    pane.press('C-c');
    const screen = await pane.waitFor(/EXITED 0/);
    assert.doesNotMatch(screen, /Parley · log in/);
    assert.deepEqual(pane.terminalState(), { alternateScreen: false, cursorVisible: true });
  });

  describe('against a gateway', () => {
    let gateway: FakeGateway;
    before(async () => {
      gateway = new FakeGateway();
      await gateway.start();
      gateway.addUser('bob', 'bobpassword');
    });
    after(async () => {
      await gateway.stop();
    });

    it('shows a wrong password and a taken username next to the field, and keeps running', async () => {
      const pane = run(gateway.url, 'errors');
      await pane.waitFor(/Parley · log in/);
      pane.type('bob');
      pane.press('Tab');
      pane.type('not-his-password');
      pane.press('Enter');
      await pane.waitFor(/Password.*\n.*✗ wrong username or password/);
      pane.press('Tab', 'Tab');
      await pause(100);
      pane.press('Enter');
      await pane.waitFor(/Parley · create an account/);
      pane.type('Rob');
      pane.press('Tab');
      pane.type('Bobson');
      pane.press('Tab');
      pane.type('rob@example.com');
      pane.press('Tab', 'C-u');
      pane.type('bob');
      pane.press('Tab');
      pane.type('password1');
      pane.press('Enter');
      await pane.waitFor(/Username +bob.*\n.*✗ is taken: please choose another/);
    });

    it('lets two people chat, with delivered and read marks on the sender', async () => {
      const alice = run(gateway.url, 'alice');
      await alice.waitFor(/Parley · log in/);
      alice.press('Tab', 'Tab', 'Tab');
      await pause(100);
      alice.press('Enter');
      await alice.waitFor(/Parley · create an account/);
      for (const [i, value] of [
        'Alice',
        'Liddell',
        'alice@example.com',
        'alice',
        'alicepassword',
      ].entries()) {
        if (i > 0) alice.press('Tab');
        alice.type(value);
      }
      alice.press('Enter');
      await alice.waitFor(/online as alice/);
      gateway.befriend(gateway.userId('alice'), gateway.userId('bob'));

      const bob = run(gateway.url, 'bob');
      await bob.waitFor(/Parley · log in/);
      bob.type('bob');
      bob.press('Tab');
      bob.type('bobpassword');
      bob.press('Enter');
      await bob.waitFor(/online as bob/);
      await bob.waitFor(/● alice/);

      await alice.waitFor(/● bob/);
      alice.press('Enter');
      await alice.waitFor(/bob · online/);
      alice.type('hello from alice');
      alice.press('Enter');
      await alice.waitFor(/you {2}hello from alice ✓✓/);

      await bob.waitFor(/alice +1/);
      await bob.waitFor(/New message from alice/);
      bob.press('Enter');
      await bob.waitFor(/alice {2}hello from alice/);
      await alice.waitFor(/you {2}hello from alice ✓✓ *│\n.*─ read by bob ─/);

      bob.type('hi alice');
      bob.press('Enter');
      await alice.waitFor(/bob  +hi alice/);
    });

    it('keeps a message typed while the gateway is down and sends it when it is back', async () => {
      gateway.addUser('carol', 'carolpassword');
      gateway.befriend(gateway.userId('carol'), gateway.userId('alice'));
      const carol = run(gateway.url, 'carol');
      await carol.waitFor(/Parley · log in/);
      carol.type('carol');
      carol.press('Tab');
      carol.type('carolpassword');
      carol.press('Enter');
      await carol.waitFor(/online as carol/);
      // alice, from the test before, is offline by now.
      await carol.waitFor(/○ alice/);
      carol.press('Enter');
      await carol.waitFor(/beginning of the conversation/);
      await gateway.stop();
      await carol.waitFor(/✕ offline/);
      carol.type('sent while offline');
      carol.press('Enter');
      await carol.waitFor(/you +sent while offline … queued \d\d:\d\d/);
      await carol.waitFor(/1 message waiting to send/);
      await gateway.start();
      await carol.waitFor(/you +sent while offline ✓ /, 20_000);
      await carol.waitFor(/online as carol/);
      assert.equal(gateway.stored(gateway.userId('carol'), gateway.userId('alice')).length, 1);
    });

    it('shows a message instead of the screen when the terminal is too small, and recovers', async () => {
      const pane = run(gateway.url, 'small');
      await pane.waitFor(/Parley · log in/);
      pane.resize(40, 10);
      await pane.waitFor(/too small/);
      pane.resize(120, 40);
      await pane.waitFor(/Parley · log in/);
    });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TmuxPane } from '@parley/testing';
import { RequestFailed, TestClient, TestSystem, pause, TEST_PASSWORD } from '@parley/testing';
import { TerminalSessions, logIn } from '../src/terminal-sessions';

/** The numbers of the "message N" lines on a screen: what the reader can see of them. */
const shownNumbers = (screen: string) => [...screen.matchAll(/\bmessage (\d+)\b/g)].map((m) => Number(m[1]));

/**
 * A reader in a real terminal client, a sender as a plain WebSocket client: what the sender is
 * told was read must be what the reader's screen showed, and nothing more.
 */
describe('the terminal client reports read only what was on screen', () => {
  let system: TestSystem;
  let terminals: TerminalSessions;
  const senders: TestClient[] = [];

  before(async () => {
    system = await TestSystem.start('tui-read');
    terminals = await TerminalSessions.create(system.gatewayUrl());
  });

  after(async () => {
    for (const sender of senders) sender.close();
    await terminals?.dispose();
    await system?.stop();
  });

  /** Two friends; the reader is offline until they log in to the terminal. */
  async function friends(
    readerName: string,
    senderName: string,
  ): Promise<{ sender: TestClient; reader: string }> {
    const reader = await TestClient.online(system.gatewayUrl(), readerName);
    const sender = await TestClient.online(system.gatewayUrl(), senderName);
    senders.push(sender);
    await TestClient.befriend(reader, sender);
    reader.close();
    return { sender, reader: reader.userId };
  }

  /** Sends "message N" for each N, in order, at the pace the gateway allows. */
  async function sendNumbered(sender: TestClient, to: string, first: number, last: number): Promise<void> {
    for (let i = first; i <= last; i++) {
      const params = { clientMsgId: `n${i}`, to, text: `message ${i}` };
      await sender.request('message.send', params).catch(async (error: RequestFailed) => {
        if (error.error?.code !== 'RATE_LIMITED') throw error;
        await pause(error.error.retryAfterMs ?? 100);
        await sender.request('message.send', params);
      });
    }
  }

  /** The highest read mark the sender was told of, live. */
  const readReported = (sender: TestClient, reader: string) =>
    Math.max(
      0,
      ...sender.events.flatMap((e) =>
        e.event === 'receipt' && e.kind === 'read' && e.reader === reader ? [e.upToSeq] : [],
      ),
    );

  const peerReadSeq = async (sender: TestClient, reader: string) =>
    (await sender.request('conversation.open', { peer: reader })).peerReadSeq;

  async function waitForRead(sender: TestClient, reader: string, seq: number): Promise<void> {
    await sender.waitFor(
      (e) => e.event === 'receipt' && e.kind === 'read' && e.reader === reader && e.upToSeq >= seq,
      15_000,
    );
  }

  /** Presses `key` (a page up or down) until `pattern` is on screen. */
  async function pressUntil(pane: TmuxPane, key: 'PPage' | 'NPage', pattern: RegExp): Promise<void> {
    for (let i = 0; i < 10 && !pattern.test(pane.capture()); i++) {
      pane.press(key);
      await pause(300);
    }
    await pane.waitFor(pattern);
  }

  it('opens 40 unread messages at the first of them, and reports read only those that were shown', async () => {
    const { sender, reader } = await friends('ada', 'bert');
    await sendNumbered(sender, reader, 1, 40);
    const pane = terminals.open('ada');
    await logIn(pane, 'ada', TEST_PASSWORD);
    await pane.waitFor(/bert +40/, 15_000);

    pane.press('Enter');
    await pane.waitFor(/message \d+/);
    await pause(2000);
    const screen = pane.capture();
    const shown = shownNumbers(screen);
    assert.match(screen, /new messages/, `the "new messages" line is in view:\n${screen}`);
    assert.ok(shown.includes(1), `the first unread message is in view:\n${screen}`);
    const highest = Math.max(...shown);
    assert.ok(highest < 40, `not all 40 fit on the screen:\n${screen}`);
    assert.equal(readReported(sender, reader), highest, 'the sender is told read what was shown, live');
    assert.equal(await peerReadSeq(sender, reader), highest, 'and so says the conversation');
    assert.match(screen, new RegExp(`bert +${40 - highest}\\b`), 'the rest still counts as unread');

    await pressUntil(pane, 'NPage', /message 40\b/);
    await waitForRead(sender, reader, 40);
    assert.equal(await peerReadSeq(sender, reader), 40);
    await pane.waitFor(/▸. bert +│/);
  });

  it('leaves a message unread while the reader is scrolled away or the terminal too small, until shown', async () => {
    const { sender, reader } = await friends('cleo', 'dan');
    await sendNumbered(sender, reader, 1, 60);
    const pane = terminals.open('cleo');
    await logIn(pane, 'cleo', TEST_PASSWORD);
    await pane.waitFor(/dan +60/, 15_000);
    pane.press('Enter');
    await pressUntil(pane, 'NPage', /message 60\b/);
    await waitForRead(sender, reader, 60);

    await pressUntil(pane, 'PPage', /beginning of the conversation/);
    await sender.request('message.send', {
      clientMsgId: 'up',
      to: reader,
      text: 'arrived while scrolled up',
    });
    await pause(3000);
    assert.doesNotMatch(pane.capture(), /arrived while scrolled up/);
    assert.equal(readReported(sender, reader), 60, 'nothing on screen showed message 61');
    assert.equal(await peerReadSeq(sender, reader), 60);
    assert.match(pane.capture(), /dan +1\b/, 'it counts as unread');

    await pressUntil(pane, 'NPage', /arrived while scrolled up/);
    await waitForRead(sender, reader, 61);

    pane.resize(39, 11);
    await pane.waitFor(/too small/);
    await sender.request('message.send', {
      clientMsgId: 'small',
      to: reader,
      text: 'arrived while too small',
    });
    await pause(3000);
    assert.equal(readReported(sender, reader), 61, 'a terminal too small shows no message');
    assert.equal(await peerReadSeq(sender, reader), 61);

    pane.resize(120, 40);
    await pane.waitFor(/arrived while too small/);
    await waitForRead(sender, reader, 62);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TmuxPane } from '@parley/testing';
import { TestClient, TestSystem } from '@parley/testing';
import { TerminalSessions, logIn } from '../src/terminal-sessions';

/** What TestClient.register gives everyone. */
const PASSWORD = 'correct horse battery';
/** The contacts pane's columns on a 120-column screen: the composer is to their right. */
const CONTACTS_WIDTH = 32;

/** The rows inside the composer's box, from its labelled top border to its bottom one. */
function composerRows(screen: string): string[] {
  const right = screen.split('\n').map((line) => [...line].slice(CONTACTS_WIDTH).join(''));
  const top = right.findLastIndex((line) => /^┌.*Message/.test(line));
  const bottom = right.findIndex((line, i) => i > top && line.startsWith('└'));
  return right.slice(top + 1, bottom).map((line) => line.slice(1, -1).trimEnd());
}

async function waitForComposer(pane: TmuxPane, rows: string[]): Promise<void> {
  await pane.waitUntil(
    (screen) => JSON.stringify(composerRows(screen)) === JSON.stringify(rows),
    `the composer to show ${JSON.stringify(rows)}`,
  );
}

/**
 * The message composer of a real terminal client against the real system, a friend as a plain
 * WebSocket client that checks what was stored: pastes, long texts and new lines.
 */
describe('the terminal composer', () => {
  let system: TestSystem;
  let terminals: TerminalSessions;
  const friends: TestClient[] = [];

  before(async () => {
    system = await TestSystem.start('tui-composer');
    terminals = await TerminalSessions.create(system.gatewayUrl());
  });

  after(async () => {
    for (const friend of friends) friend.close();
    await terminals?.dispose();
    await system?.stop();
  });

  /** A writer in the terminal with the conversation with a friend open, the composer focused. */
  async function writing(
    writerName: string,
    friendName: string,
  ): Promise<{ pane: TmuxPane; friend: TestClient; writer: string }> {
    const writer = await TestClient.online(system.gatewayUrl(), writerName);
    const friend = await TestClient.online(system.gatewayUrl(), friendName);
    friends.push(friend);
    await TestClient.befriend(writer, friend);
    writer.close();
    const pane = terminals.open(writerName);
    await logIn(pane, writerName, PASSWORD);
    await pane.waitFor(new RegExp(`● ${friendName}`), 15_000);
    pane.press('Enter');
    await pane.waitFor(new RegExp(`${friendName} · online`));
    return { pane, friend, writer: writer.userId };
  }

  const textsFrom = (friend: TestClient, writer: string) =>
    friend.messages().flatMap((m) => (m.from === writer ? [m.text] : []));

  /** Waits until `friend` has received `text` from `writer`, then returns everything received from them. */
  async function received(friend: TestClient, writer: string, text: string): Promise<string[]> {
    await friend
      .waitFor((e) => e.event === 'message' && e.message.from === writer && e.message.text === text, 15_000)
      .catch((error: Error) => {
        throw new Error(`${error.message}\nreceived: ${JSON.stringify(textsFrom(friend, writer))}`);
      });
    return textsFrom(friend, writer);
  }

  it('takes a 50-line paste as one text, asks first, and sends it as one message', async () => {
    const { pane, friend, writer } = await writing('pia', 'quinn');
    const lines = Array.from({ length: 50 }, (_, i) => `pasted line ${i + 1}`);
    // The question takes only Enter or Esc: letters typed on do not answer it.
    pane.paste(lines.join('\n'));
    await pane.waitFor(/Paste 50 lines\?/);
    pane.type('yes');
    pane.press('Escape');
    const cancelled = await pane.waitFor(/^(?![\s\S]*Paste 50 lines)/);
    assert.deepEqual(composerRows(cancelled), [''], `Esc cancels the paste:\n${cancelled}`);

    pane.paste(lines.join('\n'));
    await pane.waitFor(/Paste 50 lines\?/);
    pane.press('Enter');
    await pane.waitFor(/pasted line 50/);
    assert.deepEqual(textsFrom(friend, writer), [], 'nothing is sent by pasting');
    pane.press('Enter');
    assert.deepEqual(await received(friend, writer, lines.join('\n')), [lines.join('\n')]);
  });

  it('refuses a 6,000-character paste with what is over, keeps it, and cuts nothing', async () => {
    const { pane, friend, writer } = await writing('rex', 'sue');
    const text = Array.from({ length: 750 }, (_, i) => `w${String(i).padStart(6, '0')}`).join(' ');
    assert.equal(text.length, 5999);
    pane.paste(text + '!');
    await pane.waitFor(/Paste 6,000 characters\?/);
    pane.press('Enter');
    await pane.waitFor(/6,000\/4,096/);
    pane.press('Enter');
    await pane.waitFor(/1,904 characters too long/);
    assert.match(pane.capture(), /6,000\/4,096/, 'the text stays in the composer');
    pane.press('C-u');
    pane.type('after the refusal');
    pane.press('Enter');
    assert.deepEqual(await received(friend, writer, 'after the refusal'), ['after the refusal']);
  });

  it('grows with a long text so all of it is seen, takes Alt-Enter as a new line and Up as the last text sent', async () => {
    const { pane, friend, writer } = await writing('tia', 'uli');
    const words = Array.from({ length: 40 }, (_, i) => `word${i + 1}`);
    pane.type(words.join(' '));
    const screen = await pane.waitFor(/word40/);
    const missing = words.filter((w) => !new RegExp(`\\b${w}\\b`).test(screen));
    assert.deepEqual(missing, [], `every word typed is on screen:\n${screen}`);

    pane.press('C-u');
    pane.type('first line');
    pane.press('M-Enter');
    pane.type('second line');
    await waitForComposer(pane, ['first line', 'second line']);
    pane.press('Enter');
    assert.deepEqual(await received(friend, writer, 'first line\nsecond line'), ['first line\nsecond line']);

    // Up in the empty composer brings back what was sent.
    await waitForComposer(pane, ['']);
    pane.press('Up');
    await waitForComposer(pane, ['first line', 'second line']);

    // Quitting turns bracketed paste off again: a paste into the shell after it is plain text.
    pane.press('C-c');
    await pane.waitFor(/EXITED 0/);
    pane.paste('pasted after the exit');
    assert.doesNotMatch(await pane.waitFor(/pasted after the exit/), /\[20[01]~/);
  });
});

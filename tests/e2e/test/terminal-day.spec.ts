import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TmuxPane } from '@parley/testing';
import { TEST_PASSWORD, TestClient, TestSystem, eventually, pause } from '@parley/testing';
import { assertFrame } from '../src/screen-frame';
import { TerminalSessions, logIn, whenListed } from '../src/terminal-sessions';

const SIZES = [
  { width: 80, height: 24 },
  { width: 40, height: 12 },
  { width: 200, height: 50 },
  { width: 300, height: 80 },
];

const PASTE = Array.from({ length: 30 }, (_, i) => `pasted line ${i + 1} 日本`).join('\n');

/**
 * A scripted stretch of a day in two real terminal clients at the sizes people use (up to 300×80): messages with
 * emoji and CJK, a 30-line paste, replies; every screen captured is checked against the frame the
 * layout draws (each row the terminal's width, every border in its column) and against itself
 * redrawn from nothing (Ctrl-L), so nothing stray is left behind; the sender is told read only
 * what the reader's screen showed.
 */
describe('a day of chat in two terminal clients', () => {
  let system: TestSystem;
  let terminals: TerminalSessions;
  const devices: TestClient[] = [];

  before(async () => {
    system = await TestSystem.start('tui-day');
    terminals = await TerminalSessions.create(system.gatewayUrl());
  });

  after(async () => {
    for (const device of devices) device.close();
    await terminals?.dispose();
    await system?.stop();
  });

  /** The screen once it matches `pattern` and has stayed the same for a second. */
  async function steady(pane: TmuxPane, pattern: RegExp): Promise<string> {
    let screen = await pane.waitFor(pattern, 15_000);
    for (let same = 0; same < 4;) {
      await pause(250);
      const again = pane.capture();
      same = again === screen ? same + 1 : 0;
      screen = again;
    }
    return screen;
  }

  /** The steady screen, checked as laid out and against itself drawn again from nothing. */
  async function settled(pane: TmuxPane, pattern: RegExp, width: number): Promise<string> {
    const screen = await steady(pane, pattern);
    assertFrame(screen, width);
    pane.press('C-l');
    assert.equal(await steady(pane, pattern), screen, 'drawn again from nothing, the screen is the same');
    return screen;
  }

  for (const { width, height } of SIZES) {
    it(`at ${width}×${height}: emoji, CJK and a 30-line paste, marked read only as far as shown`, async () => {
      const [a, b] = [`ada${width}`, `bob${width}`];
      const ada = await TestClient.online(system.gatewayUrl(), a);
      const bob = await TestClient.online(system.gatewayUrl(), b);
      await TestClient.befriend(ada, bob);
      bob.close();
      // ada keeps a second device open: it hears the read marks bob's client reports.
      devices.push(ada);
      const adaPane = terminals.open(a, { width, height });
      const bobPane = terminals.open(b, { width, height });
      await logIn(adaPane, a, TEST_PASSWORD);
      await logIn(bobPane, b, TEST_PASSWORD);

      await whenListed(adaPane, b);
      adaPane.type(`/msg ${b}`);
      adaPane.press('Enter');
      // Each as the conversation shows it (the message box may show it too while it is typed).
      for (const [text, shown] of [
        ['x 😀 y', /you +x 😀 y/],
        ['mixed 🎉 then CJK 日本語 end', /you +mixed 🎉/],
      ] as const) {
        adaPane.type(text);
        adaPane.press('Enter');
        await settled(adaPane, shown, width);
      }
      adaPane.paste(PASTE);
      await adaPane.waitFor(/Paste 30 lines\?/);
      adaPane.press('Enter');
      await settled(adaPane, /pasted line 30 日本/, width);
      adaPane.press('Enter');
      await settled(adaPane, /pasted line 30 日本 ✓/, width);
      await eventually(
        async () => (await ada.request('conversation.open', { peer: bob.userId })).lastSeq,
        (seq) => seq === 3,
      );

      // bob opens the conversation at its first unread message: seq 1 and what fits under it.
      await whenListed(bobPane, a);
      bobPane.type(`/msg ${a}`);
      bobPane.press('Enter');
      const opened = await settled(bobPane, /ada\d+ +x 😀 y/, width);
      const readOnOpen = await eventually(
        async () => (await ada.request('conversation.open', { peer: bob.userId })).peerReadSeq ?? 0,
        (seq) => seq >= 1,
      );
      const wholePaste = /pasted line 1 日本[\s\S]*pasted line 30 日本/.test(opened);
      const shownUpTo = wholePaste ? 3 : /mixed 🎉 then CJK 日本語 end/.test(opened) ? 2 : 1;
      assert.ok(readOnOpen <= shownUpTo, `read ${readOnOpen}, but the screen showed up to ${shownUpTo}`);

      // Paging to the end shows the paste, whole or filling the view: all of it is read then.
      bobPane.press('End');
      await settled(bobPane, /pasted line 30 日本/, width);
      assert.equal(
        await eventually(
          async () => (await ada.request('conversation.open', { peer: bob.userId })).peerReadSeq,
          (seq) => seq === 3,
        ),
        3,
      );
      const stored = (await ada.request('conversation.open', { peer: bob.userId })).messages;
      assert.equal(stored.at(-1)!.text, PASTE, 'the paste is one message, every line in it');

      bobPane.type('got it 👍🏽 ありがとう');
      bobPane.press('Enter');
      await settled(adaPane, /bob\d+ +got it 👍🏽/, width);
      await settled(bobPane, /you +got it 👍🏽/, width);
    });
  }
});

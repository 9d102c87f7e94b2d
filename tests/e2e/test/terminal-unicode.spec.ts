import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { textWidth } from '@parley/tui/dist/src/ui/text-width';
import type { TmuxPane } from '@parley/testing';
import { TEST_PASSWORD, TestClient, TestSystem, waitUntil } from '@parley/testing';
import { assertFrame, columns } from '../src/screen-frame';
import { TerminalSessions, logIn } from '../src/terminal-sessions';

/** What people send: emoji (joined, toned, flagged, with VS16), CJK, combining marks, RTL scripts. */
const TEXTS = [
  'x 😀 y',
  'mixed 🎉 then CJK 日本語 end',
  'dev 👩‍💻 family 👨‍👩‍👧 done',
  'thumbs 👍🏽 up',
  'cafe\u0301 ❤️ flag 🇩🇪 ok',
  'שלום עולם and مرحبا end',
];

/** Wide characters over three rows: wrapped, each row must still end at its border. */
const LONG = `wide ${'日本語😀'.repeat(12)} end`;

type Tmux = (...args: string[]) => string;

/** What tmux itself measures `text` as: printed in a pane of its own, where the cursor ends up. */
async function tmuxWidth(tmux: Tmux, text: string): Promise<number> {
  tmux(
    'new-session',
    '-d',
    '-s',
    'measure',
    '-x',
    '200',
    '-y',
    '3',
    '-e',
    `TEXT=${text}`,
    'printf "%s|" "$TEXT"; sleep 60',
  );
  try {
    await waitUntil(() => tmux('capture-pane', '-p', '-t', 'measure').includes('|'), {
      timeoutMs: 5000,
      what: `tmux to print ${JSON.stringify(text)}`,
      everyMs: 50,
    });
    return Number(tmux('display-message', '-p', '-t', 'measure', '#{cursor_x}').trim()) - 1;
  } finally {
    tmux('kill-session', '-t', 'measure');
  }
}

/** The row of the message box where text is typed: the one under its label. */
function composerRow(screen: string): string {
  const rows = screen.split('\n');
  return rows[rows.findIndex((row) => row.includes('─ Message')) + 1] ?? '';
}

/** The screen once `ok` says it is what is awaited, or as it is when the wait ends: the assertion after it shows what differs. */
const screenWhen = (pane: TmuxPane, ok: (screen: string) => boolean): Promise<string> =>
  pane.waitUntil(ok, 'the awaited screen').catch(() => pane.capture());

/**
 * A person in a real terminal client receives and sends text of every kind a person may type,
 * and the screen tmux shows must be laid out as the client meant: rows full width, borders in
 * place, texts whole, marks untouched, and the same after scrolling as after a full redraw.
 */
describe('the terminal client gives every character the width the terminal gives it', () => {
  let system: TestSystem;
  let terminals: TerminalSessions;
  let bert: TestClient;

  before(async () => {
    system = await TestSystem.start('tui-unicode');
    terminals = await TerminalSessions.create(system.gatewayUrl());
  });

  after(async () => {
    bert?.close();
    await terminals?.dispose();
    await system?.stop();
  });

  it('measures each text as tmux does', async () => {
    const socket = join(tmpdir(), `parley-measure-${process.pid}.sock`);
    const tmux: Tmux = (...args) => execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
    // A session that stays keeps the server up between the measurements.
    tmux('new-session', '-d', '-s', 'keep', 'sleep 600');
    try {
      for (const text of [LONG, ...TEXTS]) assert.equal(textWidth(text), await tmuxWidth(tmux, text), text);
    } finally {
      tmux('kill-server');
      rmSync(socket, { force: true });
    }
  });

  it('shows emoji, CJK, combining marks and RTL text in place, sent and received, and nothing stray after scrolling', async () => {
    const ada = await TestClient.online(system.gatewayUrl(), 'ada');
    bert = await TestClient.online(system.gatewayUrl(), 'bert');
    await TestClient.befriend(ada, bert);
    ada.close();
    const send = (clientMsgId: string, text: string) =>
      bert.request('message.send', { clientMsgId, to: ada.userId, text });
    await send('long', LONG);
    for (const [i, text] of TEXTS.entries()) await send(`in${i}`, text);

    const pane = terminals.open('ada', { width: 80, height: 24 });
    await logIn(pane, 'ada', TEST_PASSWORD);
    await pane.waitFor(/bert +7/, 15_000);
    pane.press('Enter');
    await pane.waitFor(/bert {2}שלום עולם and مرحبا end/);

    for (const text of TEXTS) {
      pane.type(text);
      const typing = await screenWhen(pane, (s) => composerRow(s).includes(text));
      assert.ok(composerRow(typing).includes(text), `the message box shows "${text}" whole:\n${typing}`);
      assertFrame(typing, 80);
      pane.press('Enter');
      await bert.waitFor((e) => e.event === 'message' && e.message.text === text, 15_000);
    }
    const sent = await pane.waitFor(/you +שלום עולם and مرحبا end +✓/, 15_000);
    assertWhole(sent, pane);
    await assertRedrawnSame(pane, sent);

    // Scrolling moves the rows with wide characters up, half of them out of view, then all.
    for (let i = 1; i <= 26; i++) {
      await send(`line${i}`, `line ${i}`);
      if (i !== 10 && i !== 26) continue;
      await pane.waitFor(new RegExp(`bert {2}line ${i} +│`), 15_000);
      // Shown, so read: once bert's unread count is gone from the list, nothing more changes.
      const scrolled = await pane.waitFor(/▸. bert +│/, 15_000);
      assertFrame(scrolled, 80);
      await assertRedrawnSame(pane, scrolled);
    }
  });

  /** A resize makes blessed draw every cell afresh: what scrolling left must be what that draws. */
  async function assertRedrawnSame(pane: TmuxPane, screen: string): Promise<void> {
    const width = (s: string) => columns(s.split('\n')[0]!).length;
    pane.resize(100, 24);
    assert.equal(
      width(await screenWhen(pane, (s) => width(s) === 100)),
      100,
      'the client redraws at 100 columns',
    );
    pane.resize(80, 24);
    const redrawn = await screenWhen(pane, (s) => s === screen);
    assert.equal(redrawn, screen, 'the screen after scrolling is the one a full redraw draws');
  }

  /** Both sides of every text on screen, whole, the marks beside mine, the frame in place. */
  function assertWhole(screen: string, pane: TmuxPane): void {
    assertFrame(screen, 80);
    const rows = screen.split('\n');
    for (const text of TEXTS) {
      assert.ok(
        rows.some((row) => row.includes(` bert  ${text} `)),
        `bert's "${text}" is shown whole:\n${screen}`,
      );
      const mine = rows.find((row) => /:\d\d you +/.test(row) && row.includes(`  ${text} `));
      assert.ok(mine, `my "${text}" is shown whole on ${pane.name}'s screen:\n${screen}`);
      // Whatever stands between my text and the border is its mark, whole.
      const mark = mine.slice(mine.indexOf(`  ${text} `) + text.length + 2, -1).trim();
      assert.match(mark, /^✓✓?( (sent|delivered|read))?$/, `the mark of "${text}" is untouched:\n${screen}`);
    }
  }
});

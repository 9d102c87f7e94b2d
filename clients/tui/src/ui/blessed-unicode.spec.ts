import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { afterEach, describe, it } from 'node:test';
import blessed from 'blessed';
import { useTerminalWidths } from './blessed-unicode';

/** What blessed keeps in the cell after a wide character's. */
const FILLER = '\x03';

/** A real blessed screen of `width` × 3 cells that writes to nowhere. */
function screenOf(width: number): blessed.Widgets.Screen {
  const output = Object.assign(new PassThrough(), { columns: width, rows: 3, isTTY: true });
  output.resume();
  const screen = blessed.screen({
    input: new PassThrough(),
    output,
    terminal: 'xterm-256color',
    fullUnicode: true,
    forceUnicode: true,
    warnings: false,
  });
  useTerminalWidths(screen);
  return screen;
}

/** The screen's cells of one row, as they are after drawing. */
function row(screen: blessed.Widgets.Screen, y: number): string[] {
  const lines = (screen as unknown as { lines: Array<Array<[number, string]>> }).lines;
  return lines[y]!.map((cell) => cell[1]);
}

describe('blessed with terminal widths', () => {
  let screen: blessed.Widgets.Screen | null = null;
  afterEach(() => screen?.destroy());

  it('gives each terminal cell its columns: one cell for a joined sequence, a filler after a wide one', () => {
    screen = screenOf(16);
    blessed.box({
      parent: screen,
      width: 16,
      height: 1,
      tags: true,
      content: 'a👩‍💻{bold}b{/bold}日e\u0301👍🏽|',
    });
    screen.render();
    assert.deepEqual(row(screen, 0).slice(0, 12), [
      'a',
      '👩‍💻',
      FILLER,
      'b',
      '日',
      FILLER,
      'e\u0301',
      '👍',
      FILLER,
      '🏽',
      FILLER,
      '|',
    ]);
  });

  it('cuts a line to the box in columns, and keeps the text after a wide character in place', () => {
    screen = screenOf(10);
    blessed.box({ parent: screen, width: 6, height: 1, wrap: false, content: '😀😀😀😀' });
    blessed.box({ parent: screen, left: 6, width: 4, height: 1, content: 'e\u0301\u0301|' });
    screen.render();
    assert.deepEqual(row(screen, 0), [
      '😀',
      FILLER,
      '😀',
      FILLER,
      '😀',
      FILLER,
      'e\u0301\u0301',
      '|',
      ' ',
      ' ',
    ]);
  });

  it('blanks a wide character whose other half another widget covers', () => {
    screen = screenOf(8);
    blessed.box({ parent: screen, width: 8, height: 1, content: '日本語x' });
    blessed.box({ parent: screen, left: 1, width: 1, height: 1, content: '|' });
    blessed.box({ parent: screen, left: 4, width: 1, height: 1, content: '|' });
    screen.render();
    assert.deepEqual(row(screen, 0), [' ', '|', '本', FILLER, '|', ' ', 'x', ' ']);
  });

  it('keeps the text of every widget right when the stand-ins start afresh', () => {
    screen = screenOf(12);
    // 6,000 cells blessed cannot hold alone, then 6,000 others and an owl never seen before: more than there are stand-ins.
    const marked = (from: number) =>
      Array.from({ length: 6000 }, (_, i) => `${String.fromCodePoint(0x4e00 + from + i)}\u0301`).join('');
    const first = blessed.box({ parent: screen, width: 6, height: 1, wrap: false, content: marked(0) });
    const second = blessed.box({ parent: screen, left: 6, width: 6, height: 1, content: '🎉x' });
    screen.render();
    first.setContent(`🇩🇪${marked(6000)}`);
    second.setContent('x🦉');
    screen.render();
    const [a, b] = [String.fromCodePoint(0x4e00 + 6000), String.fromCodePoint(0x4e00 + 6001)];
    assert.deepEqual(row(screen, 0), [
      '🇩',
      '🇪',
      `${a}\u0301`,
      FILLER,
      `${b}\u0301`,
      FILLER,
      'x',
      '🦉',
      FILLER,
      ' ',
      ' ',
      ' ',
    ]);
  });
});

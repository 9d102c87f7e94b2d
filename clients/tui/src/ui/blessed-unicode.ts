import blessed from 'blessed';
import { charWidth, cells, textWidth } from './text-width';
import type { Cell } from './text-width';

/*
 * Why this module exists: blessed 0.1.81 lays text out one UTF-16 code unit per screen cell. In
 * fullUnicode mode it puts a surrogate pair in one cell but counts that cell one column, knows
 * wide characters only in a few CJK ranges, combines only the marks of its own old table and
 * cannot keep a joined sequence (👩‍💻) in one cell. So every emoji draws one column more than
 * blessed planned and pushes the rest of its row: marks overwritten, text mangled, borders gone,
 * letters left behind. No fork fixes it (neo-blessed 0.2.0, reblessed 0.2.1 and
 * @terminal-junkies/neo-blessed 1.0.5 measure 😀 as one column; @unblessed/node needs Node 22).
 *
 * What it does: before blessed parses a widget's tags, each of the terminal's cells (text-width's
 * `cells`) is made exactly as many code units as it takes columns. A character blessed handles
 * alone stays itself; anything else (an astral character, a letter with marks, a joined sequence)
 * becomes one private-use code unit that stands for it; a wide cell is followed by the filler
 * blessed itself uses after wide characters. blessed's wrapping, alignment and drawing then count
 * right. Just before the screen is written out, each stand-in becomes its text again, and a wide
 * character cut in half (a dialog's border over one of its columns) becomes a space, so that no row
 * shifts and nothing is left behind.
 */

/** The parts of blessed's internals this module changes. */
interface Unicode {
  charWidth(text: string | number, index?: number): number;
  strWidth(text: string): number;
  combining: Record<number, boolean>;
  chars: { all: RegExp };
}
interface ElementInternals {
  parseTags: boolean;
  _clines: unknown;
  _parseTags(text: string): string;
  parseContent(noTags?: boolean): boolean;
}
/** A screen cell as blessed keeps it: attributes and what is drawn. */
type ScreenCell = [number, string];
type Line = ScreenCell[] & { dirty: boolean };
interface ScreenInternals {
  lines: Line[];
  draw(start: number, end: number): void;
}
const internals = blessed as unknown as { unicode: Unicode; Element: { prototype: ElementInternals } };

/** What blessed puts in the cell after a wide character's; parseContent strips it from content. */
const FILLER = '\x03';
const FIRST_STAND_IN = 0xe000;
const STAND_INS = 0xf8ff - FIRST_STAND_IN + 1;
const ESC = '\u001b';
/** What is left of markup when blessed parses tags (it has dropped other controls): passed on as is. */
const MARKUP = new RegExp(`(\\{[^{}]*\\}|${ESC}\\[[\\d;]*m|\\n)`);
const SGR_OR_NEWLINE = new RegExp(`(${ESC}\\[[\\d;]*m|\\n)`);

/**
 * The texts the stand-ins stand for. It only grows while the client runs; when it is three
 * quarters full it starts afresh before a render, and every widget parses its content again.
 */
let texts: string[] = [];
let standIns = new Map<string, { ch: string; width: number }>();
/** Texts already encoded (each line of a widget is one or more), so that a redraw does not segment them again. */
let encoded = new Map<string, string>();
const ENCODED_KEPT = 5000;
let generation = 0;
const parsedIn = new WeakMap<ElementInternals, number>();

function standIn(cell: Cell): string {
  let known = standIns.get(cell.text);
  if (known === undefined) {
    if (texts.length === STAND_INS) return '\ufffd';
    known = { ch: String.fromCharCode(FIRST_STAND_IN + texts.length), width: cell.width };
    texts.push(cell.text);
    standIns.set(cell.text, known);
  }
  return known.ch;
}

function isStandIn(ch: string): boolean {
  return (
    ch.length === 1 && ch.charCodeAt(0) >= FIRST_STAND_IN && ch.charCodeAt(0) < FIRST_STAND_IN + STAND_INS
  );
}

/** `content` with each terminal cell as many code units as it has columns; markup untouched. */
function encode(content: string, tags: boolean): string {
  return content
    .split(tags ? MARKUP : SGR_OR_NEWLINE)
    .map((part, i) => (i % 2 === 1 ? part : encodeText(part)))
    .join('');
}

function encodeText(text: string): string {
  let out = encoded.get(text);
  if (out !== undefined) return out;
  out = '';
  for (const cell of cells(text)) {
    const alone = cell.text.length === 1 && !isStandIn(cell.text);
    out += (alone ? cell.text : standIn(cell)) + FILLER.repeat(cell.width - 1);
  }
  if (encoded.size === ENCODED_KEPT) encoded = new Map();
  encoded.set(text, out);
  return out;
}

/** The columns of what one screen cell holds. */
function cellWidth(text: string): number {
  if (text.length === 1) return text === FILLER ? 0 : text <= '~' ? 1 : charWidth(text.charCodeAt(0));
  return standIns.get(text)?.width ?? textWidth(text);
}

/** Stand-ins back to their text; halves of wide characters that lost their other half to spaces. */
function settle(lines: Line[], start: number, end: number): void {
  for (let y = Math.max(0, start); y <= end && y < lines.length; y++) {
    const line = lines[y]!;
    for (const cell of line)
      if (isStandIn(cell[1])) cell[1] = texts[cell[1].charCodeAt(0) - FIRST_STAND_IN] ?? cell[1];
    for (let x = 0; x < line.length; x++) {
      const cell = line[x]!;
      const wide = cellWidth(cell[1]) === 2;
      const orphan = cell[1] === FILLER && (x === 0 || cellWidth(line[x - 1]![1]) !== 2);
      if ((wide && line[x + 1]?.[1] !== FILLER) || orphan) {
        cell[1] = ' ';
        line.dirty = true;
      }
    }
  }
}

let patched = false;

/** blessed's own width functions and content parsing, made to count as the terminal does. */
function patchBlessed(): void {
  if (patched) return;
  patched = true;
  const { unicode, Element } = internals;
  // blessed asks this only about what one screen cell holds.
  unicode.charWidth = (text, index = 0) =>
    typeof text === 'number' ? charWidth(text) : cellWidth(text.slice(index));
  unicode.strWidth = textWidth;
  // Marks and wide characters arrive inside stand-ins now: blessed must neither combine nor pad them.
  unicode.combining = {};
  unicode.chars.all = /(?!)/g;
  const parseTags = Element.prototype._parseTags;
  Element.prototype._parseTags = function (this: ElementInternals, text: string) {
    return parseTags.call(this, encode(text, this.parseTags));
  };
  const parseContent = Element.prototype.parseContent;
  Element.prototype.parseContent = function (this: ElementInternals, noTags?: boolean) {
    if (parsedIn.get(this) !== generation) {
      this._clines = null;
      parsedIn.set(this, generation);
    }
    return parseContent.call(this, noTags);
  };
}

/** Makes `screen` draw every character in the columns the terminal gives it. */
export function useTerminalWidths(screen: blessed.Widgets.Screen): void {
  patchBlessed();
  const inner = screen as unknown as ScreenInternals;
  const draw = inner.draw.bind(inner);
  inner.draw = (start, end) => {
    settle(inner.lines, start, end);
    draw(start, end);
  };
  screen.on('prerender', () => {
    if (texts.length < (STAND_INS * 3) / 4) return;
    texts = [];
    standIns = new Map();
    encoded = new Map();
    generation++;
  });
}

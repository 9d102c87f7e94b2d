import { eastAsianWidth } from 'get-east-asian-width';

/*
 * Terminal column widths, the one measure of the whole client: layout, editing and what blessed
 * puts in each screen cell (see blessed-unicode.ts) all count with these functions, so that what
 * the client plans is what the terminal draws. The rules are the terminal's (measured in tmux,
 * which follows the C library's wcwidth):
 * - each code point takes its East Asian Width: wide and fullwidth take two columns, the rest one
 *   (ambiguous ones too, as outside a CJK locale); the table is get-east-asian-width's, kept up
 *   to date with Unicode, rather than ranges written by hand;
 * - combining marks, format characters (ZWJ, variation selectors, bidi marks) and line separators
 *   take none, except the soft hyphen and the prepended concatenation marks, which terminals
 *   print; Hangul medial vowels and final consonants join their syllable and take none;
 * - a control character takes one: the client never sends one to the terminal but shows a blank;
 * - inside a grapheme cluster, what follows a zero width joiner joins the character before it and
 *   takes nothing (👩‍💻 is two columns); a skin tone modifier and each regional indicator keep their
 *   own width (👍🏽 is four, 🇩🇪 two), as terminals draw them;
 * - a code point Unicode has not assigned is shown as U+FFFD (one column): terminals give such a
 *   code point no width or one, and nothing on screen would tell the reader it was there.
 * Characters newer than the terminal's own tables can still differ (tmux with glibc 2.36 gives
 * Unicode 15 emoji no width); nothing in the client can know the terminal's tables.
 */

const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}\p{Zl}\p{Zp}\u1160-\u11ff\ud7b0-\ud7ff]/u;
const PRINTED_FORMAT = /[\u00ad\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u{110bd}\u{110cd}]/u;
const UNASSIGNED = /\p{Cn}/u;
const REPLACEMENT = '\ufffd';
const ZWJ = '\u200d';
const PLAIN = /^[\x20-\x7e]*$/;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The columns one code point takes on its own. */
export function charWidth(codePoint: number): number {
  if (codePoint >= 0x20 && codePoint < 0x7f) return 1;
  const ch = String.fromCodePoint(codePoint);
  if (UNASSIGNED.test(ch)) return 1;
  if (ZERO_WIDTH.test(ch) && !PRINTED_FORMAT.test(ch)) return 0;
  return eastAsianWidth(codePoint);
}

/** The grapheme clusters of `text`: what a reader takes for one character, never to be split. */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** One screen cell: what the terminal draws in it and how many columns that takes (1 or 2). */
export interface Cell {
  text: string;
  width: number;
}

/**
 * `text` as the terminal's cells. A zero width character joins the cell before it; one with no
 * cell before it in its cluster (a mark at the very start) is left out, and so is a joiner that
 * joins nothing, since a terminal would join the next character to it whatever that is. An
 * unassigned code point becomes U+FFFD.
 */
export function cells(text: string): Cell[] {
  // Only zero width characters join others: without them each code point is a cell of its own.
  if (!ZERO_WIDTH.test(text)) return Array.from(text, (ch) => cellOf(ch, charWidth(ch.codePointAt(0)!)));
  const out: Cell[] = [];
  for (const cluster of graphemes(text)) {
    let current: Cell | null = null;
    let joined = false;
    const points = [...cluster];
    for (const [i, ch] of points.entries()) {
      const width = joined ? 0 : charWidth(ch.codePointAt(0)!);
      joined = ch === ZWJ;
      if (width > 0) out.push((current = cellOf(ch, width)));
      else if (current && !(joined && i === points.length - 1)) current.text += ch;
    }
  }
  return out;
}

function cellOf(ch: string, width: number): Cell {
  return { text: UNASSIGNED.test(ch) ? REPLACEMENT : ch, width };
}

export function textWidth(text: string): number {
  if (PLAIN.test(text)) return text.length;
  let width = 0;
  for (const cell of cells(text)) width += cell.width;
  return width;
}

/** Cuts to at most `width` columns, never through a wide character or a grapheme cluster. */
export function truncate(text: string, width: number, ellipsis = '…'): string {
  if (textWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  const room = width - textWidth(ellipsis);
  for (const g of graphemes(text)) {
    const w = textWidth(g);
    if (used + w > room) break;
    out += g;
    used += w;
  }
  return room >= 0 ? out + ellipsis : '';
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - textWidth(text)));
}

/**
 * Wraps at spaces to `width` columns, breaking words longer than a line between grapheme
 * clusters. Newlines the person typed are kept; control characters (which would move the
 * terminal's cursor) become spaces.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  const w = Math.max(1, width);
  for (const paragraph of withoutControls(text.replace(/\t/g, '  ')).split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const word of words(paragraph)) {
      const wordWidth = textWidth(word);
      if (lineWidth + wordWidth <= w) {
        line += word;
        lineWidth += wordWidth;
        continue;
      }
      if (lineWidth > 0 && wordWidth <= w) {
        lines.push(line.trimEnd());
        line = word;
        lineWidth = wordWidth;
        continue;
      }
      for (const g of graphemes(word)) {
        const gw = textWidth(g);
        if (lineWidth + gw > w) {
          lines.push(line.trimEnd());
          line = '';
          lineWidth = 0;
        }
        line += g;
        lineWidth += gw;
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** Words with the space after each, split only where a cluster ends with a space. */
function words(paragraph: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const g of graphemes(paragraph)) {
    word += g;
    if (g === ' ') {
      out.push(word);
      word = '';
    }
  }
  if (word) out.push(word);
  return out;
}

function withoutControls(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    out += ch !== '\n' && (code < 0x20 || code === 0x7f) ? ' ' : ch;
  }
  return out;
}

/** Makes text safe inside blessed tag markup: `{` and `}` would otherwise start a tag. */
export function escapeTags(text: string): string {
  return text.replace(/[{}]/g, (ch) => (ch === '{' ? '{open}' : '{close}'));
}

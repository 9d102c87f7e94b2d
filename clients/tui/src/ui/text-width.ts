/**
 * Terminal column widths, enough for chat text: combining marks take none, East Asian wide
 * characters and emoji take two. The screen runs with fullUnicode, which draws them that way.
 */
export function charWidth(codePoint: number): number {
  if (
    codePoint === 0 ||
    (codePoint >= 0x300 && codePoint <= 0x36f) ||
    (codePoint >= 0x200b && codePoint <= 0x200f) ||
    codePoint === 0xfe0f
  ) {
    return 0;
  }
  if (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1faff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch.codePointAt(0)!);
  return width;
}

/** Cuts to at most `width` columns, never through a wide character. */
export function truncate(text: string, width: number, ellipsis = '…'): string {
  if (textWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  const room = width - textWidth(ellipsis);
  for (const ch of text) {
    const w = charWidth(ch.codePointAt(0)!);
    if (used + w > room) break;
    out += ch;
    used += w;
  }
  return room >= 0 ? out + ellipsis : '';
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - textWidth(text)));
}

/**
 * Wraps at spaces to `width` columns, breaking words longer than a line. Newlines the person
 * typed are kept; control characters (which would move the terminal's cursor) become spaces.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  const w = Math.max(1, width);
  for (const paragraph of withoutControls(text.replace(/\t/g, '  ')).split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const word of paragraph.split(/(?<= )/)) {
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
      for (const ch of word) {
        const cw = charWidth(ch.codePointAt(0)!);
        if (lineWidth + cw > w) {
          lines.push(line.trimEnd());
          line = '';
          lineWidth = 0;
        }
        line += ch;
        lineWidth += cw;
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
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

/** The user-perceived characters of `text`: an emoji with its modifiers, a letter with its marks. */
export function graphemes(text: string): string[] {
  return Array.from(
    new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text),
    (s) => s.segment,
  );
}

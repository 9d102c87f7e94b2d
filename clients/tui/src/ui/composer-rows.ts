import { graphemes, textWidth } from './text-width';

/** One row of the composer: `text.slice(start, end)`, without the line break that may end it. */
export interface Row {
  start: number;
  end: number;
  /** Whether the text goes on in the next row without a line break between (a wrapped line). */
  wrapped: boolean;
}

/**
 * The rows `text` takes in a composer `width` columns wide: lines wrapped at spaces (a word longer
 * than a row is broken), each row leaving its last column free so that the cursor after its last
 * character has a cell; a space that reaches that column stays on the row it ends.
 */
export function composerRows(text: string, width: number): Row[] {
  const room = Math.max(1, width - 1);
  const rows: Row[] = [];
  let lineStart = 0;
  for (const line of text.split('\n')) {
    let start = lineStart;
    let used = 0;
    /** Where the row may end: after the last space, or nowhere yet. */
    let breakAt = -1;
    let offset = lineStart;
    for (const g of graphemes(line)) {
      const w = textWidth(g);
      const fits = used + w <= room || (g === ' ' && used + w <= room + 1);
      if (!fits && offset > start) {
        const end = breakAt > start ? breakAt : offset;
        rows.push({ start, end, wrapped: true });
        used = textWidth(text.slice(end, offset));
        start = end;
        breakAt = -1;
      }
      used += w;
      offset += g.length;
      if (g === ' ') breakAt = offset;
    }
    rows.push({ start, end: offset, wrapped: false });
    lineStart = offset + 1;
  }
  return rows;
}

/** The row the cursor at `offset` is drawn on: the end of a wrapped row is the start of the next. */
export function rowOf(rows: Row[], offset: number): number {
  return Math.max(
    0,
    rows.findLastIndex((row) => row.start <= offset),
  );
}

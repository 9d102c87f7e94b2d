import assert from 'node:assert/strict';
import { graphemes, textWidth } from '@parley/tui/dist/src/ui/text-width';

const BORDERS = new Set(['│', '┌', '┐', '└', '┘', '├', '┤']);

/** Each captured row as the terminal's cells: what stands in each column, a wide character in its first. */
export function columns(row: string): string[] {
  const cells: string[] = [];
  for (const g of graphemes(row)) {
    cells.push(g);
    for (let i = 1; i < textWidth(g); i++) cells.push('');
  }
  return cells;
}

/**
 * The screen's frame: the columns where the top row has a corner must hold a border on every row
 * above the status bar, and those rows must be exactly the terminal's width. A character measured
 * one column short pushes the rest of its row, and the border with it.
 */
export function assertFrame(screen: string, width: number): void {
  const rows = screen.replace(/\n$/, '').split('\n').slice(0, -1);
  const top = columns(rows[0]!);
  const borders = top.flatMap((ch, x) => (ch === '┌' || ch === '┐' ? [x] : []));
  assert.ok(borders.includes(width - 1), `the top row ends with a corner:\n${screen}`);
  for (const [y, row] of rows.entries()) {
    const cells = columns(row);
    assert.equal(cells.length, width, `row ${y} is ${cells.length} columns, not ${width}: ${row}\n${screen}`);
    for (const x of borders)
      assert.ok(
        BORDERS.has(cells[x]!),
        `row ${y} has "${cells[x]}" at column ${x}, not a border: ${row}\n${screen}`,
      );
  }
}

import { composerRows, rowOf } from './composer-rows';
import type { Row } from './composer-rows';
import { InputHistory } from './input-history';
import { TextEditor } from './text-editor';
import type { KeyInfo } from './text-editor';
import { escapeTags, graphemes, textWidth } from './text-width';

/** From this share of the limit on, the composer counts the characters. */
const COUNT_FROM = 0.9;

export interface ComposerHooks {
  /** Takes a finished text on Enter; returns whether it was taken (it then leaves the composer). */
  submit(text: string): boolean;
  /** Says why Enter did not take the text. */
  refuse(why: string): void;
}

/** A count as the composer and its paste question show it: 4,096. */
export const formatCount = (n: number) => n.toLocaleString('en-US');

/**
 * Where a message is written: text of several lines, wrapped to the box, with the history of what
 * was sent and the length limit of a message (counted as the server counts it, in UTF-16 units).
 * Enter submits; Alt-Enter, or Shift-Enter where the terminal reports it, starts a new line; Up and
 * Down move between rows, and from the first or last one browse the history. Text over the limit
 * is kept and shown as too long, never cut. `value`, `cursor` and `replaceRange` are the
 * TextEditor's, for code that completes or rewrites what is typed.
 */
export class Composer extends TextEditor {
  private readonly history = new InputHistory();
  /** The text's columns as last drawn, which Up and Down move in. */
  private width = 80;
  /** The first row shown when the text is taller than the box. */
  private top = 0;

  constructor(
    readonly maxLength: number,
    public hooks: ComposerHooks,
  ) {
    super();
  }

  override handle(ch: string | undefined, key: KeyInfo): boolean {
    switch (key.full ?? key.name) {
      case 'enter':
        this.submit();
        return true;
      case 'M-enter':
      case 'S-enter':
        this.insert('\n');
        return true;
      case 'up':
        this.moveRow(-1);
        return true;
      case 'down':
        this.moveRow(1);
        return true;
    }
    return super.handle(ch, key);
  }

  /** How far over the limit the text is, 0 when it fits. */
  get tooLongBy(): number {
    return Math.max(0, this.value.length - this.maxLength);
  }

  /** `3,900/4,096` near the limit, with how much is too long over it; null well below it. */
  counter(): string | null {
    const length = this.value.length;
    if (length < this.maxLength * COUNT_FROM) return null;
    const counted = `${formatCount(length)}/${formatCount(this.maxLength)}`;
    return this.tooLongBy > 0 ? `${counted} · ${formatCount(this.tooLongBy)} too long` : counted;
  }

  /** The rows the text takes at `width` columns. */
  rowCount(width: number): number {
    return composerRows(this.value, width).length;
  }

  /**
   * `height` rows of tagged markup, each `width` columns wide: the rows around the cursor, the
   * cursor an inverse cell when `focused`, what is over the limit in red.
   */
  render(width: number, height: number, focused: boolean): string[] {
    this.width = width;
    const rows = composerRows(this.value, width);
    const cursorRow = rowOf(rows, this.cursor);
    this.top = Math.min(this.top, cursorRow, Math.max(0, rows.length - height));
    this.top = Math.max(this.top, cursorRow - height + 1);
    const lines = rows.slice(this.top, this.top + height).map((row) => this.renderRow(row, width, focused));
    while (lines.length < height) lines.push(' '.repeat(width));
    return lines;
  }

  private renderRow(row: Row, width: number, focused: boolean): string {
    let out = '';
    let offset = row.start;
    let col = 0;
    for (const g of graphemes(this.value.slice(row.start, row.end))) {
      // A control character (a pasted tab or escape) would move the terminal's cursor: a blank shows it.
      const text = g < ' ' || g === '\u007f' ? ' ' : escapeTags(g);
      const tooLong = offset >= this.maxLength;
      const cell = tooLong ? `{red-fg}${text}{/red-fg}` : text;
      out += focused && offset === this.cursor ? `{inverse}${cell}{/inverse}` : cell;
      offset += g.length;
      col += textWidth(g);
    }
    if (focused && offset === this.cursor && !row.wrapped) {
      out += '{inverse} {/inverse}';
      col++;
    }
    return out + ' '.repeat(Math.max(0, width - col));
  }

  private submit(): void {
    const text = this.value;
    if (text.trim() === '') return;
    if (this.tooLongBy > 0) {
      this.hooks.refuse(
        `Not sent: ${formatCount(this.tooLongBy)} characters too long (${formatCount(text.length)}, at most ${formatCount(this.maxLength)})`,
      );
      return;
    }
    if (!this.hooks.submit(text)) return;
    this.history.add(text);
    this.value = '';
  }

  /** Up or down a row at the same column; beyond the first or last row, through the history. */
  private moveRow(by: -1 | 1): void {
    const rows = composerRows(this.value, this.width);
    const from = rowOf(rows, this.cursor);
    const target = rows[from + by];
    if (!target) {
      const recalled = by < 0 ? this.history.older(this.value) : this.history.newer(this.value);
      if (recalled !== null) this.value = recalled;
      return;
    }
    const column = textWidth(this.value.slice(rows[from]!.start, this.cursor));
    let offset = target.start;
    let used = 0;
    for (const g of graphemes(this.value.slice(target.start, target.end))) {
      const last = offset + g.length === target.end;
      if (used + textWidth(g) > column || (last && target.wrapped)) break;
      used += textWidth(g);
      offset += g.length;
    }
    this.cursor = offset;
  }
}

import { TextEditor } from './text-editor';
import { escapeTags, graphemes, textWidth } from './text-width';

export type { KeyInfo } from './text-editor';

/**
 * A one-line field of a form, kept apart from blessed's textbox (whose input loop fights with a
 * screen-wide key handler): the editing is the TextEditor's, drawing in whichever widget shows it.
 */
export class LineEditor extends TextEditor {
  constructor(
    readonly mask: string | null = null,
    readonly maxLength = 4096,
  ) {
    super();
  }

  /** Line breaks (a pasted password's last one, say) are no part of a field: inner ones become spaces. */
  override insert(text: string): void {
    const line = text.replace(/[\r\n]+$/, '').replace(/[\r\n]+/g, ' ');
    let room = this.maxLength - this.value.length;
    let fitting = '';
    for (const g of graphemes(line)) {
      if ((room -= g.length) < 0) break;
      fitting += g;
    }
    super.insert(fitting);
  }

  /**
   * Tagged markup exactly `width` columns wide: scrolled so the cursor stays in view, the cursor
   * drawn as an inverse cell when `focused`, a password drawn as its mask.
   */
  render(width: number, focused: boolean): string {
    const chars = graphemes(this.value);
    const cursor = graphemes(this.value.slice(0, this.cursor)).length;
    const shown = this.mask === null ? chars : chars.map(() => this.mask!);
    const widths = shown.map(textWidth);
    let start = 0;
    const room = Math.max(1, width - 1);
    let used = widths.slice(0, cursor).reduce((a, b) => a + b, 0);
    while (used > room && start < cursor) used -= widths[start++]!;
    let out = '';
    let col = 0;
    for (let i = start; i <= shown.length; i++) {
      const ch = shown[i] ?? ' ';
      const w = i < shown.length ? widths[i]! : 1;
      if (col + w > width) break;
      const text = escapeTags(ch);
      out += i === cursor && focused ? `{inverse}${text}{/inverse}` : text;
      col += w;
    }
    return out + ' '.repeat(Math.max(0, width - col));
  }
}

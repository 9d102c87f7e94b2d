import { charWidth, escapeTags } from './text-width';

/** The subset of blessed's key description the editor reads. */
export interface KeyInfo {
  name?: string;
  full?: string;
  ctrl?: boolean;
  meta?: boolean;
  sequence?: string;
}

/**
 * A one-line text editor, kept apart from blessed's textbox (whose input loop fights with a
 * screen-wide key handler): value and cursor here, drawing in whichever widget shows it.
 */
export class LineEditor {
  private chars: string[] = [];
  private cursor = 0;

  constructor(
    readonly mask: string | null = null,
    readonly maxLength = 4096,
  ) {}

  get value(): string {
    return this.chars.join('');
  }

  set value(text: string) {
    this.chars = [...text];
    this.cursor = this.chars.length;
  }

  /** The whole text replaced, the cursor put at `cursor` (in characters). */
  replace(text: string, cursor: number): void {
    this.chars = [...text];
    this.cursor = Math.min(this.chars.length, [...text.slice(0, cursor)].length);
  }

  get cursorIndex(): number {
    return this.cursor;
  }

  /** Returns whether the key was an editing key (and so consumed). */
  handle(ch: string | undefined, key: KeyInfo): boolean {
    switch (key.full ?? key.name) {
      case 'backspace':
        if (this.cursor > 0) this.chars.splice(--this.cursor, 1);
        return true;
      case 'delete':
      case 'C-d':
        this.chars.splice(this.cursor, 1);
        return true;
      case 'left':
      case 'C-b':
        this.cursor = Math.max(0, this.cursor - 1);
        return true;
      case 'right':
      case 'C-f':
        this.cursor = Math.min(this.chars.length, this.cursor + 1);
        return true;
      case 'home':
      case 'C-a':
        this.cursor = 0;
        return true;
      case 'end':
      case 'C-e':
        this.cursor = this.chars.length;
        return true;
      case 'C-u':
        this.chars.splice(0, this.cursor);
        this.cursor = 0;
        return true;
      case 'C-k':
        this.chars.splice(this.cursor);
        return true;
      case 'C-w': {
        let start = this.cursor;
        while (start > 0 && this.chars[start - 1] === ' ') start--;
        while (start > 0 && this.chars[start - 1] !== ' ') start--;
        this.chars.splice(start, this.cursor - start);
        this.cursor = start;
        return true;
      }
    }
    if (!ch || key.ctrl || key.meta || ch < ' ' || ch === '\u007f') return false;
    const room = this.maxLength - this.chars.length;
    const typed = [...ch].slice(0, Math.max(0, room));
    this.chars.splice(this.cursor, 0, ...typed);
    this.cursor += typed.length;
    return true;
  }

  /**
   * Tagged markup exactly `width` columns wide: scrolled so the cursor stays in view, the cursor
   * drawn as an inverse cell when `focused`, a password drawn as its mask.
   */
  render(width: number, focused: boolean): string {
    const shown = this.mask === null ? this.chars : this.chars.map(() => this.mask!);
    const widths = shown.map((c) => charWidth(c.codePointAt(0)!));
    let start = 0;
    const room = Math.max(1, width - 1);
    let used = widths.slice(0, this.cursor).reduce((a, b) => a + b, 0);
    while (used > room && start < this.cursor) used -= widths[start++]!;
    let out = '';
    let col = 0;
    for (let i = start; i <= shown.length; i++) {
      const atCursor = i === this.cursor;
      const ch = shown[i] ?? ' ';
      const w = i < shown.length ? widths[i]! : 1;
      if (col + w > width) break;
      const text = escapeTags(ch);
      out += atCursor && focused ? `{inverse}${text}{/inverse}` : text;
      col += w;
    }
    return out + ' '.repeat(Math.max(0, width - col));
  }
}

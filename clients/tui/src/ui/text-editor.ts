import { graphemes } from './text-width';

/** The subset of blessed's key description the editors read. */
export interface KeyInfo {
  name?: string;
  full?: string;
  ctrl?: boolean;
  meta?: boolean;
  shift?: boolean;
  sequence?: string;
}

/**
 * Text and a cursor, and the editing keys of a shell's line (arrows, Home/End, Ctrl-A/E/B/F/D,
 * Backspace, Delete, Ctrl-U/K/W), stepping by user-perceived characters so that an emoji or a
 * letter with its accent moves and deletes as one. Offsets are string offsets (UTF-16, as
 * `value.slice` takes them), always at a character's boundary. Home, End, Ctrl-U and Ctrl-K work
 * on the line of the cursor when the text has several.
 */
export class TextEditor {
  private text = '';
  private at = 0;

  get value(): string {
    return this.text;
  }

  /** Replaces the text; the cursor goes to its end. */
  set value(text: string) {
    this.text = text;
    this.at = text.length;
  }

  get cursor(): number {
    return this.at;
  }

  set cursor(offset: number) {
    this.at = this.boundaryAtOrBefore(Math.max(0, Math.min(this.text.length, offset)));
  }

  /** Replaces `value.slice(start, end)` with `text` and puts the cursor after it. */
  replaceRange(start: number, end: number, text: string): void {
    if (!(0 <= start && start <= end && end <= this.text.length))
      throw new RangeError(`replaceRange(${start}, ${end}) is outside a text of ${this.text.length}`);
    this.text = this.text.slice(0, start) + text + this.text.slice(end);
    this.cursor = start + text.length;
  }

  insert(text: string): void {
    this.replaceRange(this.at, this.at, text);
  }

  /** Returns whether the key was an editing key (and so consumed). */
  handle(ch: string | undefined, key: KeyInfo): boolean {
    const lineStart = this.text.lastIndexOf('\n', this.at - 1) + 1;
    const newline = this.text.indexOf('\n', this.at);
    const lineEnd = newline < 0 ? this.text.length : newline;
    switch (key.full ?? key.name) {
      case 'backspace':
        this.cut(this.previous(this.at), this.at);
        return true;
      case 'delete':
      case 'C-d':
        this.cut(this.at, this.next(this.at));
        return true;
      case 'left':
      case 'C-b':
        this.at = this.previous(this.at);
        return true;
      case 'right':
      case 'C-f':
        this.at = this.next(this.at);
        return true;
      case 'home':
      case 'C-a':
        this.at = lineStart;
        return true;
      case 'end':
      case 'C-e':
        this.at = lineEnd;
        return true;
      case 'C-u':
        this.cut(lineStart, this.at);
        return true;
      case 'C-k':
        // At the end of a line, as in Emacs, it joins the next one.
        this.cut(this.at, lineEnd === this.at ? this.next(this.at) : lineEnd);
        return true;
      case 'C-w': {
        const start = this.text.slice(0, this.at).search(/\S*\s*$/);
        this.cut(start, this.at);
        return true;
      }
    }
    if (!ch || key.ctrl || key.meta || ch < ' ' || ch === '\u007f') return false;
    this.insert(ch);
    return true;
  }

  private cut(start: number, end: number): void {
    this.replaceRange(start, end, '');
  }

  /** Where each character of the text starts, and its end. */
  private boundaries(): number[] {
    const out = [0];
    for (const g of graphemes(this.text)) out.push(out[out.length - 1]! + g.length);
    return out;
  }

  private previous(offset: number): number {
    return this.boundaryAtOrBefore(offset - 1);
  }

  private next(offset: number): number {
    return this.boundaries().find((b) => b > offset) ?? this.text.length;
  }

  private boundaryAtOrBefore(offset: number): number {
    return this.boundaries().findLast((b) => b <= offset) ?? 0;
  }
}

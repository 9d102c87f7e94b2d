import { EventEmitter } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import type { KeyInfo } from './text-editor';

/** Asks the terminal to bracket pastes and to report focus; `TERMINAL_REPORTS_OFF` undoes it. */
export const TERMINAL_REPORTS_ON = '\x1b[?2004h\x1b[?1004h';
export const TERMINAL_REPORTS_OFF = '\x1b[?2004l\x1b[?1004l';

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';
const FOCUS_IN = '\x1b[I';
const FOCUS_OUT = '\x1b[O';
/**
 * New-line keys blessed's parser drops (it has no name for them), as the terminals that report
 * them send them: Alt-Enter, and Shift-Enter in CSI u (kitty, foot) and in xterm's modifyOtherKeys.
 */
const ALT_ENTER = '\x1b\r';
const NEW_LINE_KEYS: Record<string, KeyInfo> = {
  [ALT_ENTER]: { name: 'enter', meta: true, sequence: ALT_ENTER },
  '\x1b[13;2u': { name: 'enter', shift: true, sequence: '\x1b[13;2u' },
  '\x1b[27;2;13~': { name: 'enter', shift: true, sequence: '\x1b[27;2;13~' },
};
const MARKERS = [PASTE_START, FOCUS_IN, FOCUS_OUT, ...Object.keys(NEW_LINE_KEYS)];

/** What the terminal input is read from: process.stdin, or a stand-in in tests. */
export interface TerminalSource {
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  pause(): unknown;
  resume(): unknown;
  readonly isTTY?: boolean;
  readonly isRaw?: boolean;
  setRawMode?(mode: boolean): unknown;
}

export interface TerminalInputEvents {
  /** A bracketed paste, whole, with its line breaks as `\n`. */
  paste: [text: string];
  focus: [];
  blur: [];
  data: [chunk: Buffer];
  /** What blessed's parser emits on its input; emitted here for the keys it cannot name. */
  keypress: [ch: undefined, key: KeyInfo];
}

/**
 * Stands between the terminal and blessed, whose key parser would split a bracketed paste into
 * keypresses (a pasted newline becoming Enter), knows no focus reports and drops Alt-Enter: those
 * become `paste`, `focus`, `blur` and `keypress` (`M-enter`, `S-enter`) events, everything else is
 * passed on as `data`, in order. blessed reads
 * it as its input stream, so raw mode, pausing and resuming go through to the terminal.
 */
export class TerminalInput extends EventEmitter<TerminalInputEvents> {
  private readonly decoder = new StringDecoder('utf8');
  /** The start of what may be a marker, at the end of what came so far. */
  private held = '';
  private holdTimer: NodeJS.Timeout | null = null;
  /** The paste being received, while inside its markers. */
  private pasted: string | null = null;

  constructor(
    private readonly source: TerminalSource,
    /** How long the start of a marker waits for the rest before it counts as keys (a lone Esc). */
    private readonly holdMs = 25,
  ) {
    super();
    source.on('data', (chunk) => this.receive(typeof chunk === 'string' ? chunk : this.decoder.write(chunk)));
  }

  get isTTY(): boolean {
    return this.source.isTTY === true;
  }

  get isRaw(): boolean {
    return this.source.isRaw === true;
  }

  setRawMode(mode: boolean): this {
    this.source.setRawMode?.(mode);
    return this;
  }

  pause(): this {
    this.source.pause();
    return this;
  }

  resume(): this {
    this.source.resume();
    return this;
  }

  private receive(chunk: string): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    let rest = this.held + chunk;
    // What was held and is no marker with what follows goes on as the chunk it came in: blessed
    // reads Esc and a key in one chunk as Alt and that key, and so Esc then Enter is no Alt-Enter.
    const continued = MARKERS.some((m) => m !== ALT_ENTER && (rest.startsWith(m) || m.startsWith(rest)));
    if (this.held && this.pasted === null && !continued) {
      this.emit('data', Buffer.from(this.held));
      rest = chunk;
    }
    this.held = '';
    let keys = '';
    const pass = () => {
      if (keys) this.emit('data', Buffer.from(keys));
      keys = '';
    };
    while (rest) {
      if (this.pasted !== null) {
        const end = rest.indexOf(PASTE_END);
        if (end < 0) {
          const keep = partialEndMarker(rest);
          this.pasted += rest.slice(0, rest.length - keep);
          this.held = rest.slice(rest.length - keep);
          return;
        }
        const text = (this.pasted + rest.slice(0, end)).replace(/\r\n?/g, '\n');
        this.pasted = null;
        rest = rest.slice(end + PASTE_END.length);
        this.emit('paste', text);
        continue;
      }
      const esc = rest.indexOf('\x1b');
      if (esc < 0) break;
      keys += rest.slice(0, esc);
      rest = rest.slice(esc);
      const marker = MARKERS.find((m) => rest.startsWith(m));
      if (marker) {
        pass();
        rest = rest.slice(marker.length);
        const key = NEW_LINE_KEYS[marker];
        if (key) this.emit('keypress', undefined, { ...key });
        else if (marker === PASTE_START) this.pasted = '';
        else this.emit(marker === FOCUS_IN ? 'focus' : 'blur');
      } else if (MARKERS.some((m) => m.startsWith(rest))) {
        this.held = rest;
        rest = '';
        this.holdTimer = setTimeout(() => this.releaseHeld(), this.holdMs);
      } else {
        keys += '\x1b';
        rest = rest.slice(1);
      }
    }
    keys += rest;
    pass();
  }

  private releaseHeld(): void {
    const held = this.held;
    this.held = '';
    this.holdTimer = null;
    if (held) this.emit('data', Buffer.from(held));
  }
}

/** How many characters at the end of `text` are the beginning of the paste's end marker. */
function partialEndMarker(text: string): number {
  for (let length = Math.min(text.length, PASTE_END.length - 1); length > 0; length--) {
    if (PASTE_END.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}

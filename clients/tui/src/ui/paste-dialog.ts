import type blessed from 'blessed';
import { formatCount } from './composer';
import type { KeyInfo } from './line-editor';
import type { Area, Layer } from './layer';
import { centerIn, dialogBox } from './dialog-box';
import { escapeTags, truncate, wrap } from './text-width';

/** Above these a paste is asked about first, as weechat asks: it may have been a slip. */
const ASK_ABOVE_LINES = 5;
const ASK_ABOVE_CHARS = 2000;
/** How many of its lines the question shows. */
const PREVIEW_LINES = 3;

export function isLargePaste(text: string): boolean {
  return text.split('\n').length > ASK_ABOVE_LINES || text.length > ASK_ABOVE_CHARS;
}

/** "50 lines" or, for one long line, "6,000 characters". */
export function pasteSize(text: string): string {
  const lines = text.split('\n').length;
  return lines > 1 ? `${formatCount(lines)} lines` : `${formatCount(text.length)} characters`;
}

/**
 * Asks before a large paste lands in the composer, with its first lines: Enter pastes, Esc
 * cancels, and every other key (a letter typed on, a second paste) does nothing. Pasting only
 * puts the text in the composer; sending it is another Enter.
 */
export class PasteDialog implements Layer {
  private readonly box: blessed.Widgets.BoxElement;

  constructor(
    screen: blessed.Widgets.Screen,
    private readonly text: string,
    private readonly done: (paste: boolean) => void,
  ) {
    this.box = dialogBox(screen, ' Paste ');
  }

  handleKey(_ch: string | undefined, key: KeyInfo): boolean {
    if (key.full === 'enter' || key.full === 'escape') this.done(key.full === 'enter');
    return true;
  }

  render(area: Area): void {
    const inner = 44;
    const preview = this.text
      .split('\n')
      .slice(0, PREVIEW_LINES)
      .map((line) => `{gray-fg}${escapeTags(truncate(wrap(line, 4 * inner)[0]!, inner))}{/gray-fg}`);
    const lines = [
      ...wrap(`Paste ${pasteSize(this.text)}? It goes into the message box, not yet sent.`, inner).map(
        escapeTags,
      ),
      '',
      ...preview,
      '',
      '{gray-fg}Enter pastes · Esc cancels{/gray-fg}',
    ];
    centerIn(this.box, area, inner + 6, lines.length + 2);
    this.box.setContent(lines.join('\n'));
  }

  hide(): void {
    this.box.destroy();
  }
}

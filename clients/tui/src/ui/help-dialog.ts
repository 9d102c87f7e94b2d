import type blessed from 'blessed';
import type { KeyInfo } from './line-editor';
import type { Area, Layer } from './layer';
import { COMMANDS } from './commands';
import { centerIn, dialogBox } from './dialog-box';
import { escapeTags, padEnd, truncate } from './text-width';

/** The keys, as the help lists them and the README's reference repeats them. */
export const KEYS: ReadonlyArray<[string, string]> = [
  ['Tab / Shift-Tab', 'next / previous pane; completes a /command'],
  ['← →', 'contacts ↔ conversation'],
  ['↑ ↓', 'choose a contact / scroll / recall what was sent'],
  ['Enter / Alt-Enter', 'open or send / new line in a message'],
  ['Esc', 'back to contacts / close a dialog'],
  ['PageUp / PageDown', 'scroll; at the top, load older'],
  ['Home / End', 'oldest / newest message (message line empty)'],
  ['Alt-A', 'next conversation with unread messages'],
  ['Delete', 'accept, ignore, remove, block or unblock the chosen contact'],
  ['Ctrl-F', 'find people and add them'],
  ['Ctrl-R', 'reconnect now'],
  ['Ctrl-L', 'redraw the screen'],
  ['F1 or ?', 'this help'],
  ['Ctrl-C', 'quit'],
];

/** Every line of the help: the keys, then the commands. */
export function helpLines(): Array<[string, string]> {
  return [...KEYS, ['', ''], ...COMMANDS.map((c): [string, string] => [c.usage, c.what])];
}

/** The keys and commands, on F1, `?` or /help; ↑ ↓ scroll them, any other key closes. */
export class HelpDialog implements Layer {
  private readonly box: blessed.Widgets.BoxElement;
  private top = 0;

  constructor(
    screen: blessed.Widgets.Screen,
    private readonly close: () => void,
  ) {
    this.box = dialogBox(screen, ' Keys and commands ');
  }

  handleKey(_ch: string | undefined, key: KeyInfo): boolean {
    if (key.name === 'up' || key.name === 'pageup')
      this.top = Math.max(0, this.top - (key.name === 'up' ? 1 : 5));
    else if (key.name === 'down' || key.name === 'pagedown') this.top += key.name === 'down' ? 1 : 5;
    else this.close();
    return true;
  }

  render(area: Area): void {
    const width = Math.min(76, area.width);
    const inner = width - 4;
    const keyWidth = Math.min(24, Math.floor(inner / 2));
    const all = helpLines().map(
      ([key, what]) =>
        `{bold}${escapeTags(padEnd(truncate(key, keyWidth), keyWidth))}{/bold} ${escapeTags(truncate(what, inner - keyWidth - 1))}`,
    );
    const rows = Math.max(1, Math.min(all.length, area.height - 3));
    this.top = Math.min(this.top, all.length - rows);
    const more = all.length > rows ? ` · ↑↓ ${this.top + rows}/${all.length}` : '';
    const lines = all.slice(this.top, this.top + rows);
    lines.push(`{gray-fg}any other key closes${more}{/gray-fg}`);
    centerIn(this.box, area, width, lines.length + 2);
    this.box.setContent(lines.join('\n'));
  }

  hide(): void {
    this.box.hide();
  }
}

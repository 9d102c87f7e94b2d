import type blessed from 'blessed';
import type { Area, Layer } from './layer';
import { centerIn, dialogBox } from './dialog-box';

/** Short enough to fit the smallest screen the client draws (60 columns). */
export const KEYS: ReadonlyArray<[string, string]> = [
  ['Tab / Shift-Tab', 'next / previous pane'],
  ['← →', 'contacts ↔ conversation'],
  ['↑ ↓', 'choose a contact / scroll'],
  ['Enter', 'open a conversation / send a message'],
  ['Esc', 'back to contacts / close a dialog'],
  ['PageUp / PageDown', 'scroll; at the top, load older'],
  ['Home / End', 'oldest / newest message'],
  ['a  or  Ctrl-F', 'find people and add them'],
  ['+  /  i', 'accept / ignore the chosen request'],
  ['b  /  u', 'block / unblock the chosen person'],
  ['d  or  Delete', 'remove the chosen contact'],
  ['Ctrl-R / Ctrl-L', 'reconnect now / log out'],
  ['? or F1 / Ctrl-C', 'this help / quit'],
];

/** The keys, on `?`; any key closes it. */
export class HelpDialog implements Layer {
  private readonly box: blessed.Widgets.BoxElement;

  constructor(
    screen: blessed.Widgets.Screen,
    private readonly close: () => void,
  ) {
    this.box = dialogBox(screen, ' Keys · any key closes ');
  }

  handleKey(): boolean {
    this.close();
    return true;
  }

  render(area: Area): void {
    const lines = KEYS.map(([key, what]) => `{bold}${key.padEnd(18)}{/bold} ${what}`);
    centerIn(this.box, area, 60, lines.length + 2);
    this.box.setContent(lines.join('\n'));
  }

  hide(): void {
    this.box.hide();
  }
}

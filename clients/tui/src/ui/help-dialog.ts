import type blessed from 'blessed';
import type { Area, Layer } from './layer';
import { centerIn, dialogBox } from './dialog-box';

/** Short enough to fit the smallest screen the client draws (60 columns). */
export const KEYS: ReadonlyArray<[string, string]> = [
  ['Tab / Shift-Tab', 'next / previous pane'],
  ['← →', 'friends ↔ conversation'],
  ['↑ ↓', 'choose a friend / scroll'],
  ['Enter', 'open a friend / send the message'],
  ['Esc', 'back to friends / close a dialog'],
  ['PageUp / PageDown', 'scroll; at the top, load older'],
  ['Home / End', 'oldest / newest message'],
  ['a  or  Ctrl-F', 'find people, add a friend'],
  ['d  or  Delete', 'remove the chosen friend'],
  ['Ctrl-R', 'reconnect now'],
  ['Ctrl-L', 'log out'],
  ['? or F1', 'this help'],
  ['Ctrl-C', 'quit'],
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

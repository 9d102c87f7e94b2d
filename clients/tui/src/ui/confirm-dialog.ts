import type blessed from 'blessed';
import type { KeyInfo } from './line-editor';
import type { Area, Layer } from './layer';
import { centerIn, dialogBox } from './dialog-box';
import { escapeTags, wrap } from './text-width';

/** A yes/no question: y or Enter confirms, n or Esc cancels. */
export class ConfirmDialog implements Layer {
  private readonly box: blessed.Widgets.BoxElement;

  constructor(
    screen: blessed.Widgets.Screen,
    private readonly question: string,
    private readonly done: (yes: boolean) => void,
  ) {
    this.box = dialogBox(screen, ' Confirm ');
  }

  handleKey(ch: string | undefined, key: KeyInfo): boolean {
    if (ch === 'y' || ch === 'Y' || key.name === 'enter') this.done(true);
    else if (ch === 'n' || ch === 'N' || key.name === 'escape') this.done(false);
    return true;
  }

  render(area: Area): void {
    const lines = wrap(this.question, 44).map(escapeTags);
    lines.push('', '{bold}y{/bold} yes   {bold}n{/bold} no');
    centerIn(this.box, area, 50, lines.length + 2);
    this.box.setContent(lines.join('\n'));
  }

  hide(): void {
    this.box.destroy();
  }
}

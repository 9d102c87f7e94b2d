import type blessed from 'blessed';
import type { KeyInfo } from './line-editor';
import type { Area, Layer } from './layer';
import { centerIn, dialogBox } from './dialog-box';
import { escapeTags, wrap } from './text-width';

/**
 * A question with two buttons, Cancel chosen at first: only Enter on the other button, chosen with
 * ← → or Tab, confirms. Letters do nothing, so someone typing what they meant as a message cannot
 * answer it by accident; Esc cancels.
 */
export class ConfirmDialog implements Layer {
  private readonly box: blessed.Widgets.BoxElement;
  private confirming = false;

  constructor(
    screen: blessed.Widgets.Screen,
    private readonly question: string,
    /** The confirming button's word: "Block", "Remove"… */
    private readonly answer: string,
    private readonly done: (yes: boolean) => void,
  ) {
    this.box = dialogBox(screen, ' Confirm ');
  }

  handleKey(_ch: string | undefined, key: KeyInfo): boolean {
    switch (key.full ?? key.name) {
      case 'left':
      case 'right':
      case 'tab':
      case 'S-tab':
        this.confirming = !this.confirming;
        break;
      case 'enter':
        this.done(this.confirming);
        break;
      case 'escape':
        this.done(false);
        break;
    }
    return true;
  }

  render(area: Area): void {
    const button = (label: string, chosen: boolean) =>
      chosen ? `{inverse}{bold} ${label} {/bold}{/inverse}` : ` ${label} `;
    const lines = wrap(this.question, 44).map(escapeTags);
    lines.push(
      '',
      `   ${button('Cancel', !this.confirming)}   ${button(escapeTags(this.answer), this.confirming)}`,
      '',
      '{gray-fg}← → choose · Enter answers · Esc cancels{/gray-fg}',
    );
    centerIn(this.box, area, 50, lines.length + 2);
    this.box.setContent(lines.join('\n'));
  }

  hide(): void {
    this.box.destroy();
  }
}

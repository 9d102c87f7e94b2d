import type blessed from 'blessed';
import type { KeyInfo } from './line-editor';
import type { Area, Layer } from './layer';
import { centerIn, dialogBox } from './dialog-box';
import { escapeTags, wrap } from './text-width';

const CANCEL = 'Cancel';

/**
 * A question with Cancel and one button per answer, Cancel chosen at first: only Enter on another
 * button, chosen with ← → or Tab, answers it. Letters do nothing, so someone typing what they meant
 * as a message cannot answer it by accident; Esc cancels.
 */
export class ConfirmDialog implements Layer {
  private readonly box: blessed.Widgets.BoxElement;
  private readonly buttons: readonly string[];
  private chosen = 0;

  constructor(
    screen: blessed.Widgets.Screen,
    private readonly question: string,
    /** The confirming buttons' words: "Block", "Remove"… */
    answers: readonly string[],
    private readonly done: (answer: string | null) => void,
  ) {
    this.box = dialogBox(screen, ' Confirm ');
    this.buttons = [CANCEL, ...answers];
  }

  handleKey(_ch: string | undefined, key: KeyInfo): boolean {
    const count = this.buttons.length;
    switch (key.full ?? key.name) {
      case 'right':
      case 'tab':
        this.chosen = (this.chosen + 1) % count;
        break;
      case 'left':
      case 'S-tab':
        this.chosen = (this.chosen + count - 1) % count;
        break;
      case 'enter':
        this.done(this.chosen === 0 ? null : this.buttons[this.chosen]!);
        break;
      case 'escape':
        this.done(null);
        break;
    }
    return true;
  }

  render(area: Area): void {
    const width = Math.min(50, area.width);
    const button = (label: string, chosen: boolean) =>
      chosen ? `{inverse}{bold} ${escapeTags(label)} {/bold}{/inverse}` : ` ${escapeTags(label)} `;
    const lines = wrap(this.question, width - 6).map(escapeTags);
    lines.push(
      '',
      ` ${this.buttons.map((label, i) => button(label, i === this.chosen)).join('  ')}`,
      '',
      ...wrap('← → choose · Enter answers · Esc cancels', width - 4).map(
        (line) => `{gray-fg}${line}{/gray-fg}`,
      ),
    );
    centerIn(this.box, area, width, lines.length + 2);
    this.box.setContent(lines.join('\n'));
  }

  hide(): void {
    this.box.destroy();
  }
}

import blessed from 'blessed';
import { MESSAGE_MAX_LENGTH } from '@parley/contracts';
import type { Area } from './layer';
import { LineEditor } from './line-editor';
import { escapeTags, truncate } from './text-width';

/** Where a message is typed. */
export class InputLine {
  readonly editor = new LineEditor(null, MESSAGE_MAX_LENGTH);
  private readonly box: blessed.Widgets.BoxElement;

  constructor(screen: blessed.Widgets.Screen) {
    this.box = blessed.box({
      parent: screen,
      tags: true,
      wrap: false,
      border: { type: 'line' },
      label: ' Message ',
    });
  }

  /** `unwritable` says why nothing can be written, and takes the place of the text. */
  render(area: Area, focused: boolean, unwritable: string | null): void {
    Object.assign(this.box, area);
    this.box.style.border = { fg: focused ? 'cyan' : 'gray' };
    this.box.setLabel(unwritable === null ? ' Message · Enter sends ' : ' Message ');
    this.box.setContent(
      unwritable === null || this.editor.value !== ''
        ? this.editor.render(area.width - 2, focused)
        : `{gray-fg}${escapeTags(truncate(unwritable, area.width - 2))}{/gray-fg}`,
    );
    this.box.show();
  }

  hide(): void {
    this.box.hide();
  }
}

import blessed from 'blessed';
import { MESSAGE_MAX_LENGTH } from '@parley/contracts';
import type { Area } from './layer';
import { LineEditor } from './line-editor';

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

  render(area: Area, focused: boolean, enabled: boolean): void {
    Object.assign(this.box, area);
    this.box.style.border = { fg: focused ? 'cyan' : 'gray' };
    this.box.setLabel(enabled ? ' Message · Enter sends ' : ' Message ');
    this.box.setContent(
      enabled
        ? this.editor.render(area.width - 2, focused)
        : '{gray-fg}open a conversation to write{/gray-fg}',
    );
    this.box.show();
  }

  hide(): void {
    this.box.hide();
  }
}

import blessed from 'blessed';
import { MESSAGE_MAX_LENGTH } from '@parley/contracts';
import { Composer } from './composer';
import type { ComposerHooks } from './composer';
import type { Area } from './layer';
import { escapeTags, truncate } from './text-width';

/** The box where a message is written: the composer inside a border, its keys and counter in the label. */
export class InputLine {
  readonly composer: Composer;
  private readonly box: blessed.Widgets.BoxElement;

  constructor(screen: blessed.Widgets.Screen, hooks: ComposerHooks) {
    this.composer = new Composer(MESSAGE_MAX_LENGTH, hooks);
    this.box = blessed.box({
      parent: screen,
      tags: true,
      wrap: false,
      border: { type: 'line' },
      label: ' Message ',
    });
  }

  /** The rows the box wants at `width` columns: all of its text, up to `maxHeight`. */
  height(width: number, maxHeight: number): number {
    return Math.max(3, Math.min(maxHeight, this.composer.rowCount(width - 2) + 2));
  }

  /** `unwritable` says why nothing can be written, and takes the place of the text. */
  render(area: Area, focused: boolean, unwritable: string | null): void {
    const inner = { width: area.width - 2, height: area.height - 2 };
    Object.assign(this.box, area);
    this.box.style.border = { fg: focused ? 'cyan' : 'gray' };
    this.box.setLabel(unwritable === null ? this.label(area.width) : ' Message ');
    this.box.setContent(
      unwritable === null || this.composer.value !== ''
        ? this.composer.render(inner.width, inner.height, focused).join('\n')
        : `{gray-fg}${escapeTags(truncate(unwritable, inner.width))}{/gray-fg}`,
    );
    this.box.show();
  }

  /**
   * The keys, as many as fit beside the counter (which always shows when there is one) on the top
   * border of a box `width` wide: after its "┌─", with a "─┐" left (blessed would wrap a longer label).
   */
  private label(width: number): string {
    const counter = this.composer.counter();
    const tail = counter === null ? '' : ` · ${counter}`;
    const keys = truncate('Message · Enter sends · Alt-Enter new line', Math.max(0, width - 6 - tail.length));
    return ` ${keys}${this.composer.tooLongBy > 0 ? `{red-fg}${tail}{/red-fg}` : tail} `;
  }

  hide(): void {
    this.box.hide();
  }
}

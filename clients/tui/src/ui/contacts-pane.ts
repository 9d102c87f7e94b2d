import blessed from 'blessed';
import type { ContactView } from '../core/contacts';
import { contactLines } from './contact-lines';
import { contactKeys } from './contact-text';
import type { Area } from './layer';
import { escapeTags, truncate, wrap } from './text-width';

/**
 * Requests, contacts and the blocked, in `contactOrder`, with the keys for the chosen one at the
 * foot; a drawn box, not a blessed.List, so selection is ours.
 */
export class ContactsPane {
  private readonly box: blessed.Widgets.BoxElement;
  private selected: string | null = null;
  private scroll = 0;

  constructor(screen: blessed.Widgets.Screen) {
    this.box = blessed.box({
      parent: screen,
      tags: true,
      wrap: false,
      border: { type: 'line' },
      label: ' Contacts ',
    });
  }

  /** The chosen contact: the one last chosen while it is still there, else the first. */
  selectedOf(ordered: readonly ContactView[]): ContactView | null {
    return ordered.find((c) => c.userId === this.selected) ?? ordered[0] ?? null;
  }

  choose(userId: string): void {
    this.selected = userId;
  }

  move(ordered: readonly ContactView[], delta: number): void {
    if (ordered.length === 0) return;
    const current = ordered.findIndex((c) => c.userId === this.selectedOf(ordered)?.userId);
    this.selected = ordered[Math.min(ordered.length - 1, Math.max(0, current + delta))]!.userId;
  }

  render(area: Area, ordered: readonly ContactView[] | null, openId: string | null, focused: boolean): void {
    Object.assign(this.box, area);
    this.box.style.border = { fg: focused ? 'cyan' : 'gray' };
    this.box.show();
    const note = (...paragraphs: string[]) =>
      this.box.setContent(
        paragraphs
          .map((p) =>
            wrap(p, area.width - 2)
              .map((line) => `{gray-fg}${escapeTags(line)}{/gray-fg}`)
              .join('\n'),
          )
          .join('\n\n'),
      );
    if (ordered === null) return note('Your contacts appear once connected.');
    if (ordered.length === 0) return note('No contacts yet.', 'Ctrl-F finds people to add.');
    const selected = this.selectedOf(ordered)!;
    const text = contactLines(ordered, { width: area.width - 2, selected: selected.userId, openId, focused });
    // The last row names the keys for the chosen contact; the rest scroll to keep it in view.
    const rows = Math.max(1, area.height - 3);
    const first = text.at.get(selected.userId)!;
    if (first - 1 < this.scroll) this.scroll = Math.max(0, first - 1);
    if (first + 2 > this.scroll + rows) this.scroll = first + 2 - rows;
    this.scroll = Math.min(this.scroll, Math.max(0, text.lines.length - rows));
    const body = text.lines.slice(this.scroll, this.scroll + rows);
    while (body.length < rows) body.push('');
    const position = text.lines.length > rows ? `${ordered.indexOf(selected) + 1}/${ordered.length}` : '';
    const keys = truncate(contactKeys(selected), area.width - 2 - (position ? position.length + 1 : 0));
    const foot = `{gray-fg}${escapeTags(keys)}${position ? `{|}${position}` : ''}{/gray-fg}`;
    this.box.setContent([...body, foot].join('\n'));
  }

  hide(): void {
    this.box.hide();
  }
}

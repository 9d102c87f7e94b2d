import blessed from 'blessed';
import type { ContactView } from '../core/contacts';
import type { Area } from './layer';
import { lastSeenText } from './status-text';
import { escapeTags, padEnd, textWidth, truncate } from './text-width';

/** The friends list with presence and unread counts; a drawn box, not a blessed.List, so selection is ours. */
export class FriendsPane {
  private readonly box: blessed.Widgets.BoxElement;
  private selected: string | null = null;
  private scroll = 0;

  constructor(screen: blessed.Widgets.Screen) {
    this.box = blessed.box({
      parent: screen,
      tags: true,
      wrap: false,
      border: { type: 'line' },
      label: ' Friends ',
    });
  }

  selectedId(friends: readonly ContactView[]): string | null {
    if (this.selected && friends.some((f) => f.userId === this.selected)) return this.selected;
    return friends[0]?.userId ?? null;
  }

  move(friends: readonly ContactView[], delta: number): void {
    if (friends.length === 0) return;
    const current = friends.findIndex((f) => f.userId === this.selectedId(friends));
    const next = Math.min(friends.length - 1, Math.max(0, current + delta));
    this.selected = friends[next]!.userId;
  }

  render(area: Area, friends: readonly ContactView[] | null, openId: string | null, focused: boolean): void {
    Object.assign(this.box, area);
    this.box.style.border = { fg: focused ? 'cyan' : 'gray' };
    const inner = area.width - 2;
    const rows = area.height - 2;
    const lines: string[] = [];
    if (friends === null) {
      this.box.setContent('{gray-fg}Your friends appear\nonce connected.{/gray-fg}');
      this.box.show();
      return;
    }
    if (friends.length === 0) {
      lines.push(
        '{gray-fg}No friends yet.{/gray-fg}',
        '',
        '{gray-fg}Press a to find people{/gray-fg}',
        '{gray-fg}and add them.{/gray-fg}',
      );
      this.box.setContent(lines.join('\n'));
      this.box.show();
      return;
    }
    const selected = this.selectedId(friends);
    const index = Math.max(
      0,
      friends.findIndex((f) => f.userId === selected),
    );
    // Each friend takes two rows: name with unread count, then presence.
    const visible = Math.max(1, Math.floor((rows - 1) / 2));
    if (index < this.scroll) this.scroll = index;
    if (index >= this.scroll + visible) this.scroll = index - visible + 1;
    this.scroll = Math.min(this.scroll, Math.max(0, friends.length - visible));
    for (const f of friends.slice(this.scroll, this.scroll + visible)) {
      const dot = f.presence?.online ? '{green-fg}●{/green-fg}' : '{gray-fg}○{/gray-fg}';
      const unread = f.unread > 0 ? ` {yellow-bg}{black-fg} ${f.unread} {/black-fg}{/yellow-bg}` : '';
      const unreadWidth = f.unread > 0 ? String(f.unread).length + 3 : 0;
      const name = padEnd(truncate(f.username, inner - 3 - unreadWidth), inner - 3 - unreadWidth);
      const open = f.userId === openId ? '▸' : ' ';
      let line = `${open}${dot} ${escapeTags(name)}${unread}`;
      if (f.userId === selected) line = focused ? `{inverse}${line}{/inverse}` : `{bold}${line}{/bold}`;
      lines.push(line);
      lines.push(
        `   {gray-fg}${escapeTags(truncate(lastSeenText(f.presence?.online ?? false, f.presence?.lastSeen ?? null), inner - 3))}{/gray-fg}`,
      );
    }
    const more =
      friends.length > visible
        ? `${this.scroll + 1}-${Math.min(friends.length, this.scroll + visible)} of ${friends.length}`
        : '';
    if (more && textWidth(more) < inner) lines.push(`{gray-fg}${more}{/gray-fg}`);
    this.box.setContent(lines.join('\n'));
    this.box.show();
  }

  hide(): void {
    this.box.hide();
  }
}

import type blessed from 'blessed';
import type { ContactView } from '../core/contacts';
import type { Preferences } from '../core/preferences-store';

const TITLE = 'Parley';

/** Everyone's unread messages, as the title counts them: nothing from someone blocked. */
export function unreadTotal(contacts: readonly ContactView[]): number {
  return contacts.reduce((sum, c) => sum + (c.relation === 'blocked' ? 0 : c.unread), 0);
}

/** `(3) Parley`, as browsers and chat clients count what waits in their title. */
export function titleText(unread: number): string {
  return unread > 0 ? `(${unread}) ${TITLE}` : TITLE;
}

/**
 * Gets attention for what arrives out of view, as weechat and irssi do: the terminal bell for a
 * message in a conversation not being read (or while the terminal is in the background), and the
 * unread count in the terminal's title. Each can be turned off.
 */
export class Notifier {
  private focused = true;
  private shownTitle: string | null = null;

  constructor(
    private readonly screen: blessed.Widgets.Screen,
    private readonly preferences: () => Preferences,
  ) {}

  /** The terminal reports whether it is in front (where it can: focus reporting). */
  setFocused(focused: boolean): void {
    this.focused = focused;
  }

  /** A peer's message arrived; `inView` when its conversation is the one on screen. */
  arrived(inView: boolean): void {
    if (this.preferences().bell && !(inView && this.focused)) this.screen.program.bell();
  }

  /** After each render, so the count follows what is read. */
  showUnread(unread: number): void {
    const title = this.preferences().title ? titleText(unread) : TITLE;
    if (title === this.shownTitle) return;
    this.shownTitle = title;
    // Straight to the terminal: blessed wraps its title in tmux's passthrough, which tmux drops by
    // default, so inside tmux the pane's title would never change.
    this.screen.program.write(`\x1b]2;${title}\x07`);
  }
}

import type { VisibleRelation } from '@parley/contracts';
import type { ContactView } from '../core/contacts';
import { contactDetail } from './contact-text';
import { escapeTags, padEnd, truncate } from './text-width';

export interface ContactLayout {
  width: number;
  selected: string | null;
  /** Whose conversation is open. */
  openId: string | null;
  focused: boolean;
  now?: number;
}

export interface ContactText {
  /** Screen lines in blessed tag markup: section titles, then two lines for each contact. */
  lines: string[];
  /** The first line of each contact, by userId. */
  at: Map<string, number>;
}

const SECTIONS = ['Requests', 'Contacts', 'Blocked'] as const;
const SECTION_OF: Record<VisibleRelation, (typeof SECTIONS)[number]> = {
  request: 'Requests',
  friend: 'Contacts',
  added: 'Contacts',
  blocked: 'Blocked',
};

/**
 * Requests first, since they wait for an answer; then friends and whom I wait for; then whom I
 * blocked. Within a section, whoever has unread messages first, then the most recent conversation,
 * then by name.
 */
export function contactOrder(contacts: readonly ContactView[]): ContactView[] {
  const activity = (c: ContactView) => (c.lastActivityAt === null ? 0 : Date.parse(c.lastActivityAt));
  const byActivity = (a: ContactView, b: ContactView) =>
    Number(b.unread > 0) - Number(a.unread > 0) ||
    activity(b) - activity(a) ||
    a.username.localeCompare(b.username);
  return SECTIONS.flatMap((section) =>
    contacts.filter((c) => SECTION_OF[c.relation] === section).sort(byActivity),
  );
}

function mark(contact: ContactView): string {
  switch (contact.relation) {
    case 'friend':
      return contact.presence?.online ? '{green-fg}●{/green-fg}' : '{gray-fg}○{/gray-fg}';
    case 'added':
      return '{gray-fg}◌{/gray-fg}';
    case 'request':
      return '{yellow-fg}◇{/yellow-fg}';
    case 'blocked':
      return '{red-fg}⊘{/red-fg}';
  }
}

/**
 * The contacts pane's lines for contacts in `contactOrder`: a title over each section, then for
 * each contact a line with the name and the unread count, and one with presence or where things
 * stand (`contactDetail`).
 */
export function contactLines(ordered: readonly ContactView[], layout: ContactLayout): ContactText {
  const { width } = layout;
  const text: ContactText = { lines: [], at: new Map() };
  let section: string | null = null;
  for (const c of ordered) {
    if (SECTION_OF[c.relation] !== section) {
      section = SECTION_OF[c.relation];
      text.lines.push(`{bold}${section}{/bold}`);
    }
    const unreadWidth = c.unread > 0 ? String(c.unread).length + 3 : 0;
    const unread = c.unread > 0 ? ` {yellow-bg}{black-fg} ${c.unread} {/black-fg}{/yellow-bg}` : '';
    const nameWidth = width - 3 - unreadWidth;
    const name = padEnd(truncate(c.username, nameWidth), nameWidth);
    let line = `${c.userId === layout.openId ? '▸' : ' '}${mark(c)} ${escapeTags(name)}${unread}`;
    if (c.userId === layout.selected)
      line = layout.focused ? `{inverse}${line}{/inverse}` : `{bold}${line}{/bold}`;
    text.at.set(c.userId, text.lines.length);
    text.lines.push(
      line,
      `   {gray-fg}${escapeTags(truncate(contactDetail(c, layout.now), width - 3))}{/gray-fg}`,
    );
  }
  return text;
}

import type { ConnectionState } from '../core/connection';
import type { ContactView } from '../core/contacts';
import { escapeTags, textWidth, truncate } from './text-width';

/** "last seen 5 min ago", coarse on purpose: presence is not a clock. */
export function lastSeenText(online: boolean, lastSeen: string | null, now = Date.now()): string {
  if (online) return 'online';
  if (!lastSeen) return 'offline';
  const minutes = Math.floor((now - Date.parse(lastSeen)) / 60_000);
  if (minutes < 1) return 'last seen just now';
  if (minutes < 60) return `last seen ${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `last seen ${hours} h ago`;
  const days = Math.floor(hours / 24);
  return days === 1 ? 'last seen yesterday' : `last seen ${days} days ago`;
}

/**
 * Cuts `text` to `width` columns at a space, with an ellipsis, so no word is shown in part; a
 * separator left dangling at the end goes too. A first word too long for the width is cut.
 */
export function shortenWords(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  const words = text.split(' ');
  for (let count = words.length - 1; count > 0; count--) {
    const kept = words.slice(0, count);
    while (kept.length > 1 && /^[·│|,:;-]$/.test(kept.at(-1)!)) kept.pop();
    const shortened = `${kept.join(' ')}…`;
    if (textWidth(shortened) <= width) return shortened;
  }
  return truncate(text, width);
}

/**
 * The connection as the status bar says it, in tag markup, in at most `width` columns: its state
 * in colour always, what follows shortened by whole words.
 */
export function connectionText(
  state: ConnectionState,
  username: string | null,
  outbox: number,
  width = Infinity,
  now = Date.now(),
): string {
  const waiting = outbox > 0 ? ` · ${outbox} message${outbox === 1 ? '' : 's'} waiting to send` : '';
  const said = (color: string, lead: string, rest: string) => {
    const room = width - textWidth(lead) - 1;
    const tail = rest && room > 1 ? ` ${escapeTags(shortenWords(rest.trimStart(), room))}` : '';
    return `{${color}-fg}${lead}{/${color}-fg}${tail}`;
  };
  switch (state.kind) {
    case 'online':
      return said('green', '● online', `${username ? `as ${username}` : ''}${waiting}`);
    case 'connecting':
      return said(
        'yellow',
        '◌ connecting…',
        `${state.attempt > 1 ? `(attempt ${state.attempt})` : ''}${waiting}`,
      );
    case 'waiting': {
      const seconds = Math.max(0, Math.ceil((state.retryAt - now) / 1000));
      // The reason can be long (it names the URL): what the user must not miss comes first.
      return said('red', '✕ offline', `${waiting} · retrying in ${seconds} s (Ctrl-R now) · ${state.reason}`);
    }
    case 'stopped':
      return '{gray-fg}not connected{/gray-fg}';
  }
}

/**
 * Who else wrote, as irssi and weechat show activity: `[2: bob 3, carol 1]` for the client's
 * hotlist, in its order; in at most `width` columns by leaving out whole entries (`[3: bob 3, …]`),
 * and empty when there is none or no room.
 */
export function hotlistText(hotlist: readonly ContactView[], width: number): string {
  if (hotlist.length === 0) return '';
  const entries = hotlist.map((c) => `${c.username} ${c.unread}`);
  for (let count = entries.length; count >= 0; count--) {
    const kept = entries.slice(0, count);
    if (count < entries.length) kept.push('…');
    const text = `[${hotlist.length}: ${kept.join(', ')}]`;
    if (textWidth(text) <= width) return text;
  }
  return '';
}

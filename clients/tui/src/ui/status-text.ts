import type { ConnectionState } from '../core/connection';
import { escapeTags } from './text-width';

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

/** The connection as the status bar says it, in tag markup. */
export function connectionText(
  state: ConnectionState,
  username: string | null,
  outbox: number,
  now = Date.now(),
): string {
  const waiting = outbox > 0 ? ` · ${outbox} message${outbox === 1 ? '' : 's'} waiting to send` : '';
  switch (state.kind) {
    case 'online':
      return `{green-fg}● online{/green-fg}${username ? ` as ${escapeTags(username)}` : ''}${waiting}`;
    case 'connecting':
      return `{yellow-fg}◌ connecting…{/yellow-fg}${state.attempt > 1 ? ` (attempt ${state.attempt})` : ''}${waiting}`;
    case 'waiting': {
      const seconds = Math.max(0, Math.ceil((state.retryAt - now) / 1000));
      // The reason can be long (it names the URL): what the user must not miss comes first.
      return `{red-fg}✕ offline{/red-fg}${waiting} · retrying in ${seconds} s (Ctrl-R now) · ${escapeTags(state.reason)}`;
    }
    case 'stopped':
      return '{gray-fg}not connected{/gray-fg}';
  }
}

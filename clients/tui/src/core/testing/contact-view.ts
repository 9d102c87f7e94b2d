import { createHash } from 'node:crypto';
import type { VisibleRelation } from '@parley/contracts';
import type { ContactView } from '../contacts';

/**
 * A contact as the gateway lists it, for tests: the same userId for the same username, "Sam
 * Tester" for sam, presence (offline) for friends only, nothing unread and no activity unless `over` says so.
 */
export function contactView(
  username: string,
  relation: VisibleRelation = 'friend',
  over: Partial<ContactView> = {},
): ContactView {
  const hex = createHash('sha256').update(username).digest('hex');
  return {
    userId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`,
    username,
    firstName: username.charAt(0).toUpperCase() + username.slice(1),
    lastName: 'Tester',
    relation,
    since: '2026-01-01T00:00:00.000Z',
    presence: relation === 'friend' ? { online: false, lastSeen: null } : null,
    unread: 0,
    lastActivityAt: null,
    ...over,
  };
}

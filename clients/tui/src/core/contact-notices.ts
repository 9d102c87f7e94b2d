import type { Contact } from '@parley/contracts';

/** What I asked for that can end a contact: the gateway then says only that they are gone. */
export type Ending = 'remove' | 'ignore' | 'unblock';

/** "sam (Sam Spade)": how someone new is named, so that a request says who it is from. */
export function fullName(contact: Pick<Contact, 'username' | 'firstName' | 'lastName'>): string {
  return `${contact.username} (${contact.firstName} ${contact.lastName})`;
}

/**
 * What to tell the person when a contact changed from `before` to `after` (null: gone), or null
 * when it is not news. A contact who is gone because of the other person (removed, or blocked
 * me) is told in the same words either way: a block is not revealed. `ending` is what I asked
 * for, when the change is my own doing.
 */
export function contactNotice(
  before: Contact | undefined,
  after: Contact | null,
  ending?: Ending,
): string | null {
  if (!after) {
    if (!before) return null;
    if (ending === 'remove') return `You removed ${before.username}`;
    if (ending === 'ignore')
      return `${before.username}'s request is set aside: it comes back if they write again`;
    if (ending === 'unblock') return `You unblocked ${before.username}`;
    return `${before.username} is no longer among your contacts`;
  }
  if (before?.relation === after.relation) return null;
  switch (after.relation) {
    case 'request':
      return `${fullName(after)} sent you a message request`;
    case 'added':
      return `You added ${after.username}: waiting for them to add you back`;
    case 'blocked':
      return `You blocked ${after.username}`;
    case 'friend':
      return before?.relation === 'added'
        ? `${after.username} added you back: you are friends now`
        : `You and ${after.username} are friends now`;
  }
}

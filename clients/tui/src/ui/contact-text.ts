import type { ContactView } from '../core/contacts';
import { lastSeenText } from './status-text';

/** Under a contact's name: presence for a friend, and for anyone else where things stand. */
export function contactDetail(contact: ContactView, now = Date.now()): string {
  switch (contact.relation) {
    case 'friend':
      return lastSeenText(contact.presence?.online ?? false, contact.presence?.lastSeen ?? null, now);
    case 'added':
      return `waiting for ${contact.username}`;
    case 'request':
      return `${contact.firstName} ${contact.lastName} · request`;
    case 'blocked':
      return 'blocked';
  }
}

/** The conversation pane's title: who, and where things stand. */
export function conversationTitle(contact: ContactView, now = Date.now()): string {
  switch (contact.relation) {
    case 'friend':
      return `${contact.username} · ${contactDetail(contact, now)}`;
    case 'added':
      return `${contact.username} · waiting for ${contact.username} to add you back`;
    case 'request':
      return `${contact.username} (${contact.firstName} ${contact.lastName}) · message request`;
    case 'blocked':
      return `${contact.username} · blocked`;
  }
}

/** What the message line says instead of taking text, when it cannot be sent; null when it can. */
export function writeHint(contact: ContactView | null): string | null {
  switch (contact?.relation) {
    case 'friend':
    case 'added':
      return null;
    case 'request':
      return `Accept ${contact.username}'s request to write back: /accept, or Delete in Contacts`;
    case 'blocked':
      return `You blocked ${contact.username}: /unblock, or Delete in Contacts`;
    case undefined:
      return 'open a conversation to write';
  }
}

/** The keys for the chosen contact, at the foot of the contacts pane. */
export function contactKeys(contact: ContactView | null): string {
  switch (contact?.relation) {
    case 'request':
      return 'Del accept, ignore, block';
    case 'blocked':
      return 'Del unblock';
    case 'friend':
    case 'added':
      return 'Del remove, block';
    case undefined:
      return 'Ctrl-F find people';
  }
}

/** After a search result: how they stand with me already. */
export function searchTag(contact: ContactView | undefined): string {
  switch (contact?.relation) {
    case 'friend':
      return ' ✓ friend';
    case 'added':
      return ' · waiting for them';
    case 'request':
      return ' · request: Enter accepts';
    case 'blocked':
      return ' · blocked';
    case undefined:
      return '';
  }
}

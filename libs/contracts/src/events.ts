import { AnyEventContract } from './envelope';
import { MessagesStored, MessagesSubmitted, ReceiptRecorded, ReceiptSubmitted } from './messages';
import { GatewayHeartbeat, PresenceChanged, PresenceReported } from './presence';
import { SessionsRevoked } from './sessions';
import { ContactChanged, UserRegistered } from './users';

/** Parley's services, as the broker's documentation names who publishes and who consumes. */
export type Service = 'gateway' | 'users' | 'store' | 'history';

/** Every event contract of the system. */
export const EVENTS = [
  MessagesSubmitted,
  MessagesStored,
  ReceiptSubmitted,
  ReceiptRecorded,
  PresenceReported,
  GatewayHeartbeat,
  PresenceChanged,
  SessionsRevoked,
  UserRegistered,
  ContactChanged,
] as const satisfies readonly AnyEventContract[];

export type EventType = (typeof EVENTS)[number]['type'];

/**
 * Who publishes each event: nothing in a contract says who sends it, and the broker's
 * documentation (asyncapi.ts) needs it; a new event does not compile until it is here.
 */
export const EVENT_PUBLISHERS: Readonly<Record<EventType, readonly Service[]>> = {
  'messages.submitted': ['gateway'],
  'messages.stored': ['store'],
  'receipt.submitted': ['gateway'],
  'receipt.recorded': ['history'],
  'presence.reported': ['gateway'],
  'gateway.heartbeat': ['gateway'],
  'presence.changed': ['users'],
  'sessions.revoked': ['users'],
  'user.registered': ['users'],
  'contact.changed': ['users'],
};

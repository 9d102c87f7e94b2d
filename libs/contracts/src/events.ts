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
 * Who publishes each event, and what the last word of its routing key is. Nothing in a contract
 * says who sends it, and `routedBy` is a function; the broker's documentation (asyncapi.ts) needs
 * both, and a new event does not compile until it has them.
 */
export const EVENT_ROUTES: Readonly<
  Record<
    EventType,
    { readonly publishers: readonly Service[]; readonly keyedBy: 'shard' | 'gatewayId' | 'userId' }
  >
> = {
  'messages.submitted': { publishers: ['gateway'], keyedBy: 'shard' },
  'messages.stored': { publishers: ['store'], keyedBy: 'shard' },
  'receipt.submitted': { publishers: ['gateway'], keyedBy: 'shard' },
  'receipt.recorded': { publishers: ['history'], keyedBy: 'shard' },
  'presence.reported': { publishers: ['gateway'], keyedBy: 'gatewayId' },
  'gateway.heartbeat': { publishers: ['gateway'], keyedBy: 'gatewayId' },
  'presence.changed': { publishers: ['users'], keyedBy: 'userId' },
  'sessions.revoked': { publishers: ['users'], keyedBy: 'userId' },
  'user.registered': { publishers: ['users'], keyedBy: 'userId' },
  'contact.changed': { publishers: ['users'], keyedBy: 'userId' },
};

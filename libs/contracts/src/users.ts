import { z } from 'zod';
import { Stance, VisibleRelation } from './contacts';
import { defineEvent } from './envelope';
import { Email, Password, PersonName, Seq, Timestamp, UserId, Username } from './primitives';
import { defineRpcQueue } from './queue';
import { defineRpc } from './rpc';
import { SessionId, SessionRevocation } from './sessions';

/** What anyone may see of a person: never an email or a hash. */
export const PublicUser = z.object({
  userId: UserId,
  username: z.string(),
  firstName: z.string(),
  lastName: z.string(),
});
export type PublicUser = z.infer<typeof PublicUser>;

export const Presence = z.object({
  online: z.boolean(),
  lastSeen: z.iso.datetime().nullable(),
});
export type Presence = z.infer<typeof Presence>;

/**
 * Presence as the services pass it on: `rev` grows with every change of a user's presence, so a
 * copy that arrives late (a snapshot read before an event, an event that overtook a snapshot)
 * never replaces a newer one.
 */
export const PresenceState = Presence.extend({ rev: z.number().int().nonnegative() });
export type PresenceState = z.infer<typeof PresenceState>;

/** A person as a client sees them in its contacts: how they relate, and presence between friends. */
export const Contact = PublicUser.extend({
  relation: VisibleRelation,
  /** When this relation began. */
  since: Timestamp,
  /** Only between friends; null otherwise. */
  presence: Presence.nullable(),
});
export type Contact = z.infer<typeof Contact>;

/**
 * One person's contact as the users service keeps it and the gateways mirror it: both stances,
 * from which the relation is derived (`relationOf`), and the other person's presence when they are
 * friends.
 */
export const ContactRecord = z.object({
  user: PublicUser,
  mine: Stance.nullable(),
  theirs: Stance.nullable(),
  presence: PresenceState.nullable(),
});
export type ContactRecord = z.infer<typeof ContactRecord>;

export const Registration = z.object({
  firstName: PersonName,
  lastName: PersonName,
  email: Email,
  username: Username,
  password: Password,
});
export type Registration = z.infer<typeof Registration>;

export const Credentials = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'must not be empty')
    .max(32, 'must be at most 32 characters'),
  password: z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters'),
});
export type Credentials = z.infer<typeof Credentials>;

/** The client's address as the gateway saw the TCP peer: what failed password checks are counted by. */
export const ClientAddress = z
  .union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address' })
  // Else every IPv4 client would share the one IPv6 network such addresses fall in.
  .refine((a) => !/^::ffff:[\d.]+$/i.test(a), 'must give an IPv4-mapped address as IPv4');

/**
 * A login as the gateway passes it on: the credentials of the HTTP body and the client's address,
 * taken from the TCP connection (never from the body or a header), by which failures are counted.
 */
export const LoginRequest = Credentials.extend({ address: ClientAddress });

export const Session = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresAt: z.iso.datetime(),
  user: PublicUser,
});
export type Session = z.infer<typeof Session>;

/** The claims of an access token, which the gateway verifies without asking the users service. */
export const AccessClaims = z.object({
  sub: UserId,
  username: z.string(),
  typ: z.literal('access'),
  /** The session it was issued in, and when that session began (ms since the epoch). */
  sid: SessionId,
  began: z.number().int().nonnegative(),
  /** Its own id: no two tokens are the same, even of one session within one second. */
  jti: z.uuid(),
  /** When it expires (seconds since the epoch): a connection opened with it ends then. */
  exp: z.number().int(),
});
export type AccessClaims = z.infer<typeof AccessClaims>;

const Acting = z.object({ userId: UserId });
const OnContact = Acting.extend({ otherId: UserId });
/** What a change of contacts left: the acting person's record of the other. */
const ContactChange = z.object({ contact: ContactRecord });

export const RefreshToken = z
  .string()
  .min(1, 'must not be empty')
  .max(4096, 'must be at most 4096 characters');

export const SEARCH_PAGE_MAX = 50;
export const MAX_CONTACT_LISTS = 500;

/** The queue the users service answers on, with every request it answers. */
export const usersRpcQueue = defineRpcQueue('users.rpc', {
  register: defineRpc('users.register', Registration, PublicUser),
  login: defineRpc('users.login', LoginRequest, Session),
  /** Spends the refresh token and answers with new tokens of the same session. */
  refresh: defineRpc('users.refresh', z.object({ refreshToken: RefreshToken }), Session),
  /** Ends the token's session, or with `everywhere` every session of its user; nothing for one already ended. */
  logout: defineRpc(
    'users.sessions.logout',
    z.object({ refreshToken: RefreshToken, everywhere: z.boolean().default(false) }),
    z.object({}),
  ),
  /** The revocations whose access tokens may still be presented: what a gateway loads as it starts. */
  revocations: defineRpc(
    'users.sessions.revocations',
    z.object({}),
    z.object({ revocations: z.array(SessionRevocation) }),
  ),
  /** Made from a session the gateway verified; every other session of the user ends. */
  changePassword: defineRpc(
    'users.password.change',
    Acting.extend({
      sessionId: SessionId,
      begunAt: z.number().int().nonnegative(),
      currentPassword: z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters'),
      newPassword: Password,
      address: ClientAddress,
    }),
    z.object({}),
  ),
  search: defineRpc(
    'users.search',
    Acting.extend({
      query: z
        .string()
        .trim()
        .toLowerCase()
        .min(1, 'must not be empty')
        .max(64, 'must be at most 64 characters'),
      offset: z.number().int().min(0).max(10_000).default(0),
      limit: z.number().int().min(1).max(SEARCH_PAGE_MAX).default(20),
    }),
    z.object({ users: z.array(PublicUser), nextOffset: z.number().int().nullable() }),
  ),
  /** The contacts of many people at once: a gateway asks for everyone who connected in one turn. */
  listContacts: defineRpc(
    'users.contacts.list',
    z.object({ userIds: z.array(UserId).min(1).max(MAX_CONTACT_LISTS) }),
    z.object({ lists: z.record(z.string(), z.array(ContactRecord)) }),
  ),
  /** Adds someone by username, or accepts their request. */
  addContact: defineRpc('users.contacts.add', Acting.extend({ username: Username }), ContactChange),
  removeContact: defineRpc('users.contacts.remove', OnContact, ContactChange),
  block: defineRpc('users.contacts.block', OnContact, ContactChange),
  unblock: defineRpc('users.contacts.unblock', OnContact, ContactChange),
  ignore: defineRpc('users.contacts.ignore', OnContact.extend({ throughSeq: Seq }), ContactChange),
});
export const usersRpc = usersRpcQueue.carries;

export const UserRegistered = defineEvent('user.registered', 1, PublicUser, {
  routedBy: { segment: 'userId', of: (user) => user.userId },
});
/** `userId`'s record of another person changed; one event for each of the two people concerned. */
export const ContactChanged = defineEvent(
  'contact.changed',
  1,
  z.object({ userId: UserId, contact: ContactRecord }),
  { routedBy: { segment: 'userId', of: (change) => change.userId } },
);

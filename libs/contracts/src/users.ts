import { z } from 'zod';
import { defineEvent } from './envelope';
import { Email, Password, PersonName, UserId, Username } from './primitives';
import { defineRpc } from './rpc';

export const USERS_RPC_QUEUE = 'users.rpc';

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

export const Friend = PublicUser.extend(Presence.shape).extend({ addedAt: z.iso.datetime() });
export type Friend = z.infer<typeof Friend>;

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
});
export type AccessClaims = z.infer<typeof AccessClaims>;

const Acting = z.object({ userId: UserId });

export const SEARCH_PAGE_MAX = 50;

export const usersRpc = {
  register: defineRpc(USERS_RPC_QUEUE, 'users.register', Registration, PublicUser),
  login: defineRpc(USERS_RPC_QUEUE, 'users.login', Credentials, Session),
  refresh: defineRpc(
    USERS_RPC_QUEUE,
    'users.refresh',
    z.object({ refreshToken: z.string().min(1).max(4096) }),
    Session,
  ),
  search: defineRpc(
    USERS_RPC_QUEUE,
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
  addFriend: defineRpc(
    USERS_RPC_QUEUE,
    'users.friends.add',
    Acting.extend({ username: Username }),
    z.object({ friend: Friend }),
  ),
  removeFriend: defineRpc(
    USERS_RPC_QUEUE,
    'users.friends.remove',
    Acting.extend({ friendId: UserId }),
    z.object({}),
  ),
  listFriends: defineRpc(
    USERS_RPC_QUEUE,
    'users.friends.list',
    Acting,
    z.object({ friends: z.array(Friend) }),
  ),
} as const;

export const UserRegistered = defineEvent('user.registered', 1, PublicUser);
export const FriendAdded = defineEvent('friend.added', 1, z.object({ userId: UserId, friend: Friend }));
export const FriendRemoved = defineEvent('friend.removed', 1, z.object({ userId: UserId, friendId: UserId }));

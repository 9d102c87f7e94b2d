import { z } from 'zod';
import { ErrorBody } from './errors';
import { ConversationView } from './history';
import { ReceiptKind, StoredMessage } from './messages';
import { ClientMsgId, MessageText, Seq, UserId, Username } from './primitives';
import { Contact, PublicUser, RefreshToken, SEARCH_PAGE_MAX, Session } from './users';

/** The WebSocket path on the gateway; the access token goes in the Authorization header or `?token=`. */
export const WS_PATH = '/ws';
export const WS_MAX_FRAME_BYTES = 16 * 1024;

/** Close codes the gateway uses, with the reason text alongside. */
export const WS_CLOSE = {
  normal: 1000,
  goingAway: 1001,
  tooLarge: 1009,
  policy: 1008,
  tryAgainLater: 1013,
  /** The connection's session ended (logout, password change, a reused refresh token). */
  sessionEnded: 4001,
  /** The connection's access token expired and no new one was presented with `session.refresh`. */
  tokenExpired: 4002,
  /** The user already holds MAX_CONNECTIONS_PER_USER connections, over all gateways. */
  tooManyConnections: 4003,
} as const;

const ReqId = z.string().min(1).max(64);

/**
 * A contact as listed: with the unread messages they sent me, and when either of us last wrote
 * (null: never, or a gateway from before the field).
 */
export const ListedContact = Contact.extend({
  unread: z.number().int().nonnegative(),
  lastActivityAt: z.iso.datetime().nullable().default(null),
});
export type ListedContact = z.infer<typeof ListedContact>;

/** Every request a client can make: its params and the result it gets back. */
export const wsRequests = {
  'message.send': {
    params: z.object({ clientMsgId: ClientMsgId, to: UserId, text: MessageText }),
    result: z.object({
      clientMsgId: ClientMsgId,
      messageId: z.string(),
      /** Whether the recipient is online anywhere; null unless you are friends (presence is theirs to share). */
      recipientOnline: z.boolean().nullable(),
    }),
  },
  receipt: {
    params: z.object({ kind: ReceiptKind, peer: UserId, upToSeq: Seq.min(1) }),
    result: z.object({}),
  },
  'conversation.open': {
    params: z.object({ peer: UserId }),
    result: ConversationView,
  },
  'conversation.page': {
    params: z
      .object({
        peer: UserId,
        beforeSeq: Seq.optional(),
        afterSeq: Seq.optional(),
        limit: z.number().int().min(1).max(200).default(10),
      })
      .refine((p) => (p.beforeSeq === undefined) !== (p.afterSeq === undefined), {
        message: 'exactly one of beforeSeq and afterSeq is required',
        path: ['beforeSeq'],
      }),
    result: z.object({ messages: z.array(StoredMessage), hasMore: z.boolean() }),
  },
  'contacts.list': {
    params: z.object({}),
    result: z.object({ contacts: z.array(ListedContact) }),
  },
  /** Adds someone, or accepts their request. */
  'contacts.add': {
    params: z.object({ username: Username }),
    result: z.object({ contact: Contact }),
  },
  /** Ends the relation both ways: neither may message the other until one adds again. */
  'contacts.remove': {
    params: z.object({ userId: UserId }),
    result: z.object({}),
  },
  'contacts.block': {
    params: z.object({ userId: UserId }),
    result: z.object({ contact: Contact }),
  },
  'contacts.unblock': {
    params: z.object({ userId: UserId }),
    result: z.object({}),
  },
  /** Sets a request aside, unseen by its sender; it comes back if they write again. */
  'contacts.ignore': {
    params: z.object({ userId: UserId }),
    result: z.object({}),
  },
  'users.search': {
    params: z.object({
      query: z.string().min(1).max(64),
      offset: z.number().int().min(0).max(10_000).default(0),
      limit: z.number().int().min(1).max(SEARCH_PAGE_MAX).default(20),
    }),
    result: z.object({ users: z.array(PublicUser), nextOffset: z.number().int().nullable() }),
  },
  /**
   * Rotates the connection's tokens as `POST /auth/refresh` does, with a refresh token of the
   * connection's own session; the connection then lives until the new access token expires.
   */
  'session.refresh': {
    params: z.object({ refreshToken: RefreshToken }),
    result: Session,
  },
} as const;

export type WsRequestType = keyof typeof wsRequests;
export type WsParams<T extends WsRequestType> = z.input<(typeof wsRequests)[T]['params']>;
export type WsResult<T extends WsRequestType> = z.infer<(typeof wsRequests)[T]['result']>;

/** The outer shape of a client frame; params are checked against `wsRequests[type]` after it. */
export const ClientFrame = z.object({
  id: ReqId,
  type: z.string().min(1).max(64),
  params: z.unknown().optional(),
});
export type ClientFrame = z.infer<typeof ClientFrame>;

export const isWsRequestType = (type: string): type is WsRequestType => Object.hasOwn(wsRequests, type);

/** Frames the server pushes without being asked. */
export const ServerEvent = z.discriminatedUnion('event', [
  z.object({
    event: z.literal('welcome'),
    user: PublicUser.pick({ userId: true, username: true }),
    heartbeatMs: z.number(),
  }),
  z.object({ event: z.literal('message'), message: StoredMessage }),
  z.object({
    event: z.literal('receipt'),
    kind: ReceiptKind,
    conversationId: z.string(),
    reader: UserId,
    upToSeq: Seq,
  }),
  z.object({
    event: z.literal('presence'),
    userId: UserId,
    online: z.boolean(),
    lastSeen: z.iso.datetime().nullable(),
  }),
  /** A contact appeared, or how they relate to you changed: replace what you hold for them. */
  z.object({ event: z.literal('contact'), contact: Contact }),
  /** Someone is no longer among your contacts (removed, ignored, or no longer reachable). */
  z.object({ event: z.literal('contact.gone'), userId: UserId }),
  /** Live delivery was interrupted (the gateway lost the broker): refetch what you show. */
  z.object({ event: z.literal('resync') }),
]);
export type ServerEvent = z.infer<typeof ServerEvent>;

export const ServerFrame = z.union([
  z.object({ type: z.literal('reply'), id: ReqId, ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('reply'), id: z.string().nullable(), ok: z.literal(false), error: ErrorBody }),
  z.object({ type: z.literal('event') }).and(ServerEvent),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

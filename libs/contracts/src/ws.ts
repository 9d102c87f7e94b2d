import { z } from 'zod';
import { ErrorBody } from './errors';
import { ConversationView } from './history';
import { ReceiptKind, StoredMessage } from './messages';
import { ClientMsgId, MessageText, Seq, UserId, Username } from './primitives';
import { Friend, PublicUser, SEARCH_PAGE_MAX } from './users';

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
} as const;

const ReqId = z.string().min(1).max(64);

/** Every request a client can make: its params and the result it gets back. */
export const wsRequests = {
  'message.send': {
    params: z.object({ clientMsgId: ClientMsgId, to: UserId, text: MessageText }),
    result: z.object({ clientMsgId: ClientMsgId, messageId: z.string(), recipientOnline: z.boolean() }),
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
  'friends.list': {
    params: z.object({}),
    result: z.object({ friends: z.array(Friend.extend({ unread: z.number().int().nonnegative() })) }),
  },
  'friends.add': {
    params: z.object({ username: Username }),
    result: z.object({ friend: Friend }),
  },
  'friends.remove': {
    params: z.object({ friendId: UserId }),
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
  z.object({ event: z.literal('friend.added'), userId: UserId, friend: Friend }),
  z.object({ event: z.literal('friend.removed'), userId: UserId, friendId: UserId }),
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

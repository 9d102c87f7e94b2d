import { z } from 'zod';
import { Seq, UserId } from './primitives';
import { StoredMessage } from './messages';
import { defineRpcQueue } from './queue';
import { defineRpc } from './rpc';

export const HISTORY_PAGE_MAX = 200;

const Conversation = z.object({ userId: UserId, peerId: UserId });

export const ConversationCounts = z.object({
  unread: z.number().int().nonnegative(),
  lastSeq: Seq,
  /** When the newest message was sent; null before the first (or from a history service before the field). */
  lastAt: z.iso.datetime().nullable().default(null),
});
export type ConversationCounts = z.infer<typeof ConversationCounts>;

export const ConversationView = z.object({
  conversationId: z.string(),
  /**
   * In sequence order: the last messages before the first unread one, then unread ones up to one
   * page. Unread are the peer's messages after my read mark; my own are never unread to me.
   */
  messages: z.array(StoredMessage),
  lastSeq: Seq,
  firstUnreadSeq: Seq.nullable(),
  unreadCount: z.number().int().nonnegative(),
  hasMoreBefore: z.boolean(),
  hasMoreAfter: z.boolean(),
  /**
   * How far the peer has received and read my messages (their marks sit on my newest message they
   * cover), so a returning sender sees the latest marks. Null where the peer does not share them
   * with me: read marks only between friends, delivered marks once I have added them.
   */
  peerDeliveredSeq: Seq.nullable(),
  peerReadSeq: Seq.nullable(),
});
export type ConversationView = z.infer<typeof ConversationView>;

/** The queue the history service answers on, with every request it answers. */
export const historyRpcQueue = defineRpcQueue('history.rpc', {
  open: defineRpc(
    'history.open',
    Conversation.extend({
      recent: z.number().int().min(1).max(HISTORY_PAGE_MAX).default(10),
      unreadPage: z.number().int().min(1).max(HISTORY_PAGE_MAX).default(100),
    }),
    ConversationView,
  ),
  page: defineRpc(
    'history.page',
    Conversation.extend({
      beforeSeq: Seq.optional(),
      afterSeq: Seq.optional(),
      limit: z.number().int().min(1).max(HISTORY_PAGE_MAX).default(10),
    }).refine((r) => (r.beforeSeq === undefined) !== (r.afterSeq === undefined), {
      message: 'exactly one of beforeSeq and afterSeq is required',
      path: ['beforeSeq'],
    }),
    z.object({ messages: z.array(StoredMessage), hasMore: z.boolean() }),
  ),
  /** For a contacts list: per peer, the peer's messages I have not read, the newest seq and its time. */
  unreadCounts: defineRpc(
    'history.unread',
    z.object({ userId: UserId, peerIds: z.array(UserId).max(5000) }),
    z.object({ conversations: z.record(z.string(), ConversationCounts) }),
  ),
});
export const historyRpc = historyRpcQueue.carries;

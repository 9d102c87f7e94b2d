import type { StoredMessage, UserId } from '@parley/contracts';
import type { CoreContext } from './core-context';
import { Conversation } from './conversation';
import { asParleyError } from './errors';

const GAP_RETRIES = 5;
const GAP_PAGE = 200;

/**
 * The open conversation kept in step with the server: fetched when opened and after every
 * reconnect, gaps behind live messages filled, older pages loaded on request. `grew` is told
 * whenever messages were added to it.
 */
export class ConversationSync {
  private open: Conversation | null = null;
  private gapFilling: Conversation | null = null;
  private loadingOlder = false;

  constructor(
    private readonly ctx: CoreContext,
    private readonly pageSize: number,
    private readonly grew: (conv: Conversation) => void,
  ) {}

  get current(): Conversation | null {
    return this.open;
  }

  get isLoadingOlder(): boolean {
    return this.loadingOlder;
  }

  /** The open conversation if it is the one with `peer`. */
  with(peer: UserId): Conversation | null {
    return this.open?.peerId === peer ? this.open : null;
  }

  async openWith(peer: UserId): Promise<void> {
    if (this.open?.peerId === peer) return;
    this.open = new Conversation(peer);
    this.ctx.changed();
    if (this.ctx.isOnline) await this.fetch();
  }

  close(): void {
    this.open = null;
    this.ctx.changed();
  }

  /** Fetches the open conversation's view again and fills what it leaves out. */
  async fetch(): Promise<void> {
    const conv = this.open;
    if (!conv) return;
    try {
      const view = await this.ctx.request('conversation.open', { peer: conv.peerId });
      if (this.open !== conv) return;
      conv.applyView(view);
      this.grew(conv);
      await this.fillGap(conv);
    } catch (error) {
      this.ctx.notice(`Could not open the conversation: ${asParleyError(error).message}`, 'warn');
    }
  }

  /** A message pushed live; returns whether it is new to the open conversation (false: not open, or held already). */
  live(peer: UserId, message: StoredMessage): boolean {
    const conv = this.with(peer);
    if (!conv) return false;
    const fresh = conv.addLive(message);
    if (fresh) this.grew(conv);
    if (conv.gapAfter() !== null) void this.fillGap(conv);
    return fresh;
  }

  /** Older messages above the oldest loaded one; does nothing at the start of the conversation. */
  async loadOlder(): Promise<void> {
    const conv = this.open;
    const oldest = conv?.oldestSeq;
    if (!conv || !conv.isLoaded || !conv.hasMoreBefore || oldest == null || this.loadingOlder) return;
    this.loadingOlder = true;
    try {
      const page = await this.ctx.request('conversation.page', {
        peer: conv.peerId,
        beforeSeq: oldest,
        limit: this.pageSize,
      });
      conv.applyPage('before', oldest, page.messages, page.hasMore);
      this.ctx.changed();
    } catch (error) {
      this.ctx.notice(`Could not load older messages: ${asParleyError(error).message}`, 'warn');
    } finally {
      this.loadingOlder = false;
    }
  }

  /** Pages forward until the gap closes; a page that brings nothing means history lags, so wait and ask again. */
  private async fillGap(conv: Conversation): Promise<void> {
    if (this.gapFilling === conv) return;
    this.gapFilling = conv;
    try {
      let stalls = 0;
      for (let after = conv.gapAfter(); after !== null && this.open === conv; after = conv.gapAfter()) {
        const page = await this.ctx.request('conversation.page', {
          peer: conv.peerId,
          afterSeq: after,
          limit: GAP_PAGE,
        });
        conv.applyPage('after', after, page.messages, page.hasMore);
        this.grew(conv);
        if (conv.gapAfter() !== after) {
          stalls = 0;
        } else if (++stalls > GAP_RETRIES) {
          break;
        } else {
          await new Promise((resolve) => setTimeout(resolve, 200 * stalls));
        }
      }
    } catch (error) {
      this.ctx.notice(`Could not load missed messages: ${asParleyError(error).message}`, 'warn');
    } finally {
      if (this.gapFilling === conv) this.gapFilling = null;
    }
  }
}

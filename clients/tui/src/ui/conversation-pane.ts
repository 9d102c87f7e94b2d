import blessed from 'blessed';
import type { ParleyClient } from '../core/client';
import type { Conversation } from '../core/conversation';
import { conversationLines, openingOffset, shownSeqs, viewport } from './conversation-lines';
import type { ConversationLayout } from './conversation-lines';
import type { Area } from './layer';
import { conversationTitle } from './contact-text';
import { escapeTags, truncate, wrap } from './text-width';

/** What a render put on screen of a conversation: the seqs of the messages shown whole. */
export interface Shown {
  peer: string;
  seqs: number[];
}

/**
 * The open conversation. It opens at the first unread message, draws only the lines in view (a
 * long history never becomes a long widget), keeps its place when new messages arrive below while
 * scrolled up, and asks the core for older messages when scrolled to the top. Each render says
 * which messages it showed, for the core to report read.
 */
export class ConversationPane {
  private readonly box: blessed.Widgets.BoxElement;
  /** The conversation the place below belongs to; another one starts afresh. */
  private conversation: Conversation | null = null;
  /** Lines hidden below the view; 0 follows the newest message. */
  private offset = 0;
  /** Whether the conversation has been placed at its first unread message yet. */
  private placed = false;
  private lastKey: string | null = null;
  private lastCount = 0;
  private height = 1;
  private readonly lineCache = new Map<string, string[]>();

  constructor(
    screen: blessed.Widgets.Screen,
    private readonly client: ParleyClient,
  ) {
    this.box = blessed.box({ parent: screen, tags: true, wrap: false, border: { type: 'line' } });
  }

  /** Positive scrolls up (older). */
  scroll(lines: number): void {
    this.offset = Math.max(0, this.offset + lines);
  }

  page(direction: 1 | -1): void {
    this.scroll(direction * Math.max(1, this.height - 2));
  }

  toEnd(): void {
    this.offset = 0;
  }

  render(area: Area, focused: boolean): Shown | null {
    Object.assign(this.box, area);
    this.box.style.border = { fg: focused ? 'cyan' : 'gray' };
    this.height = area.height - 2;
    const conv = this.client.conversation;
    const peer = this.client.openPeer;
    if (conv !== this.conversation) this.startOver(conv);
    if (!conv) {
      this.box.setLabel(' Parley ');
      const hint = (text: string) => wrap(text, area.width - 6).map((line) => `  {gray-fg}${line}{/gray-fg}`);
      this.box.setContent(
        [
          '',
          ...hint('Choose someone in Contacts and press Enter to talk.'),
          '',
          ...hint('Ctrl-F (or /search) finds people; F1 lists all keys.'),
        ].join('\n'),
      );
      this.box.show();
      return null;
    }
    const name = peer?.username ?? 'conversation';
    this.box.setLabel(` ${escapeTags(truncate(peer ? conversationTitle(peer) : name, area.width - 6))} `);
    const entries = this.client.entries();
    if (!conv.isLoaded && entries.length === 0) {
      this.box.setContent('\n  {gray-fg}Loading…{/gray-fg}');
      this.box.show();
      return null;
    }
    // Until the history arrives (offline, say), what was typed meanwhile still shows.
    const top = !conv.isLoaded
      ? 'none'
      : this.client.isLoadingOlder
        ? 'loading'
        : conv.hasMoreBefore
          ? 'more'
          : 'start';
    // Old states and widths pile up in the cache; dropping it now and then costs one re-wrap.
    if (this.lineCache.size > entries.length * 3 + 200) this.lineCache.clear();
    const layout: ConversationLayout = {
      width: area.width - 2,
      peerName: name,
      firstUnreadSeq: conv.firstUnreadSeq,
      top,
      peerOnline: peer?.presence ? peer.presence.online : null,
    };
    const text = conversationLines(entries, layout, this.lineCache);
    // Messages added below push the view down by their lines, unless the person is following the end.
    const last = entries[entries.length - 1];
    const key = last ? (last.kind === 'message' ? last.message.messageId : last.entry.clientMsgId) : null;
    if (this.offset > 0 && key !== this.lastKey && this.lastKey !== null)
      this.offset += Math.max(0, text.lines.length - this.lastCount);
    this.lastKey = key;
    this.lastCount = text.lines.length;
    if (!this.placed && conv.isLoaded) {
      this.placed = true;
      this.offset = openingOffset(text, this.height);
    }
    const view = viewport(text.lines.length, this.height, this.offset);
    this.offset = view.offset;
    if (view.atTop && conv.hasMoreBefore) void this.client.loadOlder();
    const content = text.lines.slice(view.start, view.end);
    // The last row says what is below instead of showing a line of it.
    const hinted = this.offset > 0 && content.length >= this.height;
    if (hinted) content[content.length - 1] = `{|}{gray-fg}↓ ${this.offset} more lines (End){/gray-fg}`;
    this.box.setContent(content.join('\n'));
    this.box.show();
    return { peer: conv.peerId, seqs: shownSeqs(text.seqs, view.start, hinted ? view.end - 1 : view.end) };
  }

  private startOver(conv: Conversation | null): void {
    this.conversation = conv;
    this.offset = 0;
    this.placed = false;
    this.lastKey = null;
    this.lastCount = 0;
  }

  hide(): void {
    this.box.hide();
  }
}

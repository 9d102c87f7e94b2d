import type { ConversationEntry } from '../core/client';
import type { MessageStatus } from '../core/conversation';
import { escapeTags, padEnd, textWidth, truncate, wrap } from './text-width';

export interface ConversationLayout {
  width: number;
  peerName: string;
  firstUnreadSeq: number | null;
  /** What the top of the history says: more above, loading, or the beginning. */
  top: 'more' | 'loading' | 'start' | 'none';
}

const STATUS: Record<MessageStatus, string> = {
  sending: '{yellow-fg}… sending{/yellow-fg}',
  sent: '{gray-fg}✓ sent{/gray-fg}',
  delivered: '{cyan-fg}✓✓ delivered{/cyan-fg}',
  read: '{green-fg}✓✓ read{/green-fg}',
  failed: '{red-fg}✗ not sent{/red-fg}',
};

export function time(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

function day(iso: string): string {
  return new Date(iso).toDateString();
}

function rule(label: string, width: number, color: string): string {
  const text = ` ${label} `;
  const side = Math.max(2, Math.floor((width - textWidth(text)) / 2));
  return `{${color}-fg}${'─'.repeat(side)}${escapeTags(text)}${'─'.repeat(Math.max(0, width - side - textWidth(text)))}{/${color}-fg}`;
}

export interface ConversationText {
  /** Screen lines in blessed tag markup, oldest first. */
  lines: string[];
  /** For each line, the seq of the stored message it belongs to; null for rules and unsent messages. */
  seqs: (number | null)[];
  /** Which line is the "new messages" rule, if there is one. */
  marker: number | null;
}

/**
 * The conversation as screen lines: a day rule when the day changes, the "new messages" rule
 * before the first unread one, each message as `time name  text` wrapped under its text, my
 * messages with their state at the right. `cache` keeps each message's wrapped lines between
 * calls, so typing does not re-wrap the history.
 */
export function conversationLines(
  entries: readonly ConversationEntry[],
  layout: ConversationLayout,
  cache?: Map<string, string[]>,
): ConversationText {
  const { width } = layout;
  const text: ConversationText = { lines: [], seqs: [], marker: null };
  const push = (seq: number | null, ...lines: string[]) => {
    for (const line of lines) {
      text.lines.push(line);
      text.seqs.push(seq);
    }
  };
  if (layout.top === 'more') push(null, rule('PageUp for older messages', width, 'gray'));
  if (layout.top === 'loading') push(null, rule('loading older messages…', width, 'gray'));
  if (layout.top === 'start') push(null, rule('beginning of the conversation', width, 'gray'));
  let lastDay: string | null = null;
  for (const entry of entries) {
    const at = entry.kind === 'message' ? entry.message.sentAt : entry.entry.createdAt;
    if (day(at) !== lastDay) {
      if (lastDay !== null) push(null, rule(day(at), width, 'gray'));
      lastDay = day(at);
    }
    const seq = entry.kind === 'message' ? entry.message.seq : null;
    if (seq !== null && seq === layout.firstUnreadSeq) {
      text.marker = text.lines.length;
      push(null, rule('new messages', width, 'red'));
    }
    const key = cacheKey(entry, layout);
    let block = cache?.get(key);
    if (!block) {
      block = messageLines(entry, layout);
      cache?.set(key, block);
    }
    push(seq, ...block);
  }
  return text;
}

function cacheKey(entry: ConversationEntry, layout: ConversationLayout): string {
  const what =
    entry.kind === 'message'
      ? `m:${entry.message.messageId}:${entry.status}:${entry.recipientOffline}`
      : `p:${entry.entry.clientMsgId}:${entry.entry.status}:${entry.entry.recipientOnline}:${entry.entry.error?.code}`;
  return `${layout.width}:${layout.peerName}:${what}`;
}

function messageLines(entry: ConversationEntry, layout: ConversationLayout): string[] {
  const { width } = layout;
  const nameWidth = Math.min(12, Math.max(3, textWidth(layout.peerName)));
  const indent = 6 + nameWidth + 2;
  const textRoom = Math.max(8, width - indent);
  const at = entry.kind === 'message' ? entry.message.sentAt : entry.entry.createdAt;
  const mine = entry.kind === 'pending' || entry.mine;
  const name = padEnd(truncate(mine ? 'you' : layout.peerName, nameWidth), nameWidth);
  const head = `{gray-fg}${time(at)}{/gray-fg} ${mine ? `{cyan-fg}${escapeTags(name)}{/cyan-fg}` : `{bold}${escapeTags(name)}{/bold}`}  `;
  const text = entry.kind === 'message' ? entry.message.text : entry.entry.text;
  const wrapped = wrap(text, textRoom);
  const status = statusLine(entry, layout.peerName);
  // The state goes at the right end of the message's last line when it fits, else on a line of its own.
  const lastWidth = textWidth(wrapped[wrapped.length - 1]!);
  const statusWidth = status ? textWidth(status.replace(/\{[^}]*\}/g, '')) : 0;
  const inline = status !== null && lastWidth + 2 + statusWidth <= textRoom;
  const lines = wrapped.map((line, i) => {
    const tail =
      inline && i === wrapped.length - 1 ? ' '.repeat(textRoom - lastWidth - statusWidth) + status : '';
    return (i === 0 ? head : ' '.repeat(indent)) + escapeTags(line) + tail;
  });
  if (status && !inline) lines.push(' '.repeat(Math.max(indent, width - statusWidth)) + status);
  return lines;
}

function statusLine(entry: ConversationEntry, peerName: string): string | null {
  if (entry.kind === 'pending') {
    const { status, error, recipientOnline } = entry.entry;
    if (status === 'failed') return `${STATUS.failed} {red-fg}${escapeTags(error?.message ?? '')}{/red-fg}`;
    if (status === 'sent' && recipientOnline === false) return `${STATUS.sent} ${offline(peerName)}`;
    return STATUS[status];
  }
  if (!entry.mine || !entry.status) return null;
  return entry.recipientOffline ? `${STATUS[entry.status]} ${offline(peerName)}` : STATUS[entry.status];
}

function offline(peerName: string): string {
  return `{gray-fg}· ${escapeTags(peerName)} is offline, will get it later{/gray-fg}`;
}

export interface Viewport {
  /** The lines drawn are [start, end). */
  start: number;
  end: number;
  /** Lines hidden below the bottom of the view, clamped to what exists. */
  offset: number;
  atTop: boolean;
}

/** The `height` lines of `total` that end `offset` lines above the newest one: only these are drawn. */
export function viewport(total: number, height: number, offset: number): Viewport {
  const maxOffset = Math.max(0, total - height);
  const clamped = Math.min(Math.max(0, offset), maxOffset);
  const end = total - clamped;
  const start = Math.max(0, end - height);
  return { start, end, offset: clamped, atTop: start === 0 };
}

/** Lines of what came before kept above the "new messages" rule when a conversation opens there. */
const CONTEXT_ABOVE_MARKER = 2;

/**
 * Where a conversation opens, as lines hidden below the view: with the "new messages" rule near
 * the top when what follows it does not fit, so the first unread message is what the reader sees;
 * otherwise at the end.
 */
export function openingOffset(text: ConversationText, height: number): number {
  if (text.marker === null) return 0;
  const start = Math.max(0, text.marker - CONTEXT_ABOVE_MARKER);
  return Math.max(0, text.lines.length - start - height);
}

/**
 * The seqs of the messages that lines [start, end) show whole. A message cut by an edge is not
 * shown, unless it fills the whole span: taller than the view, it can never be seen at once.
 */
export function shownSeqs(seqs: readonly (number | null)[], start: number, end: number): number[] {
  const shown: number[] = [];
  for (let first = start; first < end; first++) {
    const seq = seqs[first];
    if (seq === null || seq === undefined) continue;
    let last = first;
    while (last + 1 < end && seqs[last + 1] === seq) last++;
    const cut = (first === start && seqs[start - 1] === seq) || (last === end - 1 && seqs[end] === seq);
    if (!cut || (first === start && last === end - 1)) shown.push(seq);
    first = last;
  }
  return shown;
}

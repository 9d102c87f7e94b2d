import type { ConversationEntry } from '../core/client';
import { clockTime, dayKey, dayLabel } from './day-label';
import { escapeTags, padEnd, textWidth, truncate, wrap } from './text-width';

export interface ConversationLayout {
  width: number;
  peerName: string;
  firstUnreadSeq: number | null;
  /** What the top of the history says: more above, loading, or the beginning. */
  top: 'more' | 'loading' | 'start' | 'none';
  /** Whether the peer is online now; null where their presence is not shared with me. */
  peerOnline: boolean | null;
  /** For the day rules' "Today" and "Yesterday". */
  now?: number;
}

const TOP_RULES: Record<ConversationLayout['top'], string | null> = {
  more: 'PageUp for older messages',
  loading: 'loading older messages…',
  start: 'beginning of the conversation',
  none: null,
};
/** Past this width text is hard to follow from line to line, and its mark would drift away from it. */
const TEXT_MAX_WIDTH = 100;
/** A stored time this far from when a message was written is worth saying. */
const STORED_LATE_MS = 60_000;

function rule(label: string, width: number, color: string): string {
  const text = ` ${truncate(label, width - 6)} `;
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
 * The conversation as screen lines: a rule naming the day where a day starts (sharing the top
 * rule, if any, for the first day), the "new messages"
 * rule before the first unread one, each message as `time name  text` wrapped under its text with
 * my messages' mark right after it, one "read by" rule under the last of mine the peer has read,
 * and at the end, while it is true, that the peer is offline. `cache` keeps each message's
 * wrapped lines between calls, so typing does not re-wrap the history.
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
  // The first day's name shares the top rule, a line saved on a small screen.
  let above: string | null = TOP_RULES[layout.top];
  if (above !== null && entries.length === 0) push(null, rule(above, width, 'gray'));
  const lastRead = entries.findLastIndex((e) => e.kind === 'message' && e.mine && e.status === 'read');
  let lastDay: string | null = null;
  entries.forEach((entry, index) => {
    const at = writtenAt(entry);
    if (dayKey(at) !== lastDay) {
      const label = dayLabel(at, layout.now);
      const shared = above === null ? label : `${above} · ${label}`;
      if (textWidth(shared) + 6 <= width) push(null, rule(shared, width, 'gray'));
      else
        push(
          null,
          rule(above ?? label, width, 'gray'),
          ...(above === null ? [] : [rule(label, width, 'gray')]),
        );
      above = null;
      lastDay = dayKey(at);
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
    if (index === lastRead) push(null, rule(`read by ${layout.peerName}`, width, 'green'));
  });
  if (peerAway(entries, layout.peerOnline)) {
    const note = `${layout.peerName} is offline: ✓ messages reach them when they are back`;
    push(null, ...wrap(note, width).map((line) => `{gray-fg}${escapeTags(line)}{/gray-fg}`));
  }
  return text;
}

/** When the person wrote it: my own stored message may say, from the outbox it waited in. */
function writtenAt(entry: ConversationEntry): string {
  if (entry.kind === 'pending') return entry.entry.createdAt;
  return entry.writtenAt ?? entry.message.sentAt;
}

/**
 * Whether some of my messages wait for a peer who is offline now: by their presence where it is
 * shared, else by what the server said when the newest of them was sent.
 */
function peerAway(entries: readonly ConversationEntry[], peerOnline: boolean | null): boolean {
  const waiting = entries.filter((e) =>
    e.kind === 'pending' ? e.entry.status === 'sent' : e.mine && e.status === 'sent',
  );
  const newest = waiting.at(-1);
  if (!newest) return false;
  if (peerOnline !== null) return !peerOnline;
  return newest.kind === 'pending' ? newest.entry.recipientOnline === false : newest.recipientOffline;
}

function cacheKey(entry: ConversationEntry, layout: ConversationLayout): string {
  const what =
    entry.kind === 'message'
      ? `m:${entry.message.messageId}:${entry.status}:${entry.writtenAt}`
      : `p:${entry.entry.clientMsgId}:${entry.entry.status}:${entry.entry.error?.code}`;
  return `${layout.width}:${layout.peerName}:${what}`;
}

function messageLines(entry: ConversationEntry, layout: ConversationLayout): string[] {
  const { width } = layout;
  const nameWidth = Math.min(12, Math.max(3, textWidth(layout.peerName)));
  const indent = 6 + nameWidth + 2;
  const textRoom = Math.min(TEXT_MAX_WIDTH, Math.max(8, width - indent));
  const mine = entry.kind === 'pending' || entry.mine;
  const name = padEnd(truncate(mine ? 'you' : layout.peerName, nameWidth), nameWidth);
  const head = `{gray-fg}${clockTime(writtenAt(entry))}{/gray-fg} ${mine ? `{cyan-fg}${escapeTags(name)}{/cyan-fg}` : `{bold}${escapeTags(name)}{/bold}`}  `;
  const text = entry.kind === 'message' ? entry.message.text : entry.entry.text;
  const wrapped = wrap(text, textRoom);
  const lines = wrapped.map((line, i) => (i === 0 ? head : ' '.repeat(indent)) + escapeTags(line));
  const mark = markOf(entry);
  if (mark === null) return lines;
  // The mark follows the text on its last line when it fits there, else it starts a line of its own.
  const lastWidth = textWidth(wrapped[wrapped.length - 1]!);
  if (lastWidth + 1 + textWidth(mark.plain) <= textRoom) lines[lines.length - 1] += ` ${mark.markup}`;
  else lines.push(' '.repeat(indent) + mark.markup);
  return lines;
}

interface Mark {
  markup: string;
  plain: string;
}

function colored(plain: string, color: string): Mark {
  return { markup: `{${color}-fg}${escapeTags(plain)}{/${color}-fg}`, plain };
}

/**
 * The state of a message of mine, short: `…` waiting in the outbox since a local time, `✓` stored,
 * `✓✓` delivered (read is said once, by the rule), `✗` with why it was not sent. A stored time a
 * minute or more after the message was written is said too.
 */
function markOf(entry: ConversationEntry): Mark | null {
  if (entry.kind === 'pending') {
    const { status, error, createdAt } = entry.entry;
    if (status === 'failed') return colored(`✗ not sent: ${error?.message ?? 'refused'}`, 'red');
    if (status === 'sent') return colored('✓', 'white');
    return colored(`… queued ${clockTime(createdAt)}`, 'yellow');
  }
  if (!entry.mine || !entry.status) return null;
  // A stored message is sent, delivered or read.
  const shown = entry.status === 'sent' ? colored('✓', 'white') : colored('✓✓', 'cyan');
  const stored = entry.message.storedAt;
  if (!entry.writtenAt || Math.abs(Date.parse(stored) - Date.parse(entry.writtenAt)) < STORED_LATE_MS)
    return shown;
  const late = ` · stored ${clockTime(stored)}`;
  return { markup: `${shown.markup}{gray-fg}${late}{/gray-fg}`, plain: shown.plain + late };
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

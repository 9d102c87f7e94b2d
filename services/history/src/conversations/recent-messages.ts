import { Inject, Injectable } from '@nestjs/common';
import { StoredMessage } from '@parley/contracts';
import { CONFIG } from '@parley/platform';
import { HistoryConfig } from '../config';
import { BoundedMap } from './bounded-map';

/** A conversation's newest messages, consecutive: `messages[i].seq === firstSeq + i`. */
interface Window {
  firstSeq: number;
  messages: StoredMessage[];
}

/**
 * The newest messages of the busiest conversations, kept in memory as history consumes them, so
 * opening a conversation and catching up after being away read memory instead of one database
 * lookup per message. A stored message never changes, so whatever is here is correct whichever
 * instance owns the conversation; what is not here is read from the log. Bounded in messages per
 * conversation and in total; the conversation used longest ago goes first.
 */
@Injectable()
export class RecentMessages {
  private readonly windows: BoundedMap<string, Window>;

  constructor(@Inject(CONFIG) private readonly config: HistoryConfig) {
    this.windows = new BoundedMap(config.HISTORY_CACHE_MESSAGES, (window) => window.messages.length);
  }

  /** Adds messages of one conversation in seq order; a gap starts the window afresh. */
  add(message: StoredMessage): void {
    const id = message.conversationId;
    let window = this.windows.get(id);
    const next = window ? window.firstSeq + window.messages.length : 0;
    if (window && message.seq < next) return;
    if (!window || message.seq > next) window = { firstSeq: message.seq, messages: [] };
    window.messages.push(message);
    if (window.messages.length > this.config.HISTORY_CACHE_PER_CONVERSATION) {
      window.messages.shift();
      window.firstSeq++;
    }
    this.windows.set(id, window);
  }

  /** The newest seq known here, or 0. */
  lastSeq(conversationId: string): number {
    const window = this.windows.get(conversationId);
    return window ? window.firstSeq + window.messages.length - 1 : 0;
  }

  get(conversationId: string, seq: number): StoredMessage | undefined {
    const window = this.windows.get(conversationId);
    return window?.messages[seq - window.firstSeq];
  }
}

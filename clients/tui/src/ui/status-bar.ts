import blessed from 'blessed';
import type { Notice, ParleyClient } from '../core/client';
import type { Area } from './layer';
import { connectionText, hotlistText, shortenWords } from './status-text';
import { escapeTags, textWidth } from './text-width';

const NOTICE_MS = 8000;
/** What markup shows, for measuring it. */
const plain = (markup: string) => markup.replace(/\{(open|close)\}/g, '_').replace(/\{[^}]*\}/g, '');
/** Columns of the connection's text that go before the hotlist: its state and, say, "as ada". */
const CONNECTION_FIRST = 24;
const COLORS: Record<Notice['level'], string> = { info: 'white', warn: 'yellow', error: 'red' };

/**
 * The bottom line: connection state on the left, the latest notice after it, on the right who else
 * wrote (the hotlist) and the help key.
 */
export class StatusBar {
  private readonly box: blessed.Widgets.BoxElement;
  /** A notice of the UI itself (not of the client), e.g. a form error summary. */
  private local: Notice | null = null;

  constructor(
    screen: blessed.Widgets.Screen,
    private readonly client: ParleyClient,
  ) {
    this.box = blessed.box({
      parent: screen,
      height: 1,
      tags: true,
      wrap: false,
      style: { bg: 'blue', fg: 'white' },
    });
  }

  say(text: string, level: Notice['level'] = 'info'): void {
    this.local = { text, level, at: Date.now() };
  }

  render(area: Area, signedIn: boolean): void {
    Object.assign(this.box, { top: area.top, left: area.left, width: area.width });
    this.box.show();
    // The help hint always stays; then the connection's state, up to CONNECTION_FIRST columns of
    // it; then who else wrote; then the rest of the connection; then the latest notice.
    const hint = ' ? help ';
    let room = area.width - 1 - hint.length;
    const connection = (width: number) =>
      connectionText(
        this.client.connectionState,
        this.client.me?.username ?? null,
        this.client.outbox.unsent().length,
        width,
      );
    const first = Math.min(CONNECTION_FIRST, textWidth(plain(connection(Infinity))));
    const hotlist = signedIn ? hotlistText(this.client.hotlist(), room - first - 1) : '';
    if (hotlist) room -= textWidth(hotlist) + 1;
    const left = signedIn
      ? connection(room)
      : escapeTags(shortenWords(`gateway ${this.client.urls.http}`, room));
    room -= textWidth(plain(left));
    const notice = [this.local, this.client.notices.at(-1)]
      .filter((n): n is Notice => !!n && Date.now() - n.at < NOTICE_MS)
      .sort((a, b) => b.at - a.at)[0];
    const noticeText =
      notice && room > 12
        ? ` │ {${COLORS[notice.level]}-fg}${escapeTags(shortenWords(notice.text, room - 4))}{/${COLORS[notice.level]}-fg}`
        : '';
    const activity = hotlist ? `{yellow-fg}${escapeTags(hotlist)}{/yellow-fg} ` : '';
    // Padded here rather than with blessed's {|}, which gives up on lines within 3 columns of full.
    const used = [left, noticeText, activity, hint].reduce((sum, part) => sum + textWidth(plain(part)), 1);
    this.box.setContent(
      ` ${left}${noticeText}${' '.repeat(Math.max(0, area.width - used))}${activity}${hint}`,
    );
  }

  hide(): void {
    this.box.hide();
  }
}

import blessed from 'blessed';
import type { Notice, ParleyClient } from '../core/client';
import type { Area } from './layer';
import { connectionText } from './status-text';
import { escapeTags, textWidth, truncate } from './text-width';

const NOTICE_MS = 8000;
const COLORS: Record<Notice['level'], string> = { info: 'white', warn: 'yellow', error: 'red' };

/** The bottom line: connection state on the left, the latest notice after it, the help key on the right. */
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
    const hint = ' ? help ';
    const left = signedIn
      ? connectionText(
          this.client.connectionState,
          this.client.me?.username ?? null,
          this.client.outbox.unsent().length,
        )
      : `gateway ${escapeTags(this.client.urls.http)}`;
    const plainLeft = left.replace(/\{[^}]*\}/g, '');
    const notice = [this.local, this.client.notices.at(-1)]
      .filter((n): n is Notice => !!n && Date.now() - n.at < NOTICE_MS)
      .sort((a, b) => b.at - a.at)[0];
    const room = area.width - textWidth(plainLeft) - hint.length - 4;
    const noticeText =
      notice && room > 8
        ? ` │ {${COLORS[notice.level]}-fg}${escapeTags(truncate(notice.text, room))}{/${COLORS[notice.level]}-fg}`
        : '';
    this.box.setContent(` ${left}${noticeText}{|}${hint}`);
  }

  hide(): void {
    this.box.hide();
  }
}

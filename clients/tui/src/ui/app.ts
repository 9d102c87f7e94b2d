import blessed from 'blessed';
import type { ParleyClient } from '../core/client';
import { ChatView } from './chat-view';
import { ConfirmDialog } from './confirm-dialog';
import type { Shown } from './conversation-pane';
import { HelpDialog } from './help-dialog';
import type { KeyInfo } from './line-editor';
import type { Area, Layer } from './layer';
import { LoginView } from './login-view';
import { SearchDialog } from './search-dialog';
import { StatusBar } from './status-bar';

export const MIN_WIDTH = 60;
export const MIN_HEIGHT = 16;
const GATEWAY_PROBE_MS = 3000;

/**
 * The screen: the login form or the chat, a status bar, and at most one dialog on top. Every
 * change of client state schedules one redraw; keys go to the dialog if there is one, else the view.
 */
export class App {
  readonly screen: blessed.Widgets.Screen;
  private readonly login: LoginView;
  private readonly chat: ChatView;
  private readonly status: StatusBar;
  private readonly tooSmall: blessed.Widgets.BoxElement;
  private dialog: Layer | null = null;
  private renderPending = false;
  private ticker: NodeJS.Timeout | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly client: ParleyClient,
    private readonly exit: (code: number) => void,
  ) {
    // Draw with Unicode rather than the terminal's alternate character set: tmux and several
    // terminals show ACS as letters (lqqk) and map "·" to "~". Chat text needs Unicode anyway.
    process.env.NCURSES_NO_UTF8_ACS ??= '1';
    this.screen = blessed.screen({
      smartCSR: true,
      fullUnicode: true,
      forceUnicode: true,
      title: 'Parley',
      autoPadding: true,
      warnings: false,
    });
    const changed = () => this.scheduleRender();
    this.login = new LoginView(this.screen, client, changed);
    this.chat = new ChatView(this.screen, client, {
      openSearch: () =>
        this.openDialog(new SearchDialog(this.screen, client, changed, () => this.closeDialog())),
      confirm: (question, answer, confirmed) =>
        this.openDialog(
          new ConfirmDialog(this.screen, question, answer, (yes) => {
            this.closeDialog();
            if (yes) confirmed();
          }),
        ),
      say: (text, level) => {
        this.status.say(text, level);
        changed();
      },
    });
    this.status = new StatusBar(this.screen, client);
    this.tooSmall = blessed.box({
      parent: this.screen,
      tags: true,
      top: 0,
      left: 0,
      width: '100%',
      height: '100%',
      hidden: true,
    });
    this.unsubscribe.push(
      client.events.on('change', changed),
      client.events.on('notice', changed),
      client.events.on('auth', (state) => {
        if (state.kind === 'signed-out') {
          this.login.setReason(state.reason);
          this.probeGateway();
        }
      }),
    );
    this.screen.on('keypress', (ch: string | undefined, key: KeyInfo) => this.onKey(ch, key));
    this.screen.on('resize', changed);
    // The status bar counts down to the next reconnect attempt and lets notices expire.
    this.ticker = setInterval(changed, 1000);
  }

  start(): void {
    if (this.client.authStatus.kind === 'signed-out') this.probeGateway();
    this.renderNow();
  }

  /** Leaves the terminal as it was found, whatever state the client is in. */
  quit(code = 0): void {
    this.stopTimers();
    for (const off of this.unsubscribe) off();
    this.client.close();
    this.screen.destroy();
    this.exit(code);
  }

  private onKey(ch: string | undefined, key: KeyInfo): void {
    // Esc followed quickly by a key reaches us as one Meta key ("\x1b?"): take it as the two keys pressed.
    const seq = key.sequence;
    if (key.meta && seq?.length === 2 && seq[0] === '\x1b' && seq[1]! >= ' ') {
      this.onKey(undefined, { name: 'escape', full: 'escape', sequence: '\x1b' });
      const plain = seq[1]!;
      const name = /[A-Za-z]/.test(plain) ? plain.toLowerCase() : plain;
      return this.onKey(plain, { name, full: name, sequence: plain });
    }
    const name = key.full ?? key.name;
    if (name === 'C-c') return this.quit(0);
    // blessed reports Enter twice, as "return" and as "enter": only the second counts.
    if (key.name === 'return' || key.name === 'linefeed') return;
    if ((this.screen.width as number) < MIN_WIDTH || (this.screen.height as number) < MIN_HEIGHT) return;
    const signedIn = this.client.authStatus.kind === 'signed-in';
    if (this.dialog) {
      this.dialog.handleKey(ch, key);
    } else if (name === 'f1' || (ch === '?' && signedIn && !this.chat.typing)) {
      this.openDialog(new HelpDialog(this.screen, () => this.closeDialog()));
    } else if (signedIn && name === 'C-r') {
      this.client.retryNow();
    } else if (signedIn && name === 'C-l') {
      void this.client.logout();
    } else {
      (signedIn ? this.chat : this.login).handleKey(ch, key);
    }
    this.scheduleRender();
  }

  private openDialog(dialog: Layer): void {
    this.dialog?.hide();
    this.dialog = dialog;
    this.scheduleRender();
  }

  private closeDialog(): void {
    this.dialog?.hide();
    this.dialog = null;
    this.scheduleRender();
  }

  /** While the login form shows, keeps checking that the gateway answers, so the person knows before typing. */
  private probeGateway(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    if (this.client.authStatus.kind !== 'signed-out') return;
    void this.client.checkGateway().then((result) => {
      if (this.client.authStatus.kind !== 'signed-out') return;
      this.login.setGatewayProblem(result === true ? null : result.message);
      this.scheduleRender();
      this.probeTimer = setTimeout(() => this.probeGateway(), GATEWAY_PROBE_MS);
    });
  }

  private scheduleRender(): void {
    if (this.renderPending) return;
    this.renderPending = true;
    setImmediate(() => {
      this.renderPending = false;
      this.renderNow();
    });
  }

  private renderNow(): void {
    const width = this.screen.width as number;
    const height = this.screen.height as number;
    if (width < MIN_WIDTH || height < MIN_HEIGHT) {
      this.login.hide();
      this.chat.hide();
      this.status.hide();
      this.dialog?.hide();
      this.tooSmall.setContent(
        `\n The terminal is too small for Parley (${width}×${height}).\n Make it at least ${MIN_WIDTH}×${MIN_HEIGHT}, or press Ctrl-C to quit.`,
      );
      this.tooSmall.show();
      this.tooSmall.setFront();
      this.screen.render();
      return;
    }
    this.tooSmall.hide();
    const signedIn = this.client.authStatus.kind === 'signed-in';
    const main: Area = { top: 0, left: 0, width, height: height - 1 };
    let shown: Shown | null = null;
    if (signedIn) {
      this.login.hide();
      shown = this.chat.render(main);
    } else {
      this.chat.hide();
      this.login.render(main);
    }
    this.status.render({ top: height - 1, left: 0, width, height: 1 }, signedIn);
    this.dialog?.render(main);
    this.screen.render();
    // A dialog covers the conversation: what is behind it is not being read.
    if (shown && !this.dialog) this.client.shown(shown.peer, shown.seqs);
  }

  private stopTimers(): void {
    if (this.ticker) clearInterval(this.ticker);
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.ticker = null;
    this.probeTimer = null;
  }
}

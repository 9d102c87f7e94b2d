import type { Writable } from 'node:stream';
import blessed from 'blessed';
import type { Notice, ParleyClient } from '../core/client';
import { logoutNote } from '../core/logout-note';
import type { PreferencesFile } from '../core/preferences-store';
import { useTerminalWidths } from './blessed-unicode';
import { ChatView } from './chat-view';
import { ConfirmDialog } from './confirm-dialog';
import type { Shown } from './conversation-pane';
import { HelpDialog } from './help-dialog';
import type { KeyInfo } from './line-editor';
import type { Area, Layer } from './layer';
import { LoginView } from './login-view';
import { Notifier, unreadTotal } from './notifier';
import type { Asking } from './person-actions';
import { PasteDialog, isLargePaste } from './paste-dialog';
import { SearchDialog } from './search-dialog';
import { StatusBar } from './status-bar';
import { TERMINAL_REPORTS_OFF, TERMINAL_REPORTS_ON, TerminalInput } from './terminal-input';
import { escapeTags, wrap } from './text-width';

/** The smallest terminal every view and dialog is laid out for. */
export const MIN_WIDTH = 40;
export const MIN_HEIGHT = 12;
const GATEWAY_PROBE_MS = 3000;
/** Alt combinations the client binds: the rest are taken as Esc pressed just before the key. */
const ALT_KEYS: ReadonlySet<string> = new Set(['M-a']);

/**
 * The screen: the login form or the chat, a status bar, and at most one dialog on top. Every
 * change of client state schedules one redraw; keys go to the dialog if there is one, else the view.
 */
export class App {
  readonly screen: blessed.Widgets.Screen;
  /** The keys as blessed reads them, and the terminal's pastes and focus changes. */
  private readonly terminal = new TerminalInput(process.stdin);
  private readonly login: LoginView;
  private readonly chat: ChatView;
  private readonly status: StatusBar;
  private readonly tooSmall: blessed.Widgets.BoxElement;
  private readonly notifier: Notifier;
  private readonly asking: Asking;
  private dialog: Layer | null = null;
  private renderPending = false;
  private ticker: NodeJS.Timeout | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly client: ParleyClient,
    private readonly preferences: PreferencesFile,
    private readonly exit: (code: number) => void,
  ) {
    // Draw with Unicode rather than the terminal's alternate character set: tmux and several
    // terminals show ACS as letters (lqqk) and map "·" to "~". Chat text needs Unicode anyway.
    process.env.NCURSES_NO_UTF8_ACS ??= '1';
    this.screen = blessed.screen({
      // blessed's types have input and output the wrong way round.
      input: this.terminal as unknown as Writable,
      output: process.stdout,
      smartCSR: true,
      fullUnicode: true,
      forceUnicode: true,
      autoPadding: true,
      warnings: false,
    });
    useTerminalWidths(this.screen);
    // Every way out destroys the screen (blessed does it on exit): the terminal is left as found.
    process.stdout.write(TERMINAL_REPORTS_ON);
    this.screen.on('destroy', () => process.stdout.write(TERMINAL_REPORTS_OFF));
    const changed = () => this.scheduleRender();
    this.login = new LoginView(this.screen, client, changed);
    const asking: Asking = {
      confirm: (question: string, answers: readonly string[], done: (answer: string | null) => void) =>
        this.openDialog(
          new ConfirmDialog(this.screen, question, answers, (answer) => {
            this.closeDialog();
            done(answer);
          }),
        ),
      say: (text: string, level?: Notice['level']) => {
        this.status.say(text, level);
        changed();
      },
    };
    this.asking = asking;
    this.chat = new ChatView(this.screen, client, {
      ...asking,
      openSearch: (query) =>
        this.openDialog(new SearchDialog(this.screen, client, changed, () => this.closeDialog(), query)),
      openHelp: () => this.openHelp(),
      logout: () => this.askLogout(),
      quit: () => this.quit(0),
      setPreference: (name, on) =>
        void this.preferences
          .set(name, on)
          .catch((error: Error) => asking.say(`Not kept for the next run: ${error.message}`, 'warn')),
      confirmPaste: (text, paste) => {
        if (!isLargePaste(text)) return paste();
        this.openDialog(
          new PasteDialog(this.screen, text, (yes) => {
            this.closeDialog();
            if (yes) paste();
          }),
        );
      },
    });
    this.notifier = new Notifier(this.screen, () => this.preferences.current);
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
      client.events.on('incoming', ({ peer }) =>
        this.notifier.arrived(!this.dialog && client.conversation?.peerId === peer),
      ),
      client.events.on('auth', (state) => {
        if (state.kind === 'signed-in') this.chat.reset();
        if (state.kind === 'signed-out') {
          this.login.signedOut(state.reason);
          this.probeGateway();
        }
      }),
    );
    this.screen.on('keypress', (ch: string | undefined, key: KeyInfo) => this.onKey(ch, key));
    this.terminal.on('paste', (text) => this.onPaste(text));
    this.terminal.on('focus', () => this.notifier.setFocused(true));
    this.terminal.on('blur', () => this.notifier.setFocused(false));
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
    if (
      key.meta &&
      !ALT_KEYS.has(key.full ?? '') &&
      seq?.length === 2 &&
      seq[0] === '\x1b' &&
      seq[1]! >= ' '
    ) {
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
    } else if (name === 'C-l') {
      this.redraw();
    } else if (name === 'f1' || (ch === '?' && signedIn && !this.chat.typing)) {
      this.openHelp();
    } else if (signedIn && name === 'C-r') {
      this.client.retryNow();
    } else {
      (signedIn ? this.chat : this.login).handleKey(ch, key);
    }
    this.scheduleRender();
  }

  /** Ctrl-L, as in every terminal program: the whole screen drawn again from nothing. */
  private redraw(): void {
    this.screen.program.clear();
    this.screen.realloc();
    this.renderNow();
  }

  private openHelp(): void {
    this.openDialog(new HelpDialog(this.screen, () => this.closeDialog()));
  }

  /**
   * Logging out says what becomes of messages not yet sent: they wait here for their author. It
   * ends this device's session, or every session of mine.
   */
  private askLogout(): void {
    const here = 'Log out';
    const everywhere = 'Log out everywhere';
    this.asking.confirm(
      `Log out? ${logoutNote(this.client.unsentCount)}\n${everywhere} ends your sessions on every device.`,
      [here, everywhere],
      (answer) => {
        if (!answer) return;
        this.client
          .logout(answer === everywhere)
          .catch((error: Error) => this.asking.say(`Not logged out everywhere: ${error.message}`, 'error'));
      },
    );
  }

  private onPaste(text: string): void {
    if ((this.screen.width as number) < MIN_WIDTH || (this.screen.height as number) < MIN_HEIGHT) return;
    const signedIn = this.client.authStatus.kind === 'signed-in';
    (this.dialog ?? (signedIn ? this.chat : this.login)).paste?.(text);
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
      const say = `This terminal is too small (${width}×${height}): Parley needs at least ${MIN_WIDTH}×${MIN_HEIGHT}. Make it larger, or press Ctrl-C to quit.`;
      this.tooSmall.setContent(
        wrap(say, width - 1)
          .map((line) => ` ${escapeTags(line)}`)
          .join('\n'),
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
    this.notifier.showUnread(signedIn ? unreadTotal(this.client.contacts.list()) : 0);
  }

  private stopTimers(): void {
    if (this.ticker) clearInterval(this.ticker);
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.ticker = null;
    this.probeTimer = null;
  }
}

import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { waitUntil } from './eventually';

/**
 * One program in a detached tmux pane of a fixed size, on a tmux server of its own whose socket
 * lives in the test's folder (so tests never touch a person's sessions and leave nothing behind):
 * keys go in with send-keys, the screen comes out with capture-pane.
 */
export class TmuxPane {
  /** A terminal attached to the session, once the test needs one (see `setForeground`). */
  private client: ChildProcess | null = null;

  constructor(
    readonly name: string,
    private readonly socket: string,
    private readonly width = 120,
    private readonly height = 40,
  ) {}

  /** Runs `command` in a shell; after it exits the pane prints EXITED <code> and stays, so the end can be seen. */
  start(command: string, env: Record<string, string>): void {
    const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    this.tmux(
      'new-session',
      '-d',
      '-s',
      this.name,
      '-x',
      String(this.width),
      '-y',
      String(this.height),
      ...envArgs,
      `${command}; echo EXITED $?; sleep 600`,
    );
    this.tmux('set-hook', '-t', this.name, 'alert-bell', `run-shell 'echo >> ${this.bellFile}'`);
  }

  /** How many times the program rang the terminal bell. */
  bells(): number {
    return existsSync(this.bellFile) ? readFileSync(this.bellFile, 'utf8').split('\n').length - 1 : 0;
  }

  /** The terminal title the program set. */
  title(): string {
    return this.tmux('display-message', '-p', '-t', this.name, '#{pane_title}').trimEnd();
  }

  /**
   * Puts the program's terminal in the background (another window chosen) or back in front, as a
   * person switching away does. tmux reports focus only to panes of an attached session, so the
   * first call attaches a terminal of the pane's size, through `script`, without a status line.
   */
  async setForeground(foreground: boolean): Promise<void> {
    if (!this.client) {
      this.tmux('set-option', '-s', 'focus-events', 'on');
      this.tmux('set-option', '-t', this.name, 'status', 'off');
      this.tmux('new-window', '-d', '-t', `${this.name}:9`, 'sleep 600');
      const attach = `stty cols ${this.width} rows ${this.height}; tmux -S ${this.socket} attach -t ${this.name}`;
      this.client = spawn('script', ['-qfc', attach, '/dev/null'], { stdio: 'ignore' });
      await waitUntil(() => this.tmux('list-clients', '-t', this.name).includes('attached'), {
        timeoutMs: 5000,
        what: `a terminal attached to ${this.name}`,
      });
    }
    this.tmux('select-window', '-t', `${this.name}:${foreground ? 0 : 9}`);
  }

  private get bellFile(): string {
    return `${this.socket}.${this.name}.bells`;
  }

  capture(): string {
    return this.tmux('capture-pane', '-p', '-t', this.name);
  }

  /** tmux's own view of the terminal: whether the alternate screen is on and the cursor shown. */
  terminalState(): { alternateScreen: boolean; cursorVisible: boolean } {
    const [alt, cursor] = this.tmux(
      'display-message',
      '-p',
      '-t',
      this.name,
      '#{alternate_on} #{cursor_flag}',
    )
      .trim()
      .split(' ');
    return { alternateScreen: alt === '1', cursorVisible: cursor === '1' };
  }

  type(text: string): void {
    this.tmux('send-keys', '-t', this.name, '-l', text);
  }

  /**
   * Pastes `text` as a terminal does: wrapped in bracketed-paste markers when the program asked for
   * them, as typed keys otherwise.
   */
  paste(text: string): void {
    const buffer = `parley-${process.pid}`;
    this.tmux('set-buffer', '-b', buffer, '--', text);
    this.tmux('paste-buffer', '-p', '-d', '-b', buffer, '-t', this.name);
  }

  /** Named keys: Enter, Tab, Escape, C-c, PPage… */
  press(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.name, ...keys);
  }

  resize(width: number, height: number): void {
    this.tmux('resize-window', '-t', this.name, '-x', String(width), '-y', String(height));
  }

  async waitFor(pattern: RegExp, timeoutMs = 8000): Promise<string> {
    return this.waitUntil((screen) => pattern.test(screen), String(pattern), timeoutMs);
  }

  /** The screen once `ok` holds for it; `what` names the wait when the time runs out. */
  async waitUntil(ok: (screen: string) => boolean, what: string, timeoutMs = 8000): Promise<string> {
    let screen = '';
    return waitUntil(
      () => {
        screen = this.capture();
        return ok(screen) && screen;
      },
      { timeoutMs, what: `${what} on screen ${this.name}`, details: () => screen },
    );
  }

  kill(): void {
    this.client?.kill();
    try {
      this.tmux('kill-session', '-t', this.name);
    } catch {
      // already gone
    }
  }

  private tmux(...args: string[]): string {
    try {
      return execFileSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new Error('tmux is needed for the terminal tests: apt-get install tmux');
      throw error;
    }
  }
}

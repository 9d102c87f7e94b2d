import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TmuxPane, pause } from '@parley/testing';

const TUI = resolve(__dirname, '../../../../clients/tui/dist/src/main.js');

/**
 * Real terminal clients in tmux against one gateway, each with a home of its own, and the steps
 * a person takes in them: registering, logging in, adding someone through the search dialog.
 */
export class TerminalSessions {
  private readonly panes: TmuxPane[] = [];

  private constructor(
    private readonly gatewayUrl: string,
    private readonly home: string,
  ) {}

  static async create(gatewayUrl: string): Promise<TerminalSessions> {
    return new TerminalSessions(gatewayUrl, await mkdtemp(join(tmpdir(), 'parley-tui-e2e-')));
  }

  /** A client in a terminal of `size` columns × rows (120×40 unless given). */
  open(name: string, size?: { width: number; height: number }): TmuxPane {
    const pane = new TmuxPane(name, join(this.home, 'tmux.sock'), size?.width, size?.height);
    this.panes.push(pane);
    pane.start(`node ${TUI} --gateway ${this.gatewayUrl}`, { PARLEY_HOME: join(this.home, name) });
    return pane;
  }

  async dispose(): Promise<void> {
    for (const pane of this.panes.splice(0)) pane.kill();
    await rm(this.home, { recursive: true, force: true });
  }
}

/** The password `register` gives an account. */
export const passwordOf = (username: string): string => `${username}-password`;

export async function register(pane: TmuxPane, first: string, last: string, username: string): Promise<void> {
  await pane.waitFor(/Parley · log in/, 15_000);
  pane.press('Tab', 'Tab', 'Tab');
  await pause(100);
  pane.press('Enter');
  await pane.waitFor(/Parley · create an account/);
  for (const [i, value] of [
    first,
    last,
    `${username}@example.test`,
    username,
    passwordOf(username),
  ].entries()) {
    if (i > 0) pane.press('Tab');
    pane.type(value);
  }
  pane.press('Enter');
  await pane.waitFor(new RegExp(`online as ${username}`), 15_000);
}

export async function logIn(pane: TmuxPane, username: string, password: string): Promise<void> {
  await pane.waitFor(/Parley · log in/, 15_000);
  // The form keeps the username of the last login: Ctrl-U empties each field first.
  pane.press('C-u');
  pane.type(username);
  pane.press('Tab', 'C-u');
  pane.type(password);
  pane.press('Enter');
  await pane.waitFor(new RegExp(`online as ${username}`), 15_000);
}

/** Waits until the contacts pane lists `username`: anything else on screen may name them before the list is loaded. */
export function whenListed(pane: TmuxPane, username: string): Promise<string> {
  return pane.waitFor(new RegExp(`[●○◌◇⊘] ${username}\\b`), 15_000);
}

/** Through the search dialog: Ctrl-F, the username, Enter on the result, Esc. */
export async function addContact(pane: TmuxPane, username: string): Promise<void> {
  pane.press('C-f');
  await pause(200);
  pane.type(username);
  await pane.waitFor(new RegExp(`@?${username}`));
  await pause(500);
  pane.press('Enter');
  await pause(500);
  pane.press('Escape');
}

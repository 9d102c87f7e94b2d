import { rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Session } from '@parley/contracts';
import { withFileLock } from './file-lock';
import { readJsonFile, writePrivateFile } from './private-file';

/** $PARLEY_HOME, else the XDG config folder: where the session token is kept between runs. */
export function defaultSessionDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PARLEY_HOME) return env.PARLEY_HOME;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'parley');
}

/**
 * The token file. It holds a refresh token, so it is readable by its owner only, and it is written
 * through a temporary file and a rename so that a crash never leaves half a token behind.
 * A session is kept per gateway: one for another gateway is not offered.
 */
export class SessionStore {
  readonly file: string;

  constructor(
    readonly dir: string,
    private readonly gateway: string,
  ) {
    this.file = join(dir, 'session.json');
  }

  async load(): Promise<Session | null> {
    const json = await readJsonFile(this.file);
    if (typeof json !== 'object' || json === null || !('gateway' in json) || json.gateway !== this.gateway)
      return null;
    const parsed = Session.safeParse('session' in json ? json.session : undefined);
    return parsed.success ? parsed.data : null;
  }

  async save(session: Session): Promise<void> {
    await writePrivateFile(this.file, JSON.stringify({ gateway: this.gateway, session }));
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }

  /**
   * Runs `rotation` alone among every run of Parley using this folder: two that spent the same
   * refresh token would have the session ended as stolen.
   */
  rotating<T>(rotation: () => Promise<T>): Promise<T> {
    return withFileLock(join(this.dir, 'session.lock'), rotation);
  }
}

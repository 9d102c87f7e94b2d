import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A lock left by a run that died while holding it is taken over once it is this old. */
const STALE_AFTER_MS = 15_000;
const POLL_MS = 25;

/**
 * Runs `work` while holding `file`, a lock taken by creating the file (which fails while another
 * holder has it) and given back by deleting it: mutual exclusion between processes sharing a folder.
 */
export async function withFileLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  for (;;) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = await stat(file).catch(() => null);
      if (held && Date.now() - held.mtimeMs > STALE_AFTER_MS) await rm(file, { force: true });
      else await sleep(POLL_MS);
    }
  }
  try {
    return await work();
  } finally {
    await rm(file, { force: true });
  }
}

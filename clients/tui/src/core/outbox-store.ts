import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ClientMsgId, ErrorBody, MessageText, UserId } from '@parley/contracts';
import { z } from 'zod';
import type { OutboxEntry } from './outbox';
import { readJsonFile, writePrivateFile } from './private-file';

const StoredEntry = z.object({
  clientMsgId: ClientMsgId,
  to: UserId,
  text: MessageText,
  createdAt: z.iso.datetime(),
  status: z.enum(['sending', 'sent', 'failed']),
  messageId: z.string().optional(),
  recipientOnline: z.boolean().optional(),
  error: ErrorBody.optional(),
});

/**
 * Each person's unsent messages on disk, next to the session, so that quitting (or a crash) while
 * offline loses nothing: they go out at the next start. Readable by its owner only, like the
 * session file. An entry that does not read back as one is left out.
 */
export class OutboxStore {
  constructor(private readonly dir: string) {}

  fileOf(userId: UserId): string {
    return join(this.dir, `outbox-${userId}.json`);
  }

  async load(userId: UserId): Promise<OutboxEntry[]> {
    const json = await readJsonFile(this.fileOf(userId));
    if (!Array.isArray(json)) return [];
    return json.flatMap((item) => {
      const parsed = StoredEntry.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    });
  }

  async save(userId: UserId, entries: readonly OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return this.clear(userId);
    await writePrivateFile(this.fileOf(userId), JSON.stringify(entries));
  }

  async clear(userId: UserId): Promise<void> {
    await rm(this.fileOf(userId), { force: true });
  }
}

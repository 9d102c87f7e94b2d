import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writePrivateFile } from './private-file';

/** How the client may get a person's attention; both on unless turned off. */
export const Preferences = z.object({
  /** The terminal bell for a message that arrives out of view. */
  bell: z.boolean().default(true),
  /** The count of unread messages in the terminal title. */
  title: z.boolean().default(true),
});
export type Preferences = z.infer<typeof Preferences>;

/** `preferences.json` beside the session: kept between runs, for whoever uses this terminal. */
export class PreferencesFile {
  private constructor(
    private readonly file: string,
    private preferences: Preferences,
  ) {}

  /** What was saved in `dir`; a file that does not read as preferences gives the defaults. */
  static async open(dir: string): Promise<PreferencesFile> {
    const file = join(dir, 'preferences.json');
    const parsed = Preferences.safeParse((await readJsonFile(file)) ?? {});
    return new PreferencesFile(file, parsed.success ? parsed.data : Preferences.parse({}));
  }

  get current(): Preferences {
    return this.preferences;
  }

  /** In effect at once; kept for the next run once written. */
  set(name: keyof Preferences, on: boolean): Promise<void> {
    this.preferences = { ...this.preferences, [name]: on };
    return writePrivateFile(this.file, JSON.stringify(this.preferences));
  }
}

import type blessed from 'blessed';
import type { PublicUser } from '@parley/contracts';
import type { ParleyClient } from '../core/client';
import { asParleyError } from '../core/errors';
import { addPerson } from './person-actions';
import { searchTag } from './contact-text';
import type { KeyInfo } from './line-editor';
import { LineEditor } from './line-editor';
import type { Area, Layer } from './layer';
import { centerIn, dialogBox } from './dialog-box';
import { escapeTags, padEnd, truncate, wrap } from './text-width';

const SEARCH_DELAY_MS = 250;

/** Find people by name or username and add one (or accept their request), without leaving the chat. */
export class SearchDialog implements Layer {
  private readonly box: blessed.Widgets.BoxElement;
  private readonly query = new LineEditor(null, 64);
  private results: PublicUser[] = [];
  private nextOffset: number | null = null;
  private selected = 0;
  private message: { text: string; level: 'info' | 'error' } | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Only the answer to the latest query is shown, whatever order answers arrive in. */
  private generation = 0;
  private searching = false;

  constructor(
    screen: blessed.Widgets.Screen,
    private readonly client: ParleyClient,
    private readonly changed: () => void,
    private readonly close: () => void,
    query = '',
  ) {
    this.box = dialogBox(screen, ' Find people ');
    if (query) {
      this.query.value = query;
      this.scheduleSearch();
    }
  }

  handleKey(ch: string | undefined, key: KeyInfo): boolean {
    switch (key.full ?? key.name) {
      case 'escape':
        this.close();
        return true;
      case 'up':
        this.selected = Math.max(0, this.selected - 1);
        return true;
      case 'down':
        if (this.selected === this.results.length - 1 && this.nextOffset !== null)
          void this.search(this.nextOffset);
        this.selected = Math.min(Math.max(0, this.results.length - 1), this.selected + 1);
        return true;
      case 'enter':
        void this.add();
        return true;
    }
    if (!this.query.handle(ch, key)) return false;
    this.scheduleSearch();
    return true;
  }

  paste(text: string): void {
    this.query.insert(text);
    this.scheduleSearch();
  }

  private scheduleSearch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.search(0), SEARCH_DELAY_MS);
  }

  private async search(offset: number): Promise<void> {
    const query = this.query.value.trim();
    const generation = ++this.generation;
    if (!query) {
      this.results = [];
      this.nextOffset = null;
      this.changed();
      return;
    }
    this.searching = true;
    this.changed();
    try {
      const page = await this.client.search(query, offset);
      if (generation !== this.generation) return;
      this.results = offset === 0 ? page.users : this.results.concat(page.users);
      this.nextOffset = page.nextOffset;
      if (offset === 0) this.selected = 0;
      this.message = null;
    } catch (error) {
      if (generation === this.generation)
        this.message = { text: asParleyError(error).message, level: 'error' };
    } finally {
      if (generation === this.generation) this.searching = false;
      this.changed();
    }
  }

  /** The chosen result, or, with no results, the query taken as a username. */
  private async add(): Promise<void> {
    const username = this.results[this.selected]?.username ?? this.query.value.trim().toLowerCase();
    if (!username) return;
    this.message = { text: `Adding ${username}…`, level: 'info' };
    this.changed();
    const added = await addPerson(this.client, username);
    this.message = {
      text: added.level === 'info' ? `${added.text} Esc to go back.` : added.text,
      level: added.level,
    };
    this.changed();
  }

  render(area: Area): void {
    const width = Math.min(70, area.width - 4);
    const height = Math.min(22, area.height - 2);
    const inner = width - 4;
    const me = this.client.me?.userId;
    const lines = [
      `Name or username: {underline}${this.query.render(Math.max(10, inner - 18), true)}{/underline}`,
      '',
    ];
    const rows = Math.max(1, height - 8);
    const start = Math.max(0, Math.min(this.selected - rows + 1, this.results.length - rows));
    if (this.searching && this.results.length === 0) lines.push('{gray-fg}searching…{/gray-fg}');
    else if (this.query.value.trim() && this.results.length === 0)
      lines.push('{gray-fg}no one found; Enter adds the username as typed{/gray-fg}');
    for (let i = Math.max(0, start); i < Math.min(this.results.length, start + rows); i++) {
      const u = this.results[i]!;
      const tag = u.userId === me ? ' (you)' : searchTag(this.client.contacts.get(u.userId));
      const text = padEnd(
        truncate(`${u.username}  ${u.firstName} ${u.lastName}${tag}`, inner - 2),
        inner - 2,
      );
      lines.push(i === this.selected ? `{inverse}▸ ${escapeTags(text)}{/inverse}` : `  ${escapeTags(text)}`);
    }
    while (lines.length < rows + 2) lines.push('');
    lines.push('');
    if (this.message)
      lines.push(
        `{${this.message.level === 'error' ? 'red' : 'green'}-fg}${escapeTags(truncate(this.message.text, inner))}{/}`,
      );
    else lines.push('');
    for (const line of wrap('↑↓ choose · Enter adds (or accepts) · Esc closes', inner))
      lines.push(`{gray-fg}${line}{/gray-fg}`);
    centerIn(this.box, area, width, Math.min(height, lines.length + 2));
    this.box.setContent(lines.join('\n'));
  }

  hide(): void {
    if (this.timer) clearTimeout(this.timer);
    this.box.destroy();
  }
}

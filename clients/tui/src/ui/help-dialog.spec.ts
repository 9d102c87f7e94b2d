import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS } from './commands';
import { helpLines, KEYS } from './help-dialog';

const README = join(__dirname, '../../../README.md');

/** The rows of the README's key and command tables, as [key or command, what it does]. */
function referenceRows(): Array<[string, string]> {
  const text = readFileSync(README, 'utf8');
  const section = text.slice(text.indexOf('## Keys and commands'));
  return section
    .slice(0, section.indexOf('\n## ', 1))
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) =>
          cell
            .trim()
            .replace(/\\\|/g, '|')
            .replace(/^`(.*)`$/, '$1'),
        ),
    )
    .filter(([first]) => first !== 'Key' && first !== 'Command' && !/^-+$/.test(first!))
    .map(([key, what]): [string, string] => [key!, what!]);
}

describe('the help', () => {
  it('is what the README lists as the key and command reference, in the same order', () => {
    assert.deepEqual(
      referenceRows(),
      helpLines().filter(([key]) => key !== ''),
    );
  });

  it('names every key the contacts pane names, and every command', () => {
    const keys = KEYS.map(([key]) => key);
    for (const key of ['Delete', 'Ctrl-F', 'Alt-A', 'Ctrl-L']) assert.ok(keys.includes(key), key);
    const usages = helpLines().map(([usage]) => usage);
    for (const command of COMMANDS) assert.ok(usages.includes(command.usage), command.usage);
  });
});

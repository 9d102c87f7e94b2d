import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIN_HEIGHT } from './app';
import { KEYS } from './help-dialog';
import { textWidth } from './text-width';

describe('the keys', () => {
  it('fit the smallest screen the client draws', () => {
    // Inside the dialog's border and padding, below which the status bar takes a line.
    assert.ok(KEYS.length + 2 <= MIN_HEIGHT - 1);
    for (const [key, what] of KEYS) assert.ok(19 + textWidth(what) <= 56, `${key}: ${what}`);
  });

  it('name every key the contacts pane takes', () => {
    const all = KEYS.map(([key]) => key).join(' ');
    for (const key of ['+', 'i', 'b', 'u', 'd', 'a']) assert.ok(all.split(/\s+/).includes(key), key);
  });
});

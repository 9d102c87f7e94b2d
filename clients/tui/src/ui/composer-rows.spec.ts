import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composerRows, rowOf } from './composer-rows';

const shown = (text: string, width: number) =>
  composerRows(text, width).map((r) => text.slice(r.start, r.end));

describe('composerRows', () => {
  it('wraps at spaces, keeping the last column for the cursor', () => {
    assert.deepEqual(shown('one two three', 9), ['one two ', 'three']);
    assert.deepEqual(shown('one two', 8), ['one two']);
  });

  it('breaks a word longer than a row, and keeps line breaks', () => {
    assert.deepEqual(shown('abcdefghij\n\nend', 5), ['abcd', 'efgh', 'ij', '', 'end']);
  });

  it('counts wide characters as two columns', () => {
    assert.deepEqual(shown('日本語の文', 5), ['日本', '語の', '文']);
  });

  it('has one empty row for no text and after a final line break', () => {
    assert.deepEqual(shown('', 10), ['']);
    assert.deepEqual(shown('hi\n', 10), ['hi', '']);
  });

  it('puts the cursor at the end of a wrapped row at the start of the next one', () => {
    const text = 'one two three\nx';
    const rows = composerRows(text, 9);
    assert.equal(rowOf(rows, 'one two '.length), 1);
    assert.equal(rowOf(rows, 'one two three'.length), 1, 'before a line break, on its line');
    assert.equal(rowOf(rows, text.length), 2);
  });
});

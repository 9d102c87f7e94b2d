import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeTags, padEnd, textWidth, truncate, wrap } from './text-width';

describe('text width', () => {
  it('counts wide characters twice and combining marks not at all', () => {
    assert.equal(textWidth('abc'), 3);
    assert.equal(textWidth('日本'), 4);
    assert.equal(textWidth('e\u0301'), 1);
    assert.equal(textWidth('👍'), 2);
  });

  it('wraps at spaces, keeps typed newlines, and breaks words longer than a line', () => {
    assert.deepEqual(wrap('the quick brown fox', 10), ['the quick', 'brown fox']);
    assert.deepEqual(wrap('a\nb', 10), ['a', 'b']);
    assert.deepEqual(wrap('abcdefghij klm', 4), ['abcd', 'efgh', 'ij', 'klm']);
    assert.deepEqual(wrap('', 5), ['']);
  });

  it('never lets a line exceed the width, with wide characters too', () => {
    for (const line of wrap('日本語のテキストです hello world', 5)) assert.ok(textWidth(line) <= 5, line);
  });

  it('turns control characters into spaces so text cannot move the cursor', () => {
    assert.deepEqual(wrap('a\u001b[2Jb', 20), ['a [2Jb']);
  });

  it('truncates with an ellipsis and pads to a width', () => {
    assert.equal(truncate('alexander', 5), 'alex…');
    assert.equal(truncate('bob', 5), 'bob');
    assert.equal(padEnd('ab', 4), 'ab  ');
  });

  it('escapes blessed tags', () => {
    assert.equal(escapeTags('{bold}x{/bold}'), '{open}bold{close}x{open}/bold{close}');
  });
});

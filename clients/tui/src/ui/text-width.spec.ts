import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cells, escapeTags, graphemes, padEnd, textWidth, truncate, wrap } from './text-width';

describe('text width', () => {
  it('counts wide characters twice and combining marks not at all', () => {
    assert.equal(textWidth('abc'), 3);
    assert.equal(textWidth('日本'), 4);
    assert.equal(textWidth('e\u0301'), 1);
    assert.equal(textWidth('👍'), 2);
  });

  it('measures what people send as tmux draws it', () => {
    // Each width below was read from tmux 3.3a's cursor after printing the text.
    const measured: Array<[string, number]> = [
      ['😀', 2],
      ['👍🏽', 4],
      ['👩‍💻', 2],
      ['👨‍👩‍👧', 2],
      ['🧑‍🤝‍🧑', 2],
      ['👨🏽‍💻', 4],
      ['🏳️‍🌈', 1],
      ['❤️', 1],
      ['❤️‍🔥', 1],
      ['🚶‍♂️', 2],
      ['🇩🇪', 2],
      ['🇩', 1],
      ['🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}', 2],
      ['é', 1],
      ['e\u0301', 1],
      ['日本', 4],
      ['Ａ', 2],
      ['\u3000', 2],
      ['שלום', 4],
      ['السلام', 6],
      ['क्ष', 2],
      ['กิ', 1],
      ['\u00ad', 1],
      ['\u0600', 1],
      ['\u200b\u200e\u200f\u2060\ufeff', 0],
      ['\u1160\u11a8', 0],
      ['\u115f', 2],
      ['⌚⚡⭐', 6],
      ['♀', 1],
    ];
    for (const [text, width] of measured) assert.equal(textWidth(text), width, JSON.stringify(text));
  });

  it('counts a control character as the blank the client shows instead', () => {
    assert.equal(textWidth('a\tb\x1bc'), 5);
  });

  it('splits text into the clusters a reader sees as one character', () => {
    assert.deepEqual(graphemes('a👩‍💻é👍🏽🇩🇪'), ['a', '👩‍💻', 'é', '👍🏽', '🇩🇪']);
    assert.deepEqual(graphemes(''), []);
  });

  it('puts what the terminal joins into one cell, and a tone or a flag half in cells of their own', () => {
    assert.deepEqual(cells('a👩‍💻e\u0301'), [
      { text: 'a', width: 1 },
      { text: '👩‍💻', width: 2 },
      { text: 'e\u0301', width: 1 },
    ]);
    assert.deepEqual(cells('👍🏽🇩🇪'), [
      { text: '👍', width: 2 },
      { text: '🏽', width: 2 },
      { text: '🇩', width: 1 },
      { text: '🇪', width: 1 },
    ]);
  });

  it('leaves out what would join what does not belong to it', () => {
    // A mark with nothing before it, and a joiner at a cluster's end (a terminal joins whatever comes next).
    assert.deepEqual(cells('\u0301x'), [{ text: 'x', width: 1 }]);
    assert.deepEqual(cells('a\u200d😀'), [
      { text: 'a', width: 1 },
      { text: '😀', width: 2 },
    ]);
    assert.equal(textWidth('a\u200d😀'), 3);
  });

  it('shows a code point Unicode has not assigned as U+FFFD, one column', () => {
    assert.deepEqual(cells('a\u0378b'), [
      { text: 'a', width: 1 },
      { text: '\ufffd', width: 1 },
      { text: 'b', width: 1 },
    ]);
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

  it('never wraps or truncates through a grapheme cluster', () => {
    assert.deepEqual(wrap('👩‍💻👩‍💻👩‍💻', 4), ['👩‍💻👩‍💻', '👩‍💻']);
    assert.deepEqual(wrap('ab👍🏽', 4), ['ab', '👍🏽']);
    assert.deepEqual(wrap('cafe\u0301 au lait', 5), ['cafe\u0301', 'au', 'lait']);
    assert.deepEqual(wrap('x \u0301y', 2), ['x \u0301', 'y']);
    assert.equal(truncate('🇩🇪🇫🇷🇮🇹', 5), '🇩🇪🇫🇷…');
    assert.equal(truncate('ab👍🏽', 5), 'ab…');
    assert.equal(padEnd('日本', 6), '日本  ');
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

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Composer } from './composer';
import { isLargePaste, pasteSize } from './paste-dialog';

function composer(maxLength = 100) {
  const sent: string[] = [];
  const refused: string[] = [];
  const c = new Composer(maxLength, {
    submit: (text) => (sent.push(text), true),
    refuse: (why) => refused.push(why),
  });
  return { c, sent, refused };
}
const type = (c: Composer, text: string) => {
  for (const ch of text) c.handle(ch, { name: ch, full: ch });
};
const press = (c: Composer, full: string) => c.handle(undefined, { name: full.replace(/^.-/, ''), full });

describe('Composer', () => {
  it('sends on Enter, starts a line on Alt-Enter or Shift-Enter, and empties after sending', () => {
    const { c, sent } = composer();
    type(c, 'one');
    press(c, 'M-enter');
    type(c, 'two');
    press(c, 'S-enter');
    type(c, 'three');
    press(c, 'enter');
    assert.deepEqual(sent, ['one\ntwo\nthree']);
    assert.equal(c.value, '');
    press(c, 'enter');
    assert.deepEqual(sent, ['one\ntwo\nthree'], 'an empty composer sends nothing');
  });

  it('keeps the text when it was not taken', () => {
    const c = new Composer(100, { submit: () => false, refuse: () => {} });
    type(c, 'offline');
    press(c, 'enter');
    assert.equal(c.value, 'offline');
  });

  it('counts near the limit and refuses over it, saying by how much, keeping the text', () => {
    const { c, sent, refused } = composer(4096);
    c.value = 'x'.repeat(3600);
    assert.equal(c.counter(), null);
    c.value = 'x'.repeat(3900);
    assert.equal(c.counter(), '3,900/4,096');
    c.value = 'x'.repeat(6000);
    assert.equal(c.counter(), '6,000/4,096 · 1,904 too long');
    press(c, 'enter');
    assert.deepEqual(sent, []);
    assert.deepEqual(refused, ['Not sent: 1,904 characters too long (6,000, at most 4,096)']);
    assert.equal(c.value.length, 6000);
  });

  it('moves between rows with Up and Down, and beyond them through what was sent', () => {
    const { c } = composer();
    type(c, 'sent before');
    press(c, 'enter');
    type(c, 'top');
    press(c, 'M-enter');
    type(c, 'bottom');
    c.render(20, 3, true);
    press(c, 'up');
    assert.equal(c.cursor, 'top'.length, 'Up moves to the row above, as near the column as it goes');
    press(c, 'up');
    assert.equal(c.value, 'sent before', 'from the first row Up recalls');
    press(c, 'down');
    assert.equal(c.value, 'top\nbottom', 'and Down brings the draft back');
  });

  it('draws the rows around the cursor, the cursor inverse and what is too long in red', () => {
    const { c } = composer(5);
    c.value = 'abcdefg';
    assert.deepEqual(c.render(10, 1, true), [
      'abcde{red-fg}f{/red-fg}{red-fg}g{/red-fg}{inverse} {/inverse}  ',
    ]);
    const tall = composer().c;
    tall.value = 'a\nb\nc\nd';
    assert.deepEqual(tall.render(4, 2, false), ['c   ', 'd   ']);
    tall.cursor = 0;
    assert.deepEqual(tall.render(4, 2, true), ['{inverse}a{/inverse}   ', 'b   ']);
    assert.equal(tall.rowCount(4), 4);
  });

  it('shows a pasted tab or escape as a blank rather than sending it to the terminal', () => {
    const { c } = composer();
    c.value = 'a\tb\x1bc';
    assert.deepEqual(c.render(8, 1, false), ['a b c   ']);
  });
});

describe('large pastes', () => {
  it('are those over 5 lines or 2,000 characters, named by their size', () => {
    assert.equal(isLargePaste('1\n2\n3\n4\n5'), false);
    assert.equal(isLargePaste('1\n2\n3\n4\n5\n6'), true);
    assert.equal(isLargePaste('x'.repeat(2000)), false);
    assert.equal(isLargePaste('x'.repeat(2001)), true);
    assert.equal(pasteSize('1\n2'), '2 lines');
    assert.equal(pasteSize('x'.repeat(6000)), '6,000 characters');
  });
});

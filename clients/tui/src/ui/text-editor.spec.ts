import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextEditor } from './text-editor';

const editor = (text: string, cursor = text.length) => {
  const e = new TextEditor();
  e.value = text;
  e.cursor = cursor;
  return e;
};
const press = (e: TextEditor, name: string, ctrl = false) =>
  e.handle(undefined, { name, full: ctrl ? `C-${name}` : name, ctrl });

describe('TextEditor', () => {
  it('moves over and deletes an emoji with its modifiers, or a letter with its accent, as one', () => {
    const e = editor('a👍🏽e\u0301');
    press(e, 'backspace');
    assert.equal(e.value, 'a👍🏽');
    press(e, 'left');
    assert.equal(e.cursor, 1);
    press(e, 'delete');
    assert.equal(e.value, 'a');
    const family = editor('👨‍👩‍👧x', 0);
    press(family, 'right');
    assert.equal(family.cursor, '👨‍👩‍👧'.length);
  });

  it('keeps Home, End, Ctrl-U and Ctrl-K to the line of the cursor', () => {
    const e = editor('one\ntwo three\nfour', 'one\ntwo'.length);
    press(e, 'home');
    assert.equal(e.cursor, 4);
    press(e, 'end');
    assert.equal(e.cursor, 'one\ntwo three'.length);
    press(e, 'u', true);
    assert.equal(e.value, 'one\n\nfour');
    press(e, 'k', true);
    assert.equal(e.value, 'one\nfour', 'at the end of a line Ctrl-K joins the next');
  });

  it('deletes the word before the cursor with Ctrl-W, across the spaces after it', () => {
    const e = editor('say hello  ');
    press(e, 'w', true);
    assert.equal(e.value, 'say ');
  });

  it('replaces a range and puts the cursor after it, for completion', () => {
    const e = editor('/rem bo', 4);
    e.replaceRange(0, 4, '/remove');
    assert.equal(e.value, '/remove bo');
    assert.equal(e.cursor, 7);
    assert.throws(() => e.replaceRange(3, 20, ''), /outside a text of 10/);
  });

  it('puts the cursor on a character boundary whatever offset it is given', () => {
    const e = editor('😀x');
    e.cursor = 1;
    assert.equal(e.cursor, 0);
    e.cursor = 99;
    assert.equal(e.cursor, 3);
  });
});

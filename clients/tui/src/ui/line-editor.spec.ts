import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineEditor } from './line-editor';

function type(editor: LineEditor, text: string): void {
  for (const ch of text) editor.handle(ch, { name: ch });
}

describe('LineEditor', () => {
  it('inserts at the cursor and moves it with the arrows, Home and End', () => {
    const e = new LineEditor();
    type(e, 'helo');
    e.handle(undefined, { name: 'left' });
    type(e, 'l');
    assert.equal(e.value, 'hello');
    e.handle(undefined, { name: 'home' });
    type(e, '> ');
    e.handle(undefined, { name: 'end' });
    type(e, '!');
    assert.equal(e.value, '> hello!');
  });

  it('deletes backwards, forwards, a word and the line', () => {
    const e = new LineEditor();
    type(e, 'one two three');
    e.handle(undefined, { name: 'backspace' });
    assert.equal(e.value, 'one two thre');
    e.handle(undefined, { name: 'w', full: 'C-w', ctrl: true });
    assert.equal(e.value, 'one two ');
    e.handle(undefined, { name: 'home' });
    e.handle(undefined, { name: 'delete' });
    assert.equal(e.value, 'ne two ');
    e.handle(undefined, { name: 'end' });
    e.handle(undefined, { name: 'u', full: 'C-u', ctrl: true });
    assert.equal(e.value, '');
  });

  it('leaves keys it does not edit with to the caller', () => {
    const e = new LineEditor();
    assert.equal(e.handle('\t', { name: 'tab' }), false);
    assert.equal(e.handle(undefined, { name: 'enter' }), false);
    assert.equal(e.handle(undefined, { name: 'c', full: 'C-c', ctrl: true }), false);
    assert.equal(e.value, '');
  });

  it('stops at its maximum length', () => {
    const e = new LineEditor(null, 3);
    type(e, 'abcdef');
    assert.equal(e.value, 'abc');
  });

  it('draws a password as its mask, with the cursor', () => {
    const e = new LineEditor('*');
    type(e, 'secret');
    assert.equal(e.render(10, true), '******{inverse} {/inverse}   ');
    assert.equal(e.render(10, false), '******    ');
  });

  it('scrolls so the cursor stays in view on a narrow field', () => {
    const e = new LineEditor();
    type(e, 'abcdefghij');
    assert.equal(e.render(5, true), 'ghij{inverse} {/inverse}');
    e.handle(undefined, { name: 'home' });
    assert.equal(e.render(5, true), '{inverse}a{/inverse}bcde');
  });

  it('keeps typed braces from becoming blessed tags', () => {
    const e = new LineEditor();
    type(e, '{b}');
    assert.equal(e.render(4, false), '{open}b{close} ');
  });
});

describe('LineEditor, pasted into', () => {
  it('takes a paste as one line: without its last line break, others as spaces', () => {
    const e = new LineEditor('*');
    e.insert('s3cret\n');
    assert.equal(e.value, 's3cret');
    e.value = '';
    e.insert('ada\nlovelace');
    assert.equal(e.value, 'ada lovelace');
  });

  it('stops a paste at its maximum length, never inside a character', () => {
    const e = new LineEditor(null, 4);
    e.insert('ab😀😀');
    assert.equal(e.value, 'ab😀');
  });
});

import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import { describe, it } from 'node:test';
import { TerminalInput } from './terminal-input';

/** A terminal that sends the given chunks, and what the filter made of them, in order. */
function filter(holdMs = 25) {
  const terminal = Object.assign(new EventEmitter(), {
    paused: false,
    raw: false,
    isTTY: true,
    pause() {
      this.paused = true;
    },
    resume() {
      this.paused = false;
    },
    setRawMode(mode: boolean) {
      this.raw = mode;
    },
  });
  const input = new TerminalInput(terminal, holdMs);
  const seen: string[] = [];
  input.on('data', (chunk) => seen.push(`keys ${JSON.stringify(chunk.toString())}`));
  input.on('paste', (text) => seen.push(`paste ${JSON.stringify(text)}`));
  input.on('focus', () => seen.push('focus'));
  input.on('blur', () => seen.push('blur'));
  const send = (...chunks: Array<string | Buffer>) => {
    for (const chunk of chunks) terminal.emit('data', typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  };
  return { terminal, input, seen, send };
}

describe('TerminalInput', () => {
  it('passes keys on and takes a bracketed paste as one text, its line breaks as \\n', () => {
    const { seen, send } = filter();
    send('ab\x1b[200~one\r\ntwo\rthree\x1b[201~c');
    assert.deepEqual(seen, ['keys "ab"', 'paste "one\\ntwo\\nthree"', 'keys "c"']);
  });

  it('finds the markers when a chunk ends inside them', () => {
    const { seen, send } = filter();
    send('x\x1b[2', '00~pasted ', 'text\x1b[20', '1', '~y');
    assert.deepEqual(seen, ['keys "x"', 'paste "pasted text"', 'keys "y"']);
  });

  it('keeps a paste whole when a character is split across chunks', () => {
    const { seen, send } = filter();
    const bytes = Buffer.from('\x1b[200~日本\x1b[201~');
    send(bytes.subarray(0, 8), bytes.subarray(8));
    assert.deepEqual(seen, ['paste "日本"']);
  });

  it('keeps escape sequences inside a paste as text, not keys', () => {
    const { seen, send } = filter();
    send('\x1b[200~up \x1b[A esc \x1b focus \x1b[I end\x1b[201~');
    assert.deepEqual(seen, ['paste "up \\u001b[A esc \\u001b focus \\u001b[I end"']);
  });

  it('reports focus and blur between keys and leaves other sequences to blessed', () => {
    const { seen, send } = filter();
    send('a\x1b[Ib\x1b[O\x1b[A\x1bx');
    assert.deepEqual(seen, ['keys "a"', 'focus', 'keys "b"', 'blur', 'keys "\\u001b[A\\u001bx"']);
  });

  it('names Alt-Enter and Shift-Enter, which blessed would drop, as keys in their place', () => {
    const { input, seen, send } = filter();
    input.on('keypress', (_ch, key) =>
      seen.push(`${key.shift ? 'S-' : ''}${key.meta ? 'M-' : ''}${key.name}`),
    );
    send('a\x1b\rb', '\x1b[13;2u', '\x1b[27;2;13~c');
    assert.deepEqual(seen, ['keys "a"', 'M-enter', 'keys "b"', 'S-enter', 'S-enter', 'keys "c"']);
  });

  it('lets a lone Esc through once no marker follows it', async () => {
    const { input, seen, send } = filter(5);
    send('q\x1b');
    assert.deepEqual(seen, ['keys "q"']);
    await once(input, 'data');
    assert.deepEqual(seen, ['keys "q"', 'keys "\\u001b"']);
  });

  it('keeps a held Esc apart from the key after it when that is no marker, as the terminal sent them', () => {
    const { seen, send } = filter();
    send('\x1b', '+', '\x1b', '[I', '\x1b', '\r');
    assert.deepEqual(seen, ['keys "\\u001b"', 'keys "+"', 'focus', 'keys "\\u001b"', 'keys "\\r"']);
  });

  it('passes raw mode, pausing and resuming through to the terminal', () => {
    const { terminal, input } = filter();
    input.setRawMode(true);
    input.pause();
    assert.equal(terminal.raw, true);
    assert.equal(terminal.paused, true);
    assert.equal(input.isTTY, true);
    input.resume();
    assert.equal(terminal.paused, false);
  });
});

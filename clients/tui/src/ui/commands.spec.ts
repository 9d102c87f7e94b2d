import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { complete, messageText, parseCommand } from './commands';

describe('commands', () => {
  it('reads a line starting with one / as a command, and // as a message', () => {
    const parsed = parseCommand('/block  dave ');
    assert.ok(parsed?.ok);
    assert.equal(parsed.command.name, 'block');
    assert.deepEqual(parsed.args, ['dave']);
    assert.equal(parseCommand('hello /block'), null);
    assert.equal(parseCommand('//shrug'), null);
    assert.equal(messageText('//shrug'), '/shrug');
    assert.equal(messageText('plain'), 'plain');
  });

  it('says what is wrong with a command it cannot run', () => {
    assert.deepEqual(parseCommand('/frobnicate'), {
      ok: false,
      error: 'There is no command /frobnicate: /help lists them',
    });
    assert.deepEqual(parseCommand('/msg'), { ok: false, error: 'Say who: /msg <name>' });
    assert.deepEqual(parseCommand('/quit now'), { ok: false, error: '/quit takes nothing after it' });
    assert.equal(parseCommand('/search')?.ok, true, 'an optional argument may be left out');
  });

  it('completes command names, then what each command takes', () => {
    assert.deepEqual(complete('/blo', 4, []), { text: '/block ', cursor: 7, choices: [] });
    assert.deepEqual(complete('/block da', 9, ['dave', 'carol']), {
      text: '/block dave ',
      cursor: 12,
      choices: [],
    });
    assert.deepEqual(complete('/set b', 6, []), { text: '/set bell ', cursor: 10, choices: [] });
    assert.deepEqual(complete('/set bell o', 11, []), {
      text: '/set bell o',
      cursor: 11,
      choices: ['off', 'on'],
    });
  });

  it('completes as far as every candidate agrees, then lists them', () => {
    assert.deepEqual(complete('/msg b', 6, ['bobby', 'bobbie', 'carol']), {
      text: '/msg bobb',
      cursor: 9,
      choices: [],
    });
    assert.deepEqual(complete('/msg bobb', 9, ['bobby', 'bobbie']), {
      text: '/msg bobb',
      cursor: 9,
      choices: ['bobbie', 'bobby'],
    });
  });

  it('leaves alone what is not a command or has nothing to complete', () => {
    assert.equal(complete('hello', 5, ['hello']), null);
    assert.equal(complete('/quit x', 7, ['xavier']), null);
    assert.equal(complete('/msg z', 6, ['dave']), null);
  });
});

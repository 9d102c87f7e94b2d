import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFlags } from './flags';

describe('parseFlags', () => {
  it('defaults to the local gateway', () => {
    assert.deepEqual(parseFlags([], {}), { gateway: 'http://127.0.0.1:8080', logout: false, help: false });
  });

  it('takes the gateway from PARLEY_GATEWAY, and the flag over it', () => {
    assert.equal(parseFlags([], { PARLEY_GATEWAY: 'ws://gw:1/ws' }).gateway, 'ws://gw:1/ws');
    assert.equal(
      parseFlags(['--gateway', 'http://a:2'], { PARLEY_GATEWAY: 'ws://gw:1/ws' }).gateway,
      'http://a:2',
    );
    assert.equal(parseFlags(['--gateway=http://b:3'], {}).gateway, 'http://b:3');
  });

  it('reads --logout and --help', () => {
    assert.equal(parseFlags(['--logout'], {}).logout, true);
    assert.equal(parseFlags(['--help'], {}).help, true);
    assert.equal(parseFlags(['-h'], {}).help, true);
  });

  it('explains a missing value, an unknown option and a bad URL', () => {
    assert.throws(() => parseFlags(['--gateway'], {}), /--gateway needs a URL/);
    assert.throws(() => parseFlags(['--gateway', '--logout'], {}), /--gateway needs a URL/);
    assert.throws(() => parseFlags(['--verbose'], {}), /unknown option: --verbose/);
    assert.throws(() => parseFlags(['--gateway', 'ftp://x'], {}), /not a gateway URL/);
  });
});

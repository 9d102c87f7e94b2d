import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientOf, throttleKeys } from './login-throttle-keys';

describe('login throttle keys', () => {
  it('counts an IPv4 client by its address', () => {
    assert.equal(clientOf('127.0.0.2'), '127.0.0.2');
  });

  it('counts an IPv6 client by its /64, however the address is written', () => {
    const network = '2001:db8:a:b::/64';
    for (const address of [
      '2001:db8:a:b::1',
      '2001:0DB8:000a:000b:ffff:ffff:ffff:ffff',
      '2001:db8:a:b:1:2:3.4.5.6',
      '2001:db8:a:b:1::',
    ])
      assert.equal(clientOf(address), network, address);
    assert.equal(clientOf('::1'), '0:0:0:0::/64');
    assert.equal(clientOf('2001:db8::'), '2001:db8:0:0::/64');
    assert.equal(clientOf('::ffff:0:1.2.3.4'), '0:0:0:0::/64');
    assert.notEqual(clientOf('2001:db8:a:c::1'), network);
  });

  it('keys a name by client, and a name that cannot exist not at all', () => {
    assert.deepEqual(throttleKeys('ann', '10.0.0.1'), {
      name: 'name:ann@10.0.0.1',
      client: 'client:10.0.0.1',
    });
    assert.deepEqual(throttleKeys(null, '10.0.0.1'), { name: null, client: 'client:10.0.0.1' });
  });
});

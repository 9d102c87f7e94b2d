import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeAddress } from './client-address';

describe('normalizeAddress', () => {
  it('gives an IPv4 client on a dual-stack socket as IPv4', () => {
    assert.equal(normalizeAddress('::ffff:127.0.0.2'), '127.0.0.2');
    assert.equal(normalizeAddress('::FFFF:10.1.2.3'), '10.1.2.3');
  });

  it('drops the zone of a link-local IPv6 address and keeps the rest as it is', () => {
    assert.equal(normalizeAddress('fe80::1%eth0'), 'fe80::1');
    assert.equal(normalizeAddress('2001:db8::7'), '2001:db8::7');
    assert.equal(normalizeAddress('192.168.0.9'), '192.168.0.9');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gatewayUrls } from './gateway-url';

describe('gatewayUrls', () => {
  it('derives the WebSocket URL from an http base', () => {
    assert.deepEqual(gatewayUrls('http://127.0.0.1:8080'), {
      http: 'http://127.0.0.1:8080',
      ws: 'ws://127.0.0.1:8080/ws',
    });
  });

  it('derives the http base from a WebSocket URL, with or without /ws', () => {
    const expected = { http: 'http://gw.example:9000', ws: 'ws://gw.example:9000/ws' };
    assert.deepEqual(gatewayUrls('ws://gw.example:9000/ws'), expected);
    assert.deepEqual(gatewayUrls('ws://gw.example:9000'), expected);
    assert.deepEqual(gatewayUrls('ws://gw.example:9000/ws/'), expected);
  });

  it('keeps TLS on both sides and a path prefix', () => {
    assert.deepEqual(gatewayUrls('wss://chat.example/parley/ws'), {
      http: 'https://chat.example/parley',
      ws: 'wss://chat.example/parley/ws',
    });
  });

  it('takes a bare host:port as http', () => {
    assert.deepEqual(gatewayUrls('localhost:8080'), {
      http: 'http://localhost:8080',
      ws: 'ws://localhost:8080/ws',
    });
  });

  it('rejects other schemes and garbage', () => {
    assert.throws(() => gatewayUrls('ftp://x'), /not a gateway URL/);
    assert.throws(() => gatewayUrls('http://'), /not a gateway URL/);
  });
});

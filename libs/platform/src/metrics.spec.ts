import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Metrics } from './metrics';

describe('Metrics', () => {
  it('keeps a registry per app: two in one process each count their own series of the same name', async () => {
    const [gateway, store] = [new Metrics('gateway'), new Metrics('store')];
    const config = { name: 'parley_test_total', help: 'a test counter' };
    gateway.counter(config).inc(2);
    store.counter(config).inc(5);
    assert.match(await gateway.exposition(), /^parley_test_total\{service="gateway"\} 2$/m);
    assert.match(await store.exposition(), /^parley_test_total\{service="store"\} 5$/m);
    assert.doesNotMatch(await gateway.exposition(), /service="store"/);
  });

  it("holds the process's default series, labelled with the service", async () => {
    const text = await new Metrics('users').exposition();
    for (const name of [
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ])
      assert.match(text, new RegExp(`^${name}\\{service="users"\\} `, 'm'));
  });
});

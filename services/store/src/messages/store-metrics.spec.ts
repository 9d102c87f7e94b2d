import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Metrics } from '@parley/platform';
import { StoreMetrics } from './store-metrics';

describe('StoreMetrics', () => {
  it("counts the messages written and measures each from the gateway's sentAt", async () => {
    const metrics = new Metrics('store');
    const now = Date.parse('2026-01-01T00:00:10.000Z');
    new StoreMetrics(metrics).stored(
      [{ sentAt: '2026-01-01T00:00:09.990Z' }, { sentAt: '2026-01-01T00:00:07.000Z' }],
      now,
    );
    const text = await metrics.exposition();
    assert.match(text, /^parley_messages_stored_total\{service="store"\} 2$/m);
    assert.match(text, /^parley_send_to_stored_seconds_count\{service="store"\} 2$/m);
    assert.match(text, /^parley_send_to_stored_seconds_sum\{service="store"\} 3\.01$/m);
    assert.match(text, /^parley_send_to_stored_seconds_bucket\{le="0\.01",service="store"\} 1$/m);
    assert.match(text, /^parley_send_to_stored_seconds_bucket\{le="2\.5",service="store"\} 1$/m);
    assert.match(text, /^parley_send_to_stored_seconds_bucket\{le="5",service="store"\} 2$/m);
  });
});

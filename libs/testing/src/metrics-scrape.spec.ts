import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseExposition } from './metrics-scrape';

describe('parseExposition', () => {
  const scrape = parseExposition(
    [
      '# HELP parley_logins_total Password logins by outcome',
      '# TYPE parley_logins_total counter',
      'parley_logins_total{outcome="ok",service="users"} 3',
      'parley_logins_total{outcome="INVALID_CREDENTIALS",service="users"} 2',
      '# TYPE parley_send_to_stored_seconds histogram',
      'parley_send_to_stored_seconds_bucket{le="0.005",service="store"} 1',
      'parley_send_to_stored_seconds_bucket{le="+Inf",service="store"} 4',
      'parley_send_to_stored_seconds_count{service="store"} 4 1700000000000',
      'odd{path="a \\"quoted\\" \\\\ back\\nslash, {braces}"} -Inf',
      'bare 1.5e-3',
      '',
    ].join('\n'),
  );

  it('reads names, labels and values, sums what matches, and the types', () => {
    assert.equal(scrape.sum('parley_logins_total'), 5);
    assert.equal(scrape.sum('parley_logins_total', { outcome: 'ok' }), 3);
    assert.equal(scrape.sum('parley_logins_total', { outcome: 'TOO_MANY_ATTEMPTS' }), 0);
    assert.equal(scrape.sum('parley_send_to_stored_seconds_bucket', { le: '+Inf' }), 4);
    assert.equal(scrape.sum('parley_send_to_stored_seconds_count', { service: 'store' }), 4);
    assert.equal(scrape.sum('bare'), 0.0015);
    assert.equal(scrape.types.get('parley_send_to_stored_seconds'), 'histogram');
    assert.equal(scrape.has('parley_gateway_connections'), false);
  });

  it('unescapes label values, which may hold quotes, commas and braces', () => {
    const [odd] = scrape.matching('odd');
    assert.deepEqual(odd?.labels, { path: 'a "quoted" \\ back\nslash, {braces}' });
    assert.equal(odd?.value, -Infinity);
  });

  it('refuses a line it cannot read, naming it', () => {
    assert.throws(() => parseExposition('ok 1\nbroken{le="1" 2'), /line 2 of the exposition: .*broken/);
    assert.throws(() => parseExposition('nan_text abc'), /abc is not a sample value/);
    assert.throws(() => parseExposition('x{a="\\t"} 1'), /unknown escape/);
  });
});

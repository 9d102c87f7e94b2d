import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Correlator } from './correlator';

const never = () => new Error('timed out');

describe('Correlator', () => {
  it('resolves the request whose id the reply carries, out of order', async () => {
    const c = new Correlator<string>();
    const a = c.expect('a', 1000, never);
    const b = c.expect('b', 1000, never);
    assert.equal(c.size, 2);
    assert.equal(c.settle('b', 'for b'), true);
    assert.equal(c.settle('a', 'for a'), true);
    assert.equal(await a, 'for a');
    assert.equal(await b, 'for b');
    assert.equal(c.size, 0);
  });

  it('rejects with an Error it is settled with', async () => {
    const c = new Correlator<string>();
    const a = c.expect('a', 1000, never);
    assert.equal(c.settle('a', new Error('refused')), true);
    await assert.rejects(a, /refused/);
  });

  it('says no one waited for an unknown id or one settled already', async () => {
    const c = new Correlator<string>();
    assert.equal(c.settle('x', 'stray'), false);
    const a = c.expect('a', 1000, never);
    assert.equal(c.settle('a', 'first'), true);
    assert.equal(c.settle('a', 'second'), false);
    assert.equal(await a, 'first');
  });

  it('rejects with the timeout error, and a reply after it finds no one', async () => {
    const c = new Correlator<string>();
    const a = c.expect('a', 20, () => new Error('no reply to a within 20 ms'));
    await assert.rejects(a, /no reply to a within 20 ms/);
    assert.equal(c.size, 0);
    assert.equal(c.settle('a', 'late'), false);
  });

  it('fails everything in flight at once when the link drops', async () => {
    const c = new Correlator<string>();
    const a = c.expect('a', 60_000, never);
    const b = c.expect('b', 60_000, never);
    c.failAll(new Error('connection lost'));
    assert.equal(c.size, 0);
    await assert.rejects(a, /connection lost/);
    await assert.rejects(b, /connection lost/);
    // Their deadlines are cleared with them: the test ends without waiting a minute.
  });

  it('generates ids unique within it, with its prefix', () => {
    const c = new Correlator('p-');
    const ids = new Set(Array.from({ length: 100 }, () => c.nextId()));
    assert.equal(ids.size, 100);
    for (const id of ids) assert.ok(id.startsWith('p-'));
  });

  it('refuses an id already awaited and a deadline that is no positive number', () => {
    const c = new Correlator();
    void c.expect('a', 1000, never).catch(() => undefined);
    assert.throws(() => c.expect('a', 1000, never), /a reply to a is already awaited/);
    assert.throws(() => c.expect('b', 0, never), /positive number of ms, not 0/);
    assert.throws(() => c.expect('b', Number.NaN, never), /not NaN/);
    assert.throws(() => c.expect('b', Infinity, never), /not Infinity/);
    c.failAll(new Error('done'));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputHistory } from './input-history';

describe('InputHistory', () => {
  it('goes back through what was sent and forward to the draft', () => {
    const h = new InputHistory();
    h.add('first');
    h.add('second');
    assert.equal(h.older('draft'), 'second');
    assert.equal(h.older('second'), 'first');
    assert.equal(h.older('first'), null, 'nothing before the oldest');
    assert.equal(h.newer('first'), 'second');
    assert.equal(h.newer('second'), 'draft');
    assert.equal(h.newer('draft'), null);
  });

  it('keeps the edits of a recalled text while browsing', () => {
    const h = new InputHistory();
    h.add('first');
    h.add('second');
    h.older('');
    assert.equal(h.older('second, edited'), 'first');
    assert.equal(h.newer('first'), 'second, edited');
    h.add('second, edited');
    assert.equal(h.older(''), 'second, edited', 'a new browse starts from what was sent');
  });

  it('does not keep the same text twice in a row', () => {
    const h = new InputHistory();
    h.add('again');
    h.add('again');
    assert.equal(h.older(''), 'again');
    assert.equal(h.older('again'), null);
  });
});

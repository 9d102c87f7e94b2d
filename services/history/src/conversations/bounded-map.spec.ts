import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedMap } from './bounded-map';

describe('BoundedMap', () => {
  it('drops the entry used longest ago once full', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    assert.equal(map.get('a'), 1);
    map.set('c', 3);
    assert.equal(map.get('b'), undefined);
    assert.deepEqual([...map.keys()], ['a', 'c']);
  });

  it('holds nothing with a capacity of 0', () => {
    const map = new BoundedMap<string, number>(0);
    map.set('a', 1);
    assert.equal(map.get('a'), undefined);
  });
});

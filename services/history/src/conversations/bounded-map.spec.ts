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

  it('bounds the total weight, and weighs a value again when it is set again', () => {
    const map = new BoundedMap<string, number[]>(5, (list) => list.length);
    const a = [1, 2];
    map.set('a', a);
    map.set('b', [1, 2]);
    a.push(3);
    map.set('a', a);
    assert.deepEqual([...map.keys()], ['b', 'a']);
    map.set('c', [1]);
    assert.deepEqual([...map.keys()], ['a', 'c']);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReceiptQueue } from './receipts';

const bob = '0b7e8a5c-1d2f-4a3b-9c4d-5e6f7a8b9c0d';
const eve = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';

describe('ReceiptQueue', () => {
  it('sends only the highest seq per peer and kind', () => {
    const q = new ReceiptQueue();
    q.note('delivered', bob, 3);
    q.note('delivered', bob, 5);
    q.note('delivered', bob, 4);
    q.note('delivered', eve, 1);
    assert.deepEqual(q.take(), [
      { kind: 'delivered', peer: bob, upToSeq: 5 },
      { kind: 'delivered', peer: eve, upToSeq: 1 },
    ]);
    assert.deepEqual(q.take(), []);
  });

  it('never sends a seq again or a lower one', () => {
    const q = new ReceiptQueue();
    q.note('read', bob, 5);
    q.take();
    assert.equal(q.note('read', bob, 5), false);
    assert.equal(q.note('read', bob, 2), false);
    assert.equal(q.note('read', bob, 6), true);
  });

  it('puts delivered before read', () => {
    const q = new ReceiptQueue();
    q.note('read', bob, 2);
    q.note('delivered', bob, 2);
    assert.deepEqual(
      q.take().map((r) => r.kind),
      ['delivered', 'read'],
    );
  });

  it('allows a failed receipt to go again', () => {
    const q = new ReceiptQueue();
    q.note('read', bob, 4);
    const [r] = q.take();
    q.failed(r!);
    assert.equal(q.note('read', bob, 4), true);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Outbox } from './outbox';

const bob = '0b7e8a5c-1d2f-4a3b-9c4d-5e6f7a8b9c0d';
const eve = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';

function counter() {
  let n = 0;
  return () => `c${++n}`;
}

describe('Outbox', () => {
  it('queues messages in the order they were typed, each with its own clientMsgId', () => {
    const outbox = new Outbox(counter());
    outbox.add(bob, 'one');
    outbox.add(eve, 'two');
    outbox.add(bob, 'three');
    assert.deepEqual(
      outbox.unsent().map((e) => [e.clientMsgId, e.text, e.status]),
      [
        ['c1', 'one', 'sending'],
        ['c2', 'two', 'sending'],
        ['c3', 'three', 'sending'],
      ],
    );
    assert.deepEqual(
      outbox.forPeer(bob).map((e) => e.text),
      ['one', 'three'],
    );
  });

  it('makes clientMsgIds that the contract accepts when none is injected', () => {
    const entry = new Outbox().add(bob, 'x');
    assert.match(entry.clientMsgId, /^[A-Za-z0-9_-]{1,64}$/);
  });

  it('keeps a message after its ack, as sent, until its echo brings the seq', () => {
    const outbox = new Outbox(counter());
    outbox.add(bob, 'one');
    const acked = outbox.acked({ clientMsgId: 'c1', messageId: 'm1', recipientOnline: false });
    assert.equal(acked?.status, 'sent');
    assert.equal(acked?.recipientOnline, false);
    assert.deepEqual(outbox.unsent(), []);
    assert.equal(outbox.size, 1);
    assert.ok(outbox.stored('c1'));
    assert.equal(outbox.size, 0);
  });

  it('keeps the same clientMsgId for a message that is sent again after a lost connection', () => {
    const outbox = new Outbox(counter());
    outbox.add(bob, 'one');
    const first = outbox.unsent().map((e) => e.clientMsgId);
    // no ack: the connection dropped
    const again = outbox.unsent().map((e) => e.clientMsgId);
    assert.deepEqual(again, first);
  });

  it('ignores an ack for a message it no longer holds, or one that failed', () => {
    const outbox = new Outbox(counter());
    assert.equal(outbox.acked({ clientMsgId: 'zz', messageId: 'm', recipientOnline: true }), undefined);
    outbox.add(bob, 'one');
    outbox.failed('c1', { code: 'NOT_A_CONTACT', message: 'not a contact' });
    assert.equal(outbox.acked({ clientMsgId: 'c1', messageId: 'm', recipientOnline: true }), undefined);
    assert.equal(outbox.get('c1')?.status, 'failed');
  });

  it('stops sending a refused message but shows it until discarded', () => {
    const outbox = new Outbox(counter());
    outbox.add(bob, 'one');
    outbox.failed('c1', { code: 'NOT_A_CONTACT', message: 'not a contact' });
    assert.deepEqual(outbox.unsent(), []);
    assert.equal(outbox.forPeer(bob)[0]?.error?.code, 'NOT_A_CONTACT');
    assert.ok(outbox.discard('c1'));
    assert.equal(outbox.size, 0);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParleyError } from '@parley/contracts';
import type { ClientFrame } from '@parley/contracts';
import { RequestTracker } from './requests';

const peer = '0b7e8a5c-1d2f-4a3b-9c4d-5e6f7a8b9c0d';

describe('RequestTracker', () => {
  it('resolves a request with the validated result of the reply carrying its id', async () => {
    const tracker = new RequestTracker(1000);
    const sent: ClientFrame[] = [];
    const promise = tracker.request((f) => sent.push(f), 'message.send', {
      clientMsgId: 'c1',
      to: peer,
      text: 'hi',
    });
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.type, 'message.send');
    assert.ok(
      tracker.handleReply({
        type: 'reply',
        id: sent[0]!.id,
        ok: true,
        result: { clientMsgId: 'c1', messageId: 'm1', recipientOnline: false },
      }),
    );
    assert.deepEqual(await promise, { clientMsgId: 'c1', messageId: 'm1', recipientOnline: false });
    assert.equal(tracker.size, 0);
  });

  it('gives each request its own id, so replies out of order reach the right caller', async () => {
    const tracker = new RequestTracker(1000);
    const sent: ClientFrame[] = [];
    const a = tracker.request((f) => sent.push(f), 'contacts.remove', { userId: peer });
    const b = tracker.request((f) => sent.push(f), 'users.search', { query: 'ad' });
    assert.notEqual(sent[0]!.id, sent[1]!.id);
    tracker.handleReply({
      type: 'reply',
      id: sent[1]!.id,
      ok: true,
      result: { users: [], nextOffset: null },
    });
    tracker.handleReply({ type: 'reply', id: sent[0]!.id, ok: true, result: {} });
    assert.deepEqual(await b, { users: [], nextOffset: null });
    assert.deepEqual(await a, {});
  });

  it('rejects with the server error, code and field intact', async () => {
    const tracker = new RequestTracker(1000);
    let id = '';
    const promise = tracker.request((f) => (id = f.id), 'contacts.add', { username: 'nobody' });
    tracker.handleReply({
      type: 'reply',
      id,
      ok: false,
      error: { code: 'USER_NOT_FOUND', message: 'no such user', field: 'username' },
    });
    await assert.rejects(
      promise,
      (e: ParleyError) => e.code === 'USER_NOT_FOUND' && e.details.field === 'username',
    );
  });

  it('rejects a malformed result instead of handing it on', async () => {
    const tracker = new RequestTracker(1000);
    let id = '';
    const promise = tracker.request((f) => (id = f.id), 'contacts.list', {});
    tracker.handleReply({ type: 'reply', id, ok: true, result: { friends: 'nope' } });
    await assert.rejects(promise, (e: ParleyError) => e.code === 'INVALID_FRAME');
  });

  it('checks params before sending anything', async () => {
    const tracker = new RequestTracker(1000);
    const sent: ClientFrame[] = [];
    assert.throws(
      () =>
        tracker.request((f) => sent.push(f), 'message.send', { clientMsgId: 'c1', to: peer, text: '   ' }),
      (e: ParleyError) => e.code === 'INVALID_FIELD' && e.details.field === 'text',
    );
    assert.equal(sent.length, 0);
  });

  it('times out, and ignores the reply that comes too late', async () => {
    const tracker = new RequestTracker(20);
    let id = '';
    const promise = tracker.request((f) => (id = f.id), 'contacts.list', {});
    await assert.rejects(
      promise,
      (e: ParleyError) => e.code === 'UNAVAILABLE' && /No answer/.test(e.message),
    );
    assert.equal(tracker.handleReply({ type: 'reply', id, ok: true, result: { friends: [] } }), false);
  });

  it('fails at once when there is no connection to send on', async () => {
    const tracker = new RequestTracker(1000);
    const promise = tracker.request(
      () => {
        throw new Error('closed');
      },
      'contacts.list',
      {},
    );
    await assert.rejects(promise, (e: ParleyError) => e.code === 'UNAVAILABLE');
    assert.equal(tracker.size, 0);
  });

  it('fails everything in flight when the connection drops', async () => {
    const tracker = new RequestTracker(1000);
    const a = tracker.request(() => {}, 'contacts.list', {});
    const b = tracker.request(() => {}, 'users.search', { query: 'x' });
    tracker.failAll(new ParleyError('UNAVAILABLE', 'connection lost'));
    await assert.rejects(a, /connection lost/);
    await assert.rejects(b, /connection lost/);
    assert.equal(tracker.size, 0);
  });
});

import assert from 'node:assert/strict';
import { connect, createServer } from 'node:net';
import { describe, it } from 'node:test';
import { ParleyError } from '@parley/contracts';
import { isTransient } from './errors';

/** The error a socket gives for a write after its peer ended the connection, as a stopping database does. */
async function writeAfterPeerEnded(): Promise<Error> {
  const server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('end', resolve));
  const error = await new Promise<Error>((resolve) => socket.write('x', (e) => resolve(e!)));
  socket.destroy();
  await new Promise((resolve) => server.close(resolve));
  return error;
}

describe('isTransient', () => {
  it('takes a write on a connection the database has just closed for an outage', async () => {
    const error = await writeAfterPeerEnded();
    assert.match(error.message, /ended by the other party/);
    assert.equal(isTransient(error), true);
  });

  it('takes the driver and broker errors of an outage for transient, and nothing else', () => {
    const named = (name: string, message = 'x') => Object.assign(new Error(message), { name });
    assert.equal(isTransient(named('MongoNetworkError')), true);
    assert.equal(isTransient(named('MongoServerSelectionError')), true);
    assert.equal(isTransient(new Error('connect ECONNREFUSED 127.0.0.1:27017')), true);
    assert.equal(isTransient(new ParleyError('UNAVAILABLE', 'broker down')), true);
    assert.equal(isTransient(new ParleyError('INVALID_FIELD', 'no')), false);
    assert.equal(isTransient(named('MongoServerError', 'E11000 duplicate key')), false);
    assert.equal(isTransient(new Error('seq conflict at c:7')), false);
  });
});

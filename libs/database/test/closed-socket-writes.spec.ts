import assert from 'node:assert/strict';
import { Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { TestNamespace, createNamespace, pause, waitUntil } from '@parley/testing';
import { createLogger } from '@parley/platform';
import { Database } from '../src';

/** The driver's own objects these tests reach into to close sockets as a database restart does. */
interface DriverServer {
  pool: { checkedOut: Set<{ socket: Socket }>; connections: Iterable<{ socket: Socket }> };
  monitor: { connection: { socket: Socket } | null };
  requestCheck(): void;
}

/**
 * A database restart closes every connection the driver holds, and now and then (about one run
 * in eight of four restarts under load) a write landed on a socket destroyed a moment before its
 * close event: that write never ended (see guardDriverWrites). These tests make that moment on
 * purpose, without stopping the database (others use it): they destroy the driver's sockets and
 * write on them before the close events come.
 */
describe('Database writing on a socket the database has just closed', () => {
  let ns: TestNamespace;
  let database: Database;
  const collection = () => database.connection.collection<{ n: number }>('closed');
  const server = () => {
    const client = database.connection.getClient() as unknown as {
      topology: { s: { servers: Map<string, DriverServer> } };
    };
    const [only] = [...client.topology.s.servers.values()];
    assert.ok(only, 'the client knows the server');
    return only;
  };
  const writesAgain = () =>
    waitUntil(
      () =>
        collection()
          .insertOne({ n: 0 })
          .then(
            () => true,
            () => false,
          ),
      { timeoutMs: 30_000, everyMs: 500, what: 'a write to succeed again' },
    );

  before(async () => {
    ns = await createNamespace('closedsocket');
    database = new Database(ns.mongoUrl, createLogger('test', 'silent'));
    await database.open();
  });

  after(async () => {
    await database?.close();
    await ns?.dispose();
  });

  it('fails an operation whose connection is gone instead of leaving it pending', async () => {
    await collection().insertOne({ n: 1 });
    for (const pooled of server().pool.connections) pooled.socket.destroy();
    const insert = collection()
      .insertOne({ n: 2 })
      .then(
        () => 'stored',
        (error: Error) => error.message,
      );
    assert.match(await Promise.race([insert, pause(10_000).then(() => 'still pending')]), /closed/);
    await writesAgain();
  });

  it(
    "gets the server back when the monitor's check is sent on such a socket",
    { timeout: 60_000 },
    async () => {
      await collection().insertOne({ n: 3 });
      // The monitor checks at once only when its last check is older than minHeartbeatFrequencyMS.
      await pause(1000);
      const watched = server();
      assert.ok(watched.monitor.connection, 'the monitor holds a connection between its checks');
      const inFlight = collection()
        .insertOne({ n: 4 })
        .then(
          () => 'stored',
          (error: Error) => error.message,
        );
      // Looked at on every turn of the event loop: the insert holds its connection for only a few.
      while (watched.pool.checkedOut.size === 0) await new Promise((resolve) => setImmediate(resolve));
      const [pooled] = [...watched.pool.checkedOut];
      // The insert fails with its connection, which makes the server "unknown": from then on only
      // the monitor can bring it back. Server selection asks it for a check at once.
      pooled!.socket.destroy();
      watched.monitor.connection.socket.destroy();
      watched.requestCheck();
      assert.match(await inFlight, /closed/);
      await writesAgain();
      assert.equal(database.status, 'connected');
    },
  );
});

import type { Socket } from 'node:net';
import mongoose from 'mongoose';

/** The part of the driver's connection (mongodb 6.x, lib/cmap/connection.js) the guard wraps. */
interface DriverConnection {
  socket: Socket;
  id: number | string;
  address: string;
  writeCommand(command: unknown, options: unknown): Promise<void>;
}

/**
 * Makes the MongoDB driver's writes fail instead of hanging when their socket is gone.
 *
 * The driver's `Connection.writeCommand` waits for the socket's `drain` event whenever
 * `socket.write` returns false, and only a socket `error` ends that wait otherwise. A socket the
 * server has just closed (a database restart) is destroyed a moment before its `close` event; a
 * write in between returns false and emits neither `error` nor `drain`, and the wait never ends.
 * No driver option bounds it. On a pooled connection the operation never settles (a store batch
 * stayed in hand for good); on the monitor's, the server's check never ends, so the server stays
 * "unknown" and every operation fails server selection while the database answers.
 *
 * The guard fails such a write with the network error the driver gives for a closed connection,
 * which the driver handles as any closed connection (the server is checked again, the pool
 * refilled) and consumers take for an outage. It applies once per process; a driver whose
 * connection has no `writeCommand` any more stops the service at start, for the guard to be
 * looked at again.
 */
export function guardDriverWrites(): void {
  const modulePath = require.resolve('mongodb/lib/cmap/connection', { paths: [require.resolve('mongoose')] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Connection } = require(modulePath) as { Connection?: { prototype: DriverConnection } };
  const prototype = Connection?.prototype;
  if (typeof prototype?.writeCommand !== 'function')
    throw new Error(
      `the MongoDB driver at ${modulePath} has no Connection.writeCommand: review guardDriverWrites`,
    );
  if (guarded.has(prototype)) return;
  guarded.add(prototype);
  const write = prototype.writeCommand;
  prototype.writeCommand = async function (this: DriverConnection, command, options) {
    const closed = () =>
      new mongoose.mongo.MongoNetworkError(`connection ${this.id} to ${this.address} closed`);
    const socket = this.socket;
    if (socket.destroyed) throw closed();
    let onClose = () => {};
    const whenClosed = new Promise<never>((_, reject) => {
      onClose = () => reject(closed());
      socket.once('close', onClose);
    });
    try {
      return await Promise.race([write.call(this, command, options), whenClosed]);
    } finally {
      socket.off('close', onClose);
    }
  };
}

const guarded = new WeakSet<object>();

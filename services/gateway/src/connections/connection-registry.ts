import { Injectable } from '@nestjs/common';
import { ClientConnection } from './client-connection';

/** The live connections of this instance, by user: a user may be connected from several devices. */
@Injectable()
export class ConnectionRegistry {
  private readonly byUser = new Map<string, Set<ClientConnection>>();

  /** Adds a connection; true if it is the user's first here. */
  add(connection: ClientConnection): boolean {
    const set = this.byUser.get(connection.userId);
    if (set) {
      set.add(connection);
      return false;
    }
    this.byUser.set(connection.userId, new Set([connection]));
    return true;
  }

  /** Removes a connection; true if it was the user's last here. */
  remove(connection: ClientConnection): boolean {
    const set = this.byUser.get(connection.userId);
    if (!set?.delete(connection)) return false;
    if (set.size > 0) return false;
    this.byUser.delete(connection.userId);
    return true;
  }

  of(userId: string): ReadonlySet<ClientConnection> | undefined {
    return this.byUser.get(userId);
  }

  has(userId: string): boolean {
    return this.byUser.has(userId);
  }

  users(): IterableIterator<string> {
    return this.byUser.keys();
  }

  *all(): IterableIterator<ClientConnection> {
    for (const set of this.byUser.values()) yield* set;
  }

  get size(): number {
    let count = 0;
    for (const set of this.byUser.values()) count += set.size;
    return count;
  }
}

import { Injectable } from '@nestjs/common';
import {
  FriendAdded,
  FriendRemoved,
  PresenceChanged,
  Receipt,
  ReceiptRecorded,
  MessagesStored,
  StoredMessage,
  EventData,
} from '@parley/contracts';
import { ConnectionRegistry } from '../connections/connection-registry';
import { FriendDirectory } from './friend-directory';

/**
 * Turns events from this instance's queue into frames on the sockets of the users connected here;
 * events for anyone else are skipped. The events come from Parley's own services, already validated
 * where they entered the system, so they are parsed once here and not validated again; a frame is
 * serialized once, and only if someone here is to receive it.
 */
@Injectable()
export class LiveDelivery {
  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly friends: FriendDirectory,
  ) {}

  deliver(type: string, data: unknown): void {
    switch (type) {
      case MessagesStored.type:
        for (const message of (data as EventData<typeof MessagesStored>).messages) this.message(message);
        return;
      case ReceiptRecorded.type:
        return this.receipt(data as Receipt);
      case FriendAdded.type:
        return this.friendAdded(data as EventData<typeof FriendAdded>);
      case FriendRemoved.type:
        return this.friendRemoved(data as EventData<typeof FriendRemoved>);
      case PresenceChanged.type:
        return this.presence(data as EventData<typeof PresenceChanged>);
    }
  }

  private message(message: StoredMessage): void {
    if (!this.registry.has(message.to) && !this.registry.has(message.from)) return;
    this.send(JSON.stringify({ type: 'event', event: 'message', message }), message.to, message.from);
  }

  private receipt({ kind, conversationId, reader, peer, upToSeq }: Receipt): void {
    if (!this.registry.has(peer) && !this.registry.has(reader)) return;
    const frame = JSON.stringify({ type: 'event', event: 'receipt', kind, conversationId, reader, upToSeq });
    this.send(frame, peer, reader);
  }

  private friendAdded({ userId, friend }: EventData<typeof FriendAdded>): void {
    this.friends.added(userId, friend);
    this.send(
      JSON.stringify({ type: 'event', event: 'friend.added', userId, friend }),
      userId,
      friend.userId,
    );
  }

  private friendRemoved({ userId, friendId }: EventData<typeof FriendRemoved>): void {
    this.friends.removed(userId, friendId);
    this.send(JSON.stringify({ type: 'event', event: 'friend.removed', userId, friendId }), userId, friendId);
  }

  private presence({ userId, online, lastSeen }: EventData<typeof PresenceChanged>): void {
    const watchers = this.friends.presenceChanged(userId, { online, lastSeen });
    if (watchers.size === 0) return;
    this.send(JSON.stringify({ type: 'event', event: 'presence', userId, online, lastSeen }), ...watchers);
  }

  private send(frame: string, ...userIds: string[]): void {
    for (const userId of new Set(userIds))
      for (const connection of this.registry.of(userId) ?? []) connection.sendRaw(frame);
  }

  /** Live delivery was interrupted: every client refetches what it shows. */
  resyncAll(): void {
    const frame = JSON.stringify({ type: 'event', event: 'resync' });
    for (const connection of this.registry.all()) connection.sendRaw(frame);
  }
}

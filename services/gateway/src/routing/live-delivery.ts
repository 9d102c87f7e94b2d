import { Inject, Injectable } from '@nestjs/common';
import {
  ContactChanged,
  ContactRecord,
  EventData,
  MessagesStored,
  PresenceChanged,
  PresenceState,
  QUEUES,
  Receipt,
  ReceiptRecorded,
  SessionsRevoked,
  StoredMessage,
  seesDelivered,
  sharesPresence,
} from '@parley/contracts';
import { FanOutHandlers } from '@parley/messaging';
import { LOGGER, Logger } from '@parley/platform';
import { ConnectionRegistry } from '../connections/connection-registry';
import { UserLimits } from '../connections/user-limits';
import { SessionRevocations } from '../sessions/session-revocations';
import { ContactChange, ContactDirectory } from './contact-directory';
import { MessageMetrics } from './message-metrics';

/** The contracts of the events this instance's queue carries. */
type GatewayQueueCarries = ReturnType<typeof QUEUES.gateway>['carries'];

/** Users whose contacts are reloaded at once after live delivery was interrupted. */
const RELOADS_AT_ONCE = 32;

/**
 * Turns events from this instance's queue into frames on the sockets of the users connected here;
 * events for anyone else are skipped. Each event goes to the handler of its contract, among those
 * the queue carries (validated or not as the queue is declared); a frame is serialized once, and
 * only if someone here is to receive it. What someone may see of another
 * (presence, receipts) follows their relation, as the contact directory holds it.
 */
@Injectable()
export class LiveDelivery {
  /** What to do with each event of this instance's queue, by its type. */
  readonly handlers: FanOutHandlers<GatewayQueueCarries>;

  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly contacts: ContactDirectory,
    private readonly revocations: SessionRevocations,
    private readonly limits: UserLimits,
    private readonly metrics: MessageMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.handlers = {
      [MessagesStored.type]: ({ messages }) => {
        for (const message of messages) this.message(message);
      },
      [ReceiptRecorded.type]: (receipt) => this.receipt(receipt),
      [ContactChanged.type]: ({ userId, contact }) => this.contact(userId, contact),
      [PresenceChanged.type]: (presence) => this.presence(presence),
      [SessionsRevoked.type]: (revocation) => this.revocations.take(revocation),
    };
  }

  /** Takes in a user's new record of a contact, and tells their connections here if what they see changed. */
  contact(userId: string, record: ContactRecord): void {
    this.tell(userId, record.user.userId, this.contacts.merge(userId, record));
  }

  /**
   * Loads the contacts of a user just welcomed here (once, for their first connection), then tells
   * them of any friend whose presence changed in the meantime, which could not be routed to them yet.
   */
  async contactsOf(userId: string): Promise<void> {
    await this.contacts.activate(userId);
    for (const { userId: friendId, presence } of this.contacts.takeMissed(userId))
      this.send(presenceFrame(friendId, presence), userId);
  }

  /** The newest seq of a conversation of a user here: it may bring a request they ignored back. */
  seen(userId: string, otherId: string, seq: number): void {
    this.tell(userId, otherId, this.contacts.noteSeq(userId, otherId, seq));
  }

  /** Live delivery was interrupted and events may be lost: contacts are loaded again, then clients refetch. */
  async resyncAll(): Promise<void> {
    this.limits.forgetElsewhere(Date.now());
    const users = [...this.contacts.users()];
    const frame = JSON.stringify({ type: 'event', event: 'resync' });
    const next = async (): Promise<void> => {
      const userId = users.pop();
      if (userId === undefined) return;
      await this.contacts
        .load(userId)
        .catch((error: Error) =>
          this.logger.warn({ userId, err: error.message }, 'could not reload contacts after an interruption'),
        );
      this.send(frame, userId);
      return next();
    };
    await Promise.all(Array.from({ length: RELOADS_AT_ONCE }, next));
  }

  private message(message: StoredMessage): void {
    const { from, to } = message;
    const toRecipient = this.registry.has(to);
    if (!toRecipient && !this.registry.has(from)) return;
    // The sender cannot have ignored the recipient: whoever writes has added the other.
    this.seen(to, from, message.seq);
    this.send(JSON.stringify({ type: 'event', event: 'message', message }), to, from);
    this.metrics.pushed(message.storedAt, toRecipient);
  }

  /**
   * The reader's own devices always learn their mark; the peer learns it only from a reader who
   * shares it: read marks between friends, delivered marks with whoever they added.
   */
  private receipt({ kind, conversationId, reader, peer, upToSeq }: Receipt): void {
    if (!this.registry.has(peer) && !this.registry.has(reader)) return;
    const frame = JSON.stringify({ type: 'event', event: 'receipt', kind, conversationId, reader, upToSeq });
    this.send(frame, reader);
    if (!this.registry.has(peer)) return;
    const passOn = () => {
      const relation = this.contacts.relationHere(peer, reader);
      if (kind === 'read' ? sharesPresence(relation) : seesDelivered(relation)) this.send(frame, peer);
    };
    // Just connected, their contacts are on the way: decide once they are here.
    if (this.contacts.isLoaded(peer)) passOn();
    else void this.contacts.activate(peer).then(passOn, () => undefined);
  }

  private presence({ userId, online, lastSeen, rev, connections }: EventData<typeof PresenceChanged>): void {
    // Announced by a users service from before connections were counted: no counts to go by.
    if (connections) this.limits.counted(userId, connections, Date.now());
    const presence = { online, lastSeen, rev };
    const watchers = this.contacts.presenceChanged(userId, presence);
    if (watchers.size > 0) this.send(presenceFrame(userId, presence), ...watchers);
  }

  private tell(userId: string, otherId: string, change: ContactChange | null): void {
    if (!change || JSON.stringify(change.before) === JSON.stringify(change.after)) return;
    const frame = change.after
      ? { type: 'event', event: 'contact', contact: change.after }
      : { type: 'event', event: 'contact.gone', userId: otherId };
    this.send(JSON.stringify(frame), userId);
  }

  private send(frame: string, ...userIds: string[]): void {
    for (const userId of new Set(userIds))
      for (const connection of this.registry.of(userId) ?? []) connection.sendRaw(frame);
  }
}

const presenceFrame = (userId: string, { online, lastSeen }: PresenceState) =>
  JSON.stringify({ type: 'event', event: 'presence', userId, online, lastSeen });

import { Inject, Injectable } from '@nestjs/common';
import { Contact, ContactRecord, ParleyError, historyRpc, usersRpc } from '@parley/contracts';
import { Bus } from '@parley/messaging';
import { CONFIG } from '@parley/platform';
import { GatewayConfig } from '../config';
import { ClientConnection } from '../connections/client-connection';
import { ContactDirectory } from '../routing/contact-directory';
import { LiveDelivery } from '../routing/live-delivery';
import { RequestHandler } from './request-handler';

/**
 * Contacts and people. The list joins what the contact directory holds (relations, presence, as
 * live as the events pushed on the same socket) with unread counts from history. A change is made
 * by the users service; its answer is taken in here at once, so the next frame on this connection
 * already sees it, and the person's other connections here are told as an event would tell them.
 */
@Injectable()
export class ContactsHandlers {
  constructor(
    @Inject(Bus) private readonly bus: Bus,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly contacts: ContactDirectory,
    private readonly delivery: LiveDelivery,
  ) {}

  list: RequestHandler<'contacts.list'> = async (connection) => {
    const userId = connection.userId;
    const entries = await this.contacts.entries(userId);
    const peerIds = entries.filter((e) => e.relation !== 'none').map((e) => e.userId);
    const blocked = new Set(entries.filter((e) => e.relation === 'blocked').map((e) => e.userId));
    const { conversations } =
      peerIds.length === 0
        ? { conversations: {} }
        : await this.bus.call(historyRpc.unreadCounts, { userId, peerIds }, this.config.RPC_TIMEOUT_MS);
    // A request set aside comes back once its sender wrote after it: that is decided on the newest seqs.
    for (const [peerId, { lastSeq }] of Object.entries(conversations))
      if (!blocked.has(peerId)) this.delivery.seen(userId, peerId, lastSeq);
    const contacts = entries.flatMap(({ userId: peerId }) => {
      const contact = this.contacts.view(userId, peerId);
      const counts = conversations[peerId];
      // Nothing from someone I blocked counts as unread; when we last wrote still orders the list.
      const unread = blocked.has(peerId) ? 0 : (counts?.unread ?? 0);
      return contact ? [{ ...contact, unread, lastActivityAt: counts?.lastAt ?? null }] : [];
    });
    return { contacts };
  };

  add: RequestHandler<'contacts.add'> = async (connection, { username }) => {
    const { contact } = await this.bus.call(
      usersRpc.addContact,
      { userId: connection.userId, username },
      this.config.RPC_TIMEOUT_MS,
    );
    return { contact: shown(this.take(connection, contact)) };
  };

  remove: RequestHandler<'contacts.remove'> = async (connection, { userId: otherId }) => {
    await this.change(connection, usersRpc.removeContact, otherId);
    return {};
  };

  block: RequestHandler<'contacts.block'> = async (connection, { userId: otherId }) => ({
    contact: shown(await this.change(connection, usersRpc.block, otherId)),
  });

  unblock: RequestHandler<'contacts.unblock'> = async (connection, { userId: otherId }) => {
    await this.change(connection, usersRpc.unblock, otherId);
    return {};
  };

  ignore: RequestHandler<'contacts.ignore'> = async (connection, { userId: otherId }) => {
    const userId = connection.userId;
    const { conversations } = await this.bus.call(
      historyRpc.unreadCounts,
      { userId, peerIds: [otherId] },
      this.config.RPC_TIMEOUT_MS,
    );
    const throughSeq = conversations[otherId]?.lastSeq ?? 0;
    const { contact } = await this.bus.call(
      usersRpc.ignore,
      { userId, otherId, throughSeq },
      this.config.RPC_TIMEOUT_MS,
    );
    this.take(connection, contact);
    return {};
  };

  search: RequestHandler<'users.search'> = (connection, { query, offset, limit }) =>
    this.bus.call(
      usersRpc.search,
      { userId: connection.userId, query, offset, limit },
      this.config.RPC_TIMEOUT_MS,
    );

  private async change(
    connection: ClientConnection,
    contract: typeof usersRpc.removeContact | typeof usersRpc.block | typeof usersRpc.unblock,
    otherId: string,
  ): Promise<Contact | null> {
    const { contact } = await this.bus.call(
      contract,
      { userId: connection.userId, otherId },
      this.config.RPC_TIMEOUT_MS,
    );
    return this.take(connection, contact);
  }

  private take(connection: ClientConnection, record: ContactRecord): Contact | null {
    this.delivery.contact(connection.userId, record);
    return this.contacts.view(connection.userId, record.user.userId);
  }
}

/** Someone just added or blocked is shown; not finding them means the connection closed meanwhile. */
function shown(contact: Contact | null): Contact {
  if (!contact) throw new ParleyError('UNAVAILABLE', 'the connection is closing; list your contacts again');
  return contact;
}

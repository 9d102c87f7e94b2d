import { Inject, Injectable } from '@nestjs/common';
import { historyRpc, seesDelivered, sharesPresence } from '@parley/contracts';
import { Bus } from '@parley/messaging';
import { CONFIG } from '@parley/platform';
import { GatewayConfig } from '../config';
import { ContactDirectory } from '../routing/contact-directory';
import { RequestHandler } from './request-handler';

/**
 * Reading a conversation: always one of the connection's own user, with the peer they name. The
 * peer's marks are shown as their live receipts are: read marks between friends, delivered marks
 * to whoever added them.
 */
@Injectable()
export class ConversationsHandlers {
  constructor(
    @Inject(Bus) private readonly bus: Bus,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly contacts: ContactDirectory,
  ) {}

  open: RequestHandler<'conversation.open'> = async (connection, { peer }) => {
    const userId = connection.userId;
    const [view, relation] = await Promise.all([
      this.bus.call(historyRpc.open, { userId, peerId: peer }, this.config.RPC_TIMEOUT_MS),
      this.contacts.relation(userId, peer),
    ]);
    return {
      ...view,
      peerDeliveredSeq: seesDelivered(relation) ? view.peerDeliveredSeq : null,
      peerReadSeq: sharesPresence(relation) ? view.peerReadSeq : null,
    };
  };

  page: RequestHandler<'conversation.page'> = (connection, { peer, beforeSeq, afterSeq, limit }) =>
    this.bus.call(
      historyRpc.page,
      { userId: connection.userId, peerId: peer, beforeSeq, afterSeq, limit },
      this.config.RPC_TIMEOUT_MS,
    );
}

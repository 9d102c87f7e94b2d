import { Inject, Injectable } from '@nestjs/common';
import { historyRpc } from '@parley/contracts';
import { RpcClient } from '@parley/messaging';
import { CONFIG } from '@parley/platform';
import { GatewayConfig } from '../config';
import { RequestHandler } from './request-handler';

/** Reading a conversation: always one of the connection's own user, with the peer they name. */
@Injectable()
export class ConversationsHandlers {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  open: RequestHandler<'conversation.open'> = (connection, { peer }) =>
    this.rpc.call(historyRpc.open, { userId: connection.userId, peerId: peer }, this.config.RPC_TIMEOUT_MS);

  page: RequestHandler<'conversation.page'> = (connection, { peer, beforeSeq, afterSeq, limit }) =>
    this.rpc.call(
      historyRpc.page,
      { userId: connection.userId, peerId: peer, beforeSeq, afterSeq, limit },
      this.config.RPC_TIMEOUT_MS,
    );
}

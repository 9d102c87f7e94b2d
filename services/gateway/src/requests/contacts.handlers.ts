import { Inject, Injectable } from '@nestjs/common';
import { historyRpc, usersRpc } from '@parley/contracts';
import { RpcClient } from '@parley/messaging';
import { CONFIG } from '@parley/platform';
import { GatewayConfig } from '../config';
import { FriendDirectory } from '../routing/friend-directory';
import { RequestHandler } from './request-handler';

/** Friends and people; the friends list joins presence (users service) and unread counts (history) here. */
@Injectable()
export class FriendsHandlers {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly friends: FriendDirectory,
  ) {}

  list: RequestHandler<'friends.list'> = async (connection) => {
    const friends = await this.friends.list(connection.userId);
    const { counts } = await this.rpc.call(
      historyRpc.unreadCounts,
      { userId: connection.userId, peerIds: friends.map((f) => f.userId) },
      this.config.RPC_TIMEOUT_MS,
    );
    return { friends: friends.map((friend) => ({ ...friend, unread: counts[friend.userId] ?? 0 })) };
  };

  add: RequestHandler<'friends.add'> = (connection, { username }) =>
    this.rpc.call(usersRpc.addFriend, { userId: connection.userId, username }, this.config.RPC_TIMEOUT_MS);

  remove: RequestHandler<'friends.remove'> = (connection, { friendId }) =>
    this.rpc.call(usersRpc.removeFriend, { userId: connection.userId, friendId }, this.config.RPC_TIMEOUT_MS);

  search: RequestHandler<'users.search'> = (connection, { query, offset, limit }) =>
    this.rpc.call(
      usersRpc.search,
      { userId: connection.userId, query, offset, limit },
      this.config.RPC_TIMEOUT_MS,
    );
}

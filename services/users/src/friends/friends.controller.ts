import { Controller, Inject, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RpcRequestOf, RpcResponseOf, usersRpc } from '@parley/contracts';
import { RpcErrorPassthrough } from '@parley/platform';
import { FriendsService } from './friends.service';

@Controller()
@UseFilters(RpcErrorPassthrough)
export class FriendsController {
  constructor(@Inject(FriendsService) private readonly friends: FriendsService) {}

  @MessagePattern(usersRpc.search.pattern)
  search(
    @Payload() request: RpcRequestOf<typeof usersRpc.search>,
  ): Promise<RpcResponseOf<typeof usersRpc.search>> {
    return this.friends.search(request.userId, request.query, request.offset, request.limit);
  }

  @MessagePattern(usersRpc.addFriend.pattern)
  add(
    @Payload() request: RpcRequestOf<typeof usersRpc.addFriend>,
  ): Promise<RpcResponseOf<typeof usersRpc.addFriend>> {
    return this.friends.add(request.userId, request.username);
  }

  @MessagePattern(usersRpc.removeFriend.pattern)
  remove(
    @Payload() request: RpcRequestOf<typeof usersRpc.removeFriend>,
  ): Promise<RpcResponseOf<typeof usersRpc.removeFriend>> {
    return this.friends.remove(request.userId, request.friendId);
  }

  @MessagePattern(usersRpc.listFriends.pattern)
  list(
    @Payload() request: RpcRequestOf<typeof usersRpc.listFriends>,
  ): Promise<RpcResponseOf<typeof usersRpc.listFriends>> {
    return this.friends.list(request.userId);
  }
}

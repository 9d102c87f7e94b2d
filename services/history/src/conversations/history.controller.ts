import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { RpcRequestOf, historyRpc } from '@parley/contracts';
import { RpcErrorPassthrough } from '@parley/platform';
import { HistoryService } from './history.service';

@Controller()
@UseFilters(RpcErrorPassthrough)
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  @MessagePattern(historyRpc.open.pattern)
  open(request: RpcRequestOf<typeof historyRpc.open>) {
    return this.history.open(request);
  }

  @MessagePattern(historyRpc.page.pattern)
  page(request: RpcRequestOf<typeof historyRpc.page>) {
    return this.history.page(request);
  }

  @MessagePattern(historyRpc.unreadCounts.pattern)
  async unread({ userId, peerIds }: RpcRequestOf<typeof historyRpc.unreadCounts>) {
    return { conversations: await this.history.unreadCounts(userId, peerIds) };
  }
}

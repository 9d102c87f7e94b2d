import { Controller, Inject, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RpcRequestOf, RpcResponseOf, usersRpc } from '@parley/contracts';
import { RpcErrorPassthrough } from '@parley/platform';
import { ContactsService } from './contacts.service';
import { PeopleSearch } from './people-search';

type Req<C> = RpcRequestOf<C>;
type Res<C> = Promise<RpcResponseOf<C>>;

@Controller()
@UseFilters(RpcErrorPassthrough)
export class ContactsController {
  constructor(
    @Inject(ContactsService) private readonly contacts: ContactsService,
    @Inject(PeopleSearch) private readonly people: PeopleSearch,
  ) {}

  @MessagePattern(usersRpc.search.pattern)
  search(@Payload() r: Req<typeof usersRpc.search>): Res<typeof usersRpc.search> {
    return this.people.search(r.userId, r.query, r.offset, r.limit);
  }

  @MessagePattern(usersRpc.listContacts.pattern)
  async list(@Payload() r: Req<typeof usersRpc.listContacts>): Res<typeof usersRpc.listContacts> {
    return { lists: await this.contacts.list(r.userIds) };
  }

  @MessagePattern(usersRpc.addContact.pattern)
  async add(@Payload() r: Req<typeof usersRpc.addContact>): Res<typeof usersRpc.addContact> {
    return { contact: await this.contacts.add(r.userId, r.username) };
  }

  @MessagePattern(usersRpc.removeContact.pattern)
  async remove(@Payload() r: Req<typeof usersRpc.removeContact>): Res<typeof usersRpc.removeContact> {
    return { contact: await this.contacts.remove(r.userId, r.otherId) };
  }

  @MessagePattern(usersRpc.block.pattern)
  async block(@Payload() r: Req<typeof usersRpc.block>): Res<typeof usersRpc.block> {
    return { contact: await this.contacts.block(r.userId, r.otherId) };
  }

  @MessagePattern(usersRpc.unblock.pattern)
  async unblock(@Payload() r: Req<typeof usersRpc.unblock>): Res<typeof usersRpc.unblock> {
    return { contact: await this.contacts.unblock(r.userId, r.otherId) };
  }

  @MessagePattern(usersRpc.ignore.pattern)
  async ignore(@Payload() r: Req<typeof usersRpc.ignore>): Res<typeof usersRpc.ignore> {
    return { contact: await this.contacts.ignore(r.userId, r.otherId, r.throughSeq) };
  }
}

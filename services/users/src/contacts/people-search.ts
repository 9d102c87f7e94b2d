import { Inject, Injectable } from '@nestjs/common';
import { ParleyError, PublicUser } from '@parley/contracts';
import { AccountsRepository } from '../accounts/accounts.repository';
import { ContactsRepository } from './contacts.repository';

/** Finding people to add. Whoever blocked the caller is not found, as if they did not exist. */
@Injectable()
export class PeopleSearch {
  constructor(
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(ContactsRepository) private readonly contacts: ContactsRepository,
  ) {}

  async search(
    userId: string,
    query: string,
    offset: number,
    limit: number,
  ): Promise<{ users: PublicUser[]; nextOffset: number | null }> {
    // FerretDB cannot take NUL in a query; nobody's name contains one anyway.
    if (query.includes('\u0000'))
      throw new ParleyError('INVALID_FIELD', 'query: must not contain NUL', {
        field: 'query',
        reason: 'must not contain NUL',
      });
    const [page, contacts] = await Promise.all([
      this.accounts.search(query, userId, offset, limit),
      this.contacts.list(userId),
    ]);
    const blockedMe = (id: string) => contacts.get(id)?.theirs?.state === 'blocked';
    return { ...page, users: page.users.filter((u) => !blockedMe(u.userId)) };
  }
}

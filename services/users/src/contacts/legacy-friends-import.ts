import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { backoffDelay, sleep } from '@parley/async';
import { PublicUser, Stance } from '@parley/contracts';
import { LOGGER, Logger } from '@parley/platform';
import { Database } from '@parley/database';
import { AccountsRepository } from '../accounts/accounts.repository';
import { ContactsRepository } from './contacts.repository';

/** The collection of an earlier version: per person, the people they had added, one-sidedly. */
const LEGACY = 'friends';

interface LegacyFriendsDoc {
  _id: string;
  friends: (PublicUser & { addedAt: string })[];
}

/**
 * Brings the contacts of an earlier version along: each add in `friends` becomes its owner's stance
 * ('added', when it was made), in both people's documents, and the old collection goes once all are
 * written. A stance already there is newer and stays. Interrupted, it starts over at the next start;
 * contacts requests wait for it.
 */
@Injectable()
export class LegacyFriendsImport implements OnApplicationBootstrap {
  private finish!: () => void;
  readonly done = new Promise<void>((resolve) => (this.finish = resolve));

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(ContactsRepository) private readonly contacts: ContactsRepository,
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    void this.runUntilDone();
  }

  private async runUntilDone(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.database.open();
        await this.run();
        this.finish();
        return;
      } catch (error) {
        this.logger.warn(
          { err: (error as Error).message, attempt },
          'importing old friends lists failed; retrying',
        );
        await sleep(backoffDelay(attempt));
      }
    }
  }

  private async run(): Promise<void> {
    const connection = this.database.connection;
    const found = await connection.db!.listCollections({ name: LEGACY }).toArray();
    if (found.length === 0) return;
    const docs = await connection.collection<LegacyFriendsDoc>(LEGACY).find({}).toArray();
    let imported = 0;
    for (const { _id: ownerId, friends } of docs) {
      const owner = await this.accounts.findUser(ownerId);
      if (!owner) continue;
      for (const { addedAt, ...other } of friends ?? []) {
        const stance: Stance = { state: 'added', at: addedAt };
        if (!(await this.contacts.find(other.userId, ownerId))?.theirs)
          await this.contacts.setStance(other.userId, owner, 'theirs', stance);
        if (!(await this.contacts.find(ownerId, other.userId))?.mine)
          await this.contacts.setStance(ownerId, other, 'mine', stance);
        imported++;
      }
    }
    await connection.collection(LEGACY).drop();
    this.logger.info(
      { people: docs.length, adds: imported },
      'imported the friends lists of an earlier version',
    );
  }
}

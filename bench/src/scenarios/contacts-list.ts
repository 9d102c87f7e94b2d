import { Context } from '../context';
import { registerAndConnect } from '../population';
import { Summary, mapLimit, poll, summarize } from '../stats';

export interface ContactsListResult {
  /** Friends of the one user who lists, each conversation holding one unread message. */
  contacts: number;
  lists: number;
  listMs: Summary;
}

/**
 * One user with `--contacts` friends, each of whom has written once: their `contacts.list`
 * (unread counts and last activity per conversation from history) timed `--lists` times, one
 * request at a time (latency, not queueing).
 */
export async function contactsList({ system, flags }: Context): Promise<ContactsListResult> {
  const { clients } = await registerAndConnect(system, 1, 'lists', flags.contacts + 1);
  const lister = clients[0]!;
  const friends = clients.slice(1);
  try {
    await mapLimit(friends, 8, async (friend, i) => {
      await lister.request('contacts.add', { username: friend.session!.user.username });
      await friend.request('contacts.add', { username: lister.session!.user.username });
      await friend.request('message.send', { clientMsgId: `cl-${i}`, to: lister.userId, text: 'hello' });
    });
    // History applies the messages asynchronously: time lists of a settled read model.
    const settled = await poll(
      () => lister.request('contacts.list', {}),
      (list) =>
        list.contacts.length === flags.contacts &&
        list.contacts.every((c) => c.unread === 1 && c.lastActivityAt !== null),
      60_000,
    );
    if (!settled.contacts.every((c) => c.unread === 1))
      throw new Error(`contacts.list did not show ${flags.contacts} conversations with one unread in 60 s`);
    const listMs: number[] = [];
    for (let i = 0; i < flags.lists; i++) {
      const t0 = performance.now();
      await lister.request('contacts.list', {});
      listMs.push(performance.now() - t0);
    }
    return { contacts: flags.contacts, lists: flags.lists, listMs: summarize(listMs) };
  } finally {
    for (const client of clients) client.close();
  }
}

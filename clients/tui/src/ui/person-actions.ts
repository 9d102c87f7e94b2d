import type { ContactView } from '../core/contacts';
import type { ParleyClient } from '../core/client';
import { asParleyError } from '../core/errors';

export type PersonAction = 'accept' | 'ignore' | 'remove' | 'block' | 'unblock';

/** What can be done about someone, by where things stand with them. */
const ACTIONS: Record<ContactView['relation'], readonly PersonAction[]> = {
  request: ['accept', 'ignore', 'block'],
  friend: ['remove', 'block'],
  added: ['remove', 'block'],
  blocked: ['unblock'],
};

const LABELS: Record<PersonAction, string> = {
  accept: 'Accept',
  ignore: 'Ignore',
  remove: 'Remove',
  block: 'Block',
  unblock: 'Unblock',
};

/** What each action does, said before it is done. */
const EFFECTS: Record<PersonAction, string> = {
  accept: 'you become friends and can write to each other',
  ignore: 'the request goes, unseen by them, and comes back if they write again',
  remove: 'neither of you can write to the other until one adds again',
  block: 'they can no longer write to you or find you',
  unblock: 'either of you may then add the other again',
};

function question(action: PersonAction, username: string): string {
  const whom = action === 'accept' || action === 'ignore' ? `${username}'s request` : username;
  const effect = EFFECTS[action];
  return `${LABELS[action]} ${whom}? ${effect[0]!.toUpperCase()}${effect.slice(1)}.`;
}

export interface Asking {
  /** Asks `question` with a button per answer besides Cancel; `done` gets the answer, or null. */
  confirm(question: string, answers: readonly string[], done: (answer: string | null) => void): void;
  say(text: string, level?: 'info' | 'warn' | 'error'): void;
}

/**
 * Accepting, ignoring, removing, blocking and unblocking someone, from the contacts pane or a
 * command: always through a question whose only confirming answer is a button, never a letter.
 */
export class PersonActions {
  constructor(
    private readonly client: ParleyClient,
    private readonly asking: Asking,
  ) {}

  /** Everything that can be done about `contact`, as one question. */
  offer(contact: ContactView): void {
    const actions = ACTIONS[contact.relation];
    this.asking.confirm(
      [`${contact.username}:`, ...actions.map((a) => `${LABELS[a]}: ${EFFECTS[a]}.`)].join('\n'),
      actions.map((a) => LABELS[a]),
      (answer) => {
        const chosen = actions.find((a) => LABELS[a] === answer);
        if (chosen) this.perform(chosen, contact);
      },
    );
  }

  /** One action, asked first; said plainly when it does not apply to them. */
  request(action: PersonAction, contact: ContactView): void {
    if (!ACTIONS[contact.relation].includes(action)) {
      this.asking.say(notApplicable(action, contact), 'warn');
      return;
    }
    this.asking.confirm(question(action, contact.username), [LABELS[action]], (answer) => {
      if (answer) this.perform(action, contact);
    });
  }

  private perform(action: PersonAction, contact: ContactView): void {
    const { userId, username } = contact;
    const done: Record<PersonAction, () => Promise<unknown>> = {
      accept: () => this.client.accept(userId),
      ignore: () => this.client.ignore(userId),
      remove: () => this.client.removeContact(userId),
      block: () => this.client.block(userId),
      unblock: () => this.client.unblock(userId),
    };
    // The core announces what changed; only a failure is said here.
    done[action]().catch((error: unknown) =>
      this.asking.say(`Could not ${action} ${username}: ${asParleyError(error).message}`, 'error'),
    );
  }
}

function notApplicable(action: PersonAction, contact: ContactView): string {
  const { username } = contact;
  switch (contact.relation) {
    case 'blocked':
      return `${username} is blocked: /unblock ${username} first`;
    case 'request':
      return `${username} has sent you a request: /accept, /ignore or /block`;
    case 'friend':
    case 'added':
      return action === 'unblock' ? `${username} is not blocked` : `${username} has sent no request`;
  }
}

/** Adds `username` (accepting their request if they sent one) and says how it went. */
export async function addPerson(
  client: ParleyClient,
  username: string,
): Promise<{ text: string; level: 'info' | 'error' }> {
  try {
    const contact = await client.addContact(username);
    const text =
      contact.relation === 'friend'
        ? `You and ${contact.username} are friends now.`
        : `Added ${contact.username}: waiting for them to add you back.`;
    return { text, level: 'info' };
  } catch (error) {
    const e = asParleyError(error);
    const text: Record<string, string> = {
      USER_NOT_FOUND: `There is no one called ${username}.`,
      ALREADY_ADDED: `You have already added ${username}.`,
      CANNOT_ADD_SELF: 'That is you.',
      USER_BLOCKED: `You have blocked ${username}: /unblock ${username} first.`,
    };
    return { text: text[e.code] ?? e.message, level: 'error' };
  }
}

import type { ContactView } from '../core/contacts';
import type { ParleyClient } from '../core/client';
import type { Preferences } from '../core/preferences-store';
import type { ParsedCommand } from './commands';
import type { Asking, PersonAction, PersonActions } from './person-actions';
import { addPerson } from './person-actions';

export interface CommandActions extends Asking {
  openConversation(contact: ContactView): void;
  openSearch(query: string): void;
  openHelp(): void;
  /** Asks first, saying what becomes of unsent messages. */
  logout(): void;
  quit(): void;
  setPreference(name: keyof Preferences, on: boolean): void;
}

/** What each command does, through the same calls as the keys. */
export class ChatCommands {
  constructor(
    private readonly client: ParleyClient,
    private readonly people: PersonActions,
    private readonly actions: CommandActions,
  ) {}

  /** `chosen` is whom a command without a name is about: the open conversation's peer, else the chosen contact. */
  run(parsed: Extract<ParsedCommand, { ok: true }>, chosen: ContactView | null): void {
    const { command, args, rest } = parsed;
    switch (command.name) {
      case 'msg':
        return this.withContact(args[0], null, (contact) => this.actions.openConversation(contact));
      case 'add':
        void addPerson(this.client, args[0]!).then(({ text, level }) => this.actions.say(text, level));
        return;
      case 'search':
        return this.actions.openSearch(rest);
      case 'accept':
      case 'ignore':
      case 'remove':
      case 'block':
      case 'unblock': {
        const action: PersonAction = command.name;
        return this.withContact(args[0], chosen, (contact) => this.people.request(action, contact));
      }
      case 'set':
        return this.set(args);
      case 'logout':
        return this.actions.logout();
      case 'quit':
        return this.actions.quit();
      case 'help':
        return this.actions.openHelp();
    }
  }

  private set(args: readonly string[]): void {
    const [name, value] = args;
    if ((name !== 'bell' && name !== 'title') || (value !== 'on' && value !== 'off')) {
      this.actions.say('Say which and how: /set bell on|off, or /set title on|off', 'warn');
      return;
    }
    this.actions.setPreference(name, value === 'on');
    this.actions.say(name === 'bell' ? `The bell is ${value}` : `The unread count in the title is ${value}`);
  }

  /** The contact a name means: exactly that username, else the only one it starts. */
  private withContact(
    name: string | undefined,
    chosen: ContactView | null,
    then: (c: ContactView) => void,
  ): void {
    if (name === undefined) {
      if (chosen) then(chosen);
      else this.actions.say('Say who, or choose someone in Contacts first', 'warn');
      return;
    }
    if (!this.client.contacts.loaded) {
      this.actions.say('Your contacts have not arrived yet: try again once they show', 'warn');
      return;
    }
    const wanted = name.replace(/^@/, '').toLowerCase();
    const contacts = this.client.contacts.list();
    const exact = contacts.find((c) => c.username.toLowerCase() === wanted);
    const starting = contacts.filter((c) => c.username.toLowerCase().startsWith(wanted));
    const contact = exact ?? (starting.length === 1 ? starting[0] : undefined);
    if (contact) then(contact);
    else if (starting.length > 1)
      this.actions.say(`${name} could be ${starting.map((c) => c.username).join(', ')}: say which`, 'warn');
    else this.actions.say(`No one called ${name} among your contacts: /add ${name} adds them`, 'warn');
  }
}

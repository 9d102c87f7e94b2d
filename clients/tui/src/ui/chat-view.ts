import type blessed from 'blessed';
import type { ParleyClient } from '../core/client';
import { asParleyError } from '../core/errors';
import { ConversationPane } from './conversation-pane';
import type { Shown } from './conversation-pane';
import type { ContactView } from '../core/contacts';
import { contactOrder } from './contact-lines';
import { writeHint } from './contact-text';
import { ContactsPane } from './contacts-pane';
import { ChatCommands } from './chat-commands';
import type { CommandActions } from './chat-commands';
import { complete, messageText, parseCommand } from './commands';
import { InputLine } from './input-line';
import { PersonActions } from './person-actions';
import type { KeyInfo } from './line-editor';
import type { Area, Layer } from './layer';

type Pane = 'contacts' | 'conversation' | 'input';
const ORDER: Pane[] = ['contacts', 'conversation', 'input'];
/** Narrower than this, the contacts and the conversation cannot usefully share the width. */
const NARROW_WIDTH = 60;

/** What the chat asks of the screen around it; opening a conversation it does itself. */
export type ChatActions = Omit<CommandActions, 'openConversation'> & {
  /** Runs `paste`, after asking when `text` is large. */
  confirmPaste(text: string, paste: () => void): void;
};

/** A key that types a character, rather than naming an action. */
const printable = (ch: string | undefined, key: KeyInfo) =>
  !!ch && !key.ctrl && !key.meta && ch >= ' ' && ch !== '\u007f';

/**
 * Contacts on the left, the conversation and the message line on the right. Whatever pane has
 * focus, a character typed goes to the message line: no letter acts on a contact, so someone who
 * believes they are typing cannot remove, block or ignore anyone. Those go through Delete (which
 * asks) or a command.
 */
export class ChatView implements Layer {
  private readonly contactsPane: ContactsPane;
  private readonly conversationPane: ConversationPane;
  private readonly input: InputLine;
  private readonly people: PersonActions;
  private readonly commands: ChatCommands;
  private focus: Pane = 'contacts';
  /** The width of the last render, for `narrowPane`. */
  private width = Infinity;

  constructor(
    screen: blessed.Widgets.Screen,
    private readonly client: ParleyClient,
    private readonly actions: ChatActions,
  ) {
    this.contactsPane = new ContactsPane(screen);
    this.conversationPane = new ConversationPane(screen, client);
    this.input = new InputLine(screen, {
      submit: (text) => this.submit(text),
      refuse: (why) => this.actions.say(why, 'error'),
    });
    this.people = new PersonActions(client, actions);
    this.commands = new ChatCommands(client, this.people, {
      ...actions,
      openConversation: (contact) => this.openConversation(contact),
    });
  }

  /** As after signing in: nothing typed, the contacts pane in front. */
  reset(): void {
    this.focus = 'contacts';
    this.input.composer.value = '';
  }

  handleKey(ch: string | undefined, key: KeyInfo): boolean {
    const name = key.full ?? key.name;
    switch (name) {
      case 'tab':
        if (this.focus === 'input' && this.complete()) return true;
        this.focus = ORDER[(ORDER.indexOf(this.focus) + 1) % ORDER.length]!;
        return true;
      case 'S-tab':
        this.focus = ORDER[(ORDER.indexOf(this.focus) + ORDER.length - 1) % ORDER.length]!;
        return true;
      case 'pageup':
        this.conversationPane.page(1);
        return true;
      case 'pagedown':
        this.conversationPane.page(-1);
        return true;
      case 'escape':
        this.focus = 'contacts';
        return true;
      case 'C-f':
        this.actions.openSearch('');
        return true;
      case 'M-a':
        this.nextUnread();
        return true;
    }
    if (this.focus !== 'input' && printable(ch, key)) {
      this.focus = 'input';
      return this.inputKey(ch, key);
    }
    if (this.focus === 'input') return this.inputKey(ch, key);
    if (this.focus === 'conversation') return this.conversationKey(ch, key);
    return this.contactsKey(key);
  }

  /** Opens the conversation with unread messages that had the latest activity. */
  nextUnread(): void {
    const next = this.client.hotlist()[0];
    if (next) this.openConversation(next);
    else this.actions.say('Nothing unread elsewhere');
  }

  private openConversation(contact: ContactView): void {
    this.contactsPane.choose(contact.userId);
    void this.client.openConversation(contact.userId);
    // A request or someone blocked cannot be written to, only read (and answered by a command).
    this.focus = writeHint(contact) === null ? 'input' : 'conversation';
  }

  private contactsKey(key: KeyInfo): boolean {
    const ordered = contactOrder(this.client.contacts.list());
    const chosen = this.contactsPane.selectedOf(ordered);
    switch (key.name) {
      case 'up':
        this.contactsPane.move(ordered, -1);
        return true;
      case 'down':
        this.contactsPane.move(ordered, 1);
        return true;
      case 'enter':
        if (chosen) this.openConversation(chosen);
        return true;
      case 'right':
        if (!chosen) return true;
        void this.client.openConversation(chosen.userId);
        this.focus = 'conversation';
        return true;
      case 'delete':
        if (chosen) this.people.offer(chosen);
        return true;
    }
    return false;
  }

  /** Tab after a command's first letters, or a name's. */
  private complete(): boolean {
    const composer = this.input.composer;
    const usernames = this.client.contacts.list().map((c) => c.username);
    const done = complete(composer.value, composer.cursor, usernames);
    if (!done) return composer.value.startsWith('/');
    composer.replaceRange(0, composer.value.length, done.text);
    composer.cursor = done.cursor;
    if (done.choices.length > 0) this.actions.say(done.choices.join('  '));
    return true;
  }

  private conversationKey(_ch: string | undefined, key: KeyInfo): boolean {
    switch (key.name) {
      case 'up':
        this.conversationPane.scroll(1);
        return true;
      case 'down':
        this.conversationPane.scroll(-1);
        return true;
      case 'home':
        this.conversationPane.scroll(Number.MAX_SAFE_INTEGER);
        return true;
      case 'end':
        this.conversationPane.toEnd();
        return true;
      case 'left':
        this.focus = 'contacts';
        return true;
      case 'right':
      case 'enter':
        this.focus = 'input';
        return true;
    }
    return false;
  }

  private inputKey(ch: string | undefined, key: KeyInfo): boolean {
    const composer = this.input.composer;
    // With nothing typed there is no line to move in: Home and End go to the conversation, and
    // so do ↑ ↓ where there is no history to recall either (nothing can be written here).
    const scrolling =
      key.name === 'home' ||
      key.name === 'end' ||
      ((key.name === 'up' || key.name === 'down') && writeHint(this.client.openPeer) !== null);
    if (composer.value === '' && scrolling) return this.conversationKey(ch, key);
    return composer.handle(ch, key);
  }

  /**
   * Enter: a command runs, a message goes to the open conversation. Returns whether the text was
   * taken (and so leaves the composer).
   */
  private submit(text: string): boolean {
    const command = parseCommand(text);
    if (command) {
      if (!command.ok) {
        this.actions.say(command.error, 'warn');
        return false;
      }
      const ordered = contactOrder(this.client.contacts.list());
      this.commands.run(command, this.client.openPeer ?? this.contactsPane.selectedOf(ordered));
      return true;
    }
    const hint = writeHint(this.client.openPeer);
    if (hint !== null) {
      this.actions.say(hint, 'warn');
      return false;
    }
    try {
      this.client.send(messageText(text));
      this.conversationPane.toEnd();
      return true;
    } catch (error) {
      this.actions.say(`Not sent: ${asParleyError(error).message}`, 'error');
      return false;
    }
  }

  /** A paste goes into the composer whichever pane has focus: it is text to write. */
  paste(text: string): void {
    const hint = writeHint(this.client.openPeer);
    if (hint !== null) {
      this.actions.say(`Nothing to paste into: ${hint}`, 'warn');
      return;
    }
    this.focus = 'input';
    this.actions.confirmPaste(text, () => this.input.composer.insert(text));
  }

  /** Whether `?` should be typed rather than show help. */
  get typing(): boolean {
    return this.focus === 'input' || this.input.composer.value !== '';
  }

  /**
   * Below NARROW_WIDTH one pane is shown at a time: the contacts while they have focus, else the
   * open conversation with its message line. Null when both are shown side by side.
   */
  get narrowPane(): 'contacts' | 'conversation' | null {
    if (this.width >= NARROW_WIDTH) return null;
    return this.focus === 'contacts' ? 'contacts' : 'conversation';
  }

  /** Returns what the conversation pane showed. */
  render(area: Area): Shown | null {
    this.width = area.width;
    const alone = this.narrowPane;
    const contactsWidth =
      alone === 'contacts'
        ? area.width
        : alone === 'conversation'
          ? 0
          : Math.max(20, Math.min(32, Math.floor(area.width * 0.28)));
    const right = { left: area.left + contactsWidth, width: area.width - contactsWidth };
    if (alone === 'conversation') {
      this.contactsPane.hide();
    } else {
      const contacts = this.client.contacts.loaded ? contactOrder(this.client.contacts.list()) : null;
      this.contactsPane.render(
        { top: area.top, left: area.left, width: contactsWidth, height: area.height },
        contacts,
        this.client.conversation?.peerId ?? null,
        this.focus === 'contacts',
      );
    }
    if (alone === 'contacts') {
      this.conversationPane.hide();
      this.input.hide();
      return null;
    }
    const inputHeight = this.input.height(right.width, Math.max(3, Math.floor(area.height / 3)));
    const shown = this.conversationPane.render(
      { top: area.top, ...right, height: area.height - inputHeight },
      this.focus === 'conversation',
    );
    this.input.render(
      { top: area.top + area.height - inputHeight, ...right, height: inputHeight },
      this.focus === 'input',
      writeHint(this.client.openPeer),
    );
    return shown;
  }

  hide(): void {
    this.contactsPane.hide();
    this.conversationPane.hide();
    this.input.hide();
  }
}

import type blessed from 'blessed';
import type { ParleyClient } from '../core/client';
import { asParleyError } from '../core/errors';
import { ConversationPane } from './conversation-pane';
import type { Shown } from './conversation-pane';
import type { ContactView } from '../core/contacts';
import { contactOrder } from './contact-lines';
import { writeHint } from './contact-text';
import { ContactsPane } from './contacts-pane';
import { InputLine } from './input-line';
import type { KeyInfo } from './line-editor';
import type { Area, Layer } from './layer';

type Pane = 'contacts' | 'conversation' | 'input';
const ORDER: Pane[] = ['contacts', 'conversation', 'input'];

export interface ChatActions {
  openSearch(): void;
  /** Asks `question`, with `answer` on the button that confirms; `confirmed` runs only on it. */
  confirm(question: string, answer: string, confirmed: () => void): void;
  say(text: string, level?: 'info' | 'warn' | 'error'): void;
}

/** Contacts on the left, the conversation and the message line on the right. */
export class ChatView implements Layer {
  private readonly contactsPane: ContactsPane;
  private readonly conversationPane: ConversationPane;
  private readonly input: InputLine;
  private focus: Pane = 'contacts';

  constructor(
    screen: blessed.Widgets.Screen,
    private readonly client: ParleyClient,
    private readonly actions: ChatActions,
  ) {
    this.contactsPane = new ContactsPane(screen);
    this.conversationPane = new ConversationPane(screen, client);
    this.input = new InputLine(screen);
  }

  handleKey(ch: string | undefined, key: KeyInfo): boolean {
    const name = key.full ?? key.name;
    switch (name) {
      case 'tab':
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
        this.actions.openSearch();
        return true;
    }
    if (this.focus === 'input') return this.inputKey(ch, key);
    if (this.focus === 'conversation') return this.conversationKey(ch, key);
    return this.contactsKey(ch, key);
  }

  private contactsKey(ch: string | undefined, key: KeyInfo): boolean {
    const ordered = contactOrder(this.client.contacts.list());
    const chosen = this.contactsPane.selectedOf(ordered);
    switch (key.name) {
      case 'up':
      case 'k':
        this.contactsPane.move(ordered, -1);
        return true;
      case 'down':
      case 'j':
        this.contactsPane.move(ordered, 1);
        return true;
      case 'enter':
      case 'right':
        if (!chosen) return true;
        void this.client.openConversation(chosen.userId);
        // A request or someone blocked cannot be written to: Enter leaves their keys at hand here.
        if (key.name === 'right') this.focus = 'conversation';
        else if (writeHint(chosen) === null) this.focus = 'input';
        return true;
      case 'delete':
        this.remove(chosen);
        return true;
    }
    switch (ch) {
      case 'a':
        this.actions.openSearch();
        return true;
      case 'd':
        this.remove(chosen);
        return true;
      case '+':
        if (chosen?.relation === 'request')
          this.attempt(`accept ${chosen.username}`, () => this.client.accept(chosen.userId));
        return true;
      case 'i':
        if (chosen?.relation === 'request')
          this.attempt(`ignore ${chosen.username}`, () => this.client.ignore(chosen.userId));
        return true;
      case 'b':
        if (chosen && chosen.relation !== 'blocked')
          this.actions.confirm(
            `Block ${chosen.username}? They will no longer be able to write to you or find you.`,
            'Block',
            () => this.attempt(`block ${chosen.username}`, () => this.client.block(chosen.userId)),
          );
        return true;
      case 'u':
        if (chosen?.relation === 'blocked')
          this.actions.confirm(
            `Unblock ${chosen.username}? Either of you may then add the other again.`,
            'Unblock',
            () => this.attempt(`unblock ${chosen.username}`, () => this.client.unblock(chosen.userId)),
          );
        return true;
    }
    return false;
  }

  private remove(chosen: ContactView | null): void {
    if (!chosen) return;
    if (chosen.relation === 'blocked') {
      this.actions.say(`${chosen.username} is blocked: u unblocks`);
      return;
    }
    this.actions.confirm(
      `Remove ${chosen.username}? Neither of you can write to the other until one adds again.`,
      'Remove',
      () => this.attempt(`remove ${chosen.username}`, () => this.client.removeContact(chosen.userId)),
    );
  }

  /** The core says what changed; only a failure is said here. */
  private attempt(what: string, act: () => Promise<unknown>): void {
    act().catch((error: unknown) =>
      this.actions.say(`Could not ${what}: ${asParleyError(error).message}`, 'error'),
    );
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
    if (key.name === 'enter') {
      this.sendTyped();
      return true;
    }
    if (key.name === 'up' || key.name === 'down') {
      this.conversationPane.scroll(key.name === 'up' ? 1 : -1);
      return true;
    }
    return this.writable ? this.input.editor.handle(ch, key) : false;
  }

  private sendTyped(): void {
    const text = this.input.editor.value;
    if (!this.writable || text.trim() === '') return;
    try {
      this.client.send(text);
      this.input.editor.value = '';
      this.conversationPane.toEnd();
    } catch (error) {
      this.actions.say(`Not sent: ${asParleyError(error).message}`, 'error');
    }
  }

  /** Whether `?` should show help rather than be typed. */
  get typing(): boolean {
    return this.focus === 'input' && this.writable;
  }

  /** A conversation is open with someone who may be written to. */
  private get writable(): boolean {
    return writeHint(this.client.openPeer) === null;
  }

  /** Returns what the conversation pane showed. */
  render(area: Area): Shown | null {
    const contactsWidth = Math.max(20, Math.min(32, Math.floor(area.width * 0.28)));
    const inputHeight = 3;
    const right = { left: area.left + contactsWidth, width: area.width - contactsWidth };
    const contacts = this.client.contacts.loaded ? contactOrder(this.client.contacts.list()) : null;
    this.contactsPane.render(
      { top: area.top, left: area.left, width: contactsWidth, height: area.height },
      contacts,
      this.client.conversation?.peerId ?? null,
      this.focus === 'contacts',
    );
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

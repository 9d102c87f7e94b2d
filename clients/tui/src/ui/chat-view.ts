import type blessed from 'blessed';
import type { ParleyClient } from '../core/client';
import { asParleyError } from '../core/errors';
import { ConversationPane } from './conversation-pane';
import type { Shown } from './conversation-pane';
import { FriendsPane } from './friends-pane';
import { InputLine } from './input-line';
import type { KeyInfo } from './line-editor';
import type { Area, Layer } from './layer';

type Pane = 'friends' | 'conversation' | 'input';
const ORDER: Pane[] = ['friends', 'conversation', 'input'];

export interface ChatActions {
  openSearch(): void;
  confirmRemove(friendId: string, username: string): void;
  say(text: string, level?: 'info' | 'warn' | 'error'): void;
}

/** Friends on the left, the conversation and the message line on the right. */
export class ChatView implements Layer {
  private readonly friendsPane: FriendsPane;
  private readonly conversationPane: ConversationPane;
  private readonly input: InputLine;
  private focus: Pane = 'friends';

  constructor(
    screen: blessed.Widgets.Screen,
    private readonly client: ParleyClient,
    private readonly actions: ChatActions,
  ) {
    this.friendsPane = new FriendsPane(screen);
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
        this.focus = 'friends';
        return true;
      case 'C-f':
        this.actions.openSearch();
        return true;
    }
    if (this.focus === 'input') return this.inputKey(ch, key);
    if (this.focus === 'conversation') return this.conversationKey(ch, key);
    return this.friendsKey(ch, key);
  }

  private friendsKey(ch: string | undefined, key: KeyInfo): boolean {
    const friends = this.client.contacts.list();
    switch (key.name) {
      case 'up':
      case 'k':
        this.friendsPane.move(friends, -1);
        return true;
      case 'down':
      case 'j':
        this.friendsPane.move(friends, 1);
        return true;
      case 'enter':
      case 'right': {
        const id = this.friendsPane.selectedId(friends);
        if (!id) return true;
        void this.client.openConversation(id);
        this.focus = key.name === 'enter' ? 'input' : 'conversation';
        return true;
      }
      case 'delete':
        this.removeSelected();
        return true;
    }
    if (ch === 'a') {
      this.actions.openSearch();
      return true;
    }
    if (ch === 'd') {
      this.removeSelected();
      return true;
    }
    return false;
  }

  private removeSelected(): void {
    const friends = this.client.contacts.list();
    const id = this.friendsPane.selectedId(friends);
    const friend = friends.find((f) => f.userId === id);
    if (friend) this.actions.confirmRemove(friend.userId, friend.username);
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
        this.focus = 'friends';
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
    return this.client.conversation ? this.input.editor.handle(ch, key) : false;
  }

  private sendTyped(): void {
    const text = this.input.editor.value;
    if (!this.client.conversation || text.trim() === '') return;
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
    return this.focus === 'input' && this.client.conversation !== null;
  }

  /** Returns what the conversation pane showed. */
  render(area: Area): Shown | null {
    const friendsWidth = Math.max(20, Math.min(32, Math.floor(area.width * 0.28)));
    const inputHeight = 3;
    const right = { left: area.left + friendsWidth, width: area.width - friendsWidth };
    const friends = this.client.contacts.loaded ? this.client.contacts.list() : null;
    this.friendsPane.render(
      { top: area.top, left: area.left, width: friendsWidth, height: area.height },
      friends,
      this.client.conversation?.peerId ?? null,
      this.focus === 'friends',
    );
    const shown = this.conversationPane.render(
      { top: area.top, ...right, height: area.height - inputHeight },
      this.focus === 'conversation',
    );
    this.input.render(
      { top: area.top + area.height - inputHeight, ...right, height: inputHeight },
      this.focus === 'input',
      !!this.client.conversation,
    );
    return shown;
  }

  hide(): void {
    this.friendsPane.hide();
    this.conversationPane.hide();
    this.input.hide();
  }
}

import { Backoff } from '@parley/async';
import type { BackoffOptions } from '@parley/async';
import { MessageText, ParleyError, conversationMembers, maySend, parseOrThrow } from '@parley/contracts';
import type {
  PublicUser,
  Registration,
  ServerEvent,
  ServerFrame,
  Session,
  StoredMessage,
  UserId,
  WsParams,
  WsRequestType,
  WsResult,
} from '@parley/contracts';
import type { Credentials } from './auth-client';
import { Connection } from './connection';
import type { ConnectionState } from './connection';
import { ContactSync } from './contact-sync';
import type { Contacts, ContactView } from './contacts';
import type { Conversation, MessageStatus } from './conversation';
import { ConversationSync } from './conversation-sync';
import type { CoreContext, Notice } from './core-context';
import { Emitter } from './emitter';
import { gatewayUrls } from './gateway-url';
import type { GatewayUrls } from './gateway-url';
import type { Outbox, OutboxEntry } from './outbox';
import { OutboxSender } from './outbox-sender';
import { ReceiptSender } from './receipts';
import { RecentIds } from './recent-ids';
import { RequestTracker } from './requests';
import { SessionKeeper } from './session';
import { endReasonOfClose } from './session-ended';
import type { AuthState } from './session';

export type { AuthState } from './session';
export type { Notice } from './core-context';

/**
 * Slower than a service's back-off: a person's client can wait, and thousands of them reconnect
 * to one gateway after its restart.
 */
const RECONNECT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000 };

export interface ParleyClientOptions {
  /** http(s):// or ws(s):// — either yields the other. */
  gatewayUrl: string;
  /** Where session.json and the outboxes are kept. */
  sessionDir: string;
  requestTimeoutMs?: number;
  /** How long opening the WebSocket, up to the welcome, may take. */
  connectTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** How many older messages PageUp asks for at a time. */
  pageSize?: number;
}

/** One line of the open conversation as the UI shows it. */
export type ConversationEntry =
  | {
      kind: 'message';
      message: StoredMessage;
      mine: boolean;
      status: MessageStatus | null;
      recipientOffline: boolean;
      /** For a message of mine that went from this device: when it was written here (ISO), which may be long before `sentAt`. */
      writtenAt?: string;
    }
  | { kind: 'pending'; entry: OutboxEntry };

export interface ClientEvents {
  /** Anything shown changed: the UI re-renders from the getters. */
  change: undefined;
  notice: Notice;
  auth: AuthState;
  connection: ConnectionState;
  /** Every message (mine too) the client learns of live, once: never again for a redelivery or one already shown. */
  message: StoredMessage;
  /** A new message from `peer`, once, as `message` tells it: what a bell or a hotlist reacts to. */
  incoming: { peer: UserId; message: StoredMessage };
}

/**
 * The whole client without a screen, a facade over its parts: the session (`SessionKeeper`), the
 * connection, the friends (`ContactSync`), the open conversation (`ConversationSync`), the outbox
 * (`OutboxSender`) and receipts (`ReceiptSender`). The UI (or a test) calls its methods and renders
 * from its getters on each `change`; this class routes what the gateway pushes to the parts.
 */
export class ParleyClient {
  readonly events = new Emitter<ClientEvents>();
  readonly urls: GatewayUrls;
  readonly notices: Notice[] = [];

  private readonly connection: Connection;
  private readonly requests: RequestTracker;
  private readonly session: SessionKeeper;
  private readonly sender: OutboxSender;
  private readonly sync: ConversationSync;
  private readonly people: ContactSync;
  private readonly receipts: ReceiptSender;
  /** Live messages told already, so a redelivery is not told again. */
  private readonly told = new RecentIds();

  constructor(options: ParleyClientOptions) {
    this.urls = gatewayUrls(options.gatewayUrl);
    this.requests = new RequestTracker(options.requestTimeoutMs ?? 15_000);
    this.connection = new Connection({
      url: this.urls.ws,
      token: () => this.session.token(),
      backoff: new Backoff(options.backoff ?? RECONNECT_BACKOFF),
      handshakeTimeoutMs: options.connectTimeoutMs ?? 10_000,
    });
    const connection = this.connection;
    const ctx: CoreContext = {
      request: (type, params) => this.request(type, params),
      get isOnline() {
        return connection.isOnline;
      },
      notice: (text, level) => this.notice(text, level),
      changed: () => this.changed(),
    };
    this.session = new SessionKeeper(this.urls.http, options.sessionDir, {
      signedIn: (session) => this.signedIn(session),
      signedOut: () => this.signedOut(),
      reconnect: () => this.connection.start(),
      notice: (text) => this.notice(text, 'error'),
    });
    this.sender = new OutboxSender(options.sessionDir, ctx, (userId) => this.contacts.get(userId)?.username);
    this.sync = new ConversationSync(ctx, options.pageSize ?? 50, (conv) => this.conversationGrew(conv));
    this.people = new ContactSync(ctx, {
      openPeer: () => this.sync.current?.peerId ?? null,
      closeOpen: () => this.sync.close(),
      refetchOpen: () => void this.sync.fetch(),
      listed: () => this.countOpenUnread(),
    });
    this.receipts = new ReceiptSender(ctx);
    this.connection.events.on('state', (state) => this.onConnectionState(state));
    this.connection.events.on('frame', (frame) => this.onFrame(frame));
    this.connection.events.on('rejected', (error) => void this.session.rejected(error));
    this.connection.events.on('ended', (reason) => void this.session.ended(endReasonOfClose(reason)));
    this.connection.events.on('invalid', (what) => this.notice(`The gateway sent ${what}`, 'warn'));
  }

  get authStatus(): AuthState {
    return this.session.status;
  }

  get me(): PublicUser | null {
    return this.session.user;
  }

  get connectionState(): ConnectionState {
    return this.connection.state;
  }

  get contacts(): Contacts {
    return this.people.contacts;
  }

  get outbox(): Outbox {
    return this.sender.outbox;
  }

  /** My messages still to go out, kept for my next login if I log out now: what a logout confirmation mentions. */
  get unsentCount(): number {
    return this.sender.unsentCount;
  }

  get conversation(): Conversation | null {
    return this.sync.current;
  }

  get isLoadingOlder(): boolean {
    return this.sync.isLoadingOlder;
  }

  get openPeer(): ContactView | null {
    const conv = this.sync.current;
    return conv ? (this.contacts.get(conv.peerId) ?? null) : null;
  }

  /** The open conversation: stored messages in seq order, then mine that are still in the outbox. */
  entries(): ConversationEntry[] {
    const conv = this.sync.current;
    const me = this.me?.userId;
    if (!conv || !me) return [];
    const stored: ConversationEntry[] = conv.messages().map((message) => {
      const mine = message.from === me;
      const writtenAt = mine ? this.sender.writtenAt(message.clientMsgId) : undefined;
      return {
        kind: 'message',
        message,
        mine,
        status: mine ? conv.statusOf(message) : null,
        recipientOffline:
          mine &&
          this.sender.recipientWasOffline(message.clientMsgId) &&
          message.seq > (conv.peerDeliveredSeq ?? 0),
        ...(writtenAt ? { writtenAt } : {}),
      };
    });
    const pending: ConversationEntry[] = this.outbox
      .forPeer(conv.peerId)
      .map((entry) => ({ kind: 'pending', entry }));
    return stored.concat(pending);
  }

  /** People with unread messages, other than the open conversation's, most recent activity first. */
  hotlist(): ContactView[] {
    const open = this.sync.current?.peerId;
    return this.contacts
      .list()
      .filter((c) => c.unread > 0 && c.userId !== open)
      .sort((a, b) => activity(b) - activity(a));
  }

  /** Picks up the saved session, if any, and connects with it. Returns whether one was found. */
  start(): Promise<boolean> {
    return this.session.resume();
  }

  login(credentials: Credentials): Promise<PublicUser> {
    return this.session.login(credentials);
  }

  /** Registers, then logs in with the same credentials: one step for the person. */
  register(registration: Registration): Promise<PublicUser> {
    return this.session.register(registration);
  }

  /**
   * Ends the session (with `everywhere`, every session of mine, or fails with nothing changed).
   * What is still unsent stays on disk with its author and goes at their next login (never under
   * anyone else's): this resolves once it is written.
   */
  async logout(everywhere = false): Promise<void> {
    await this.session.logout(everywhere);
    await this.sender.settled();
  }

  /** Probes the gateway over HTTP, for a login screen that wants to say it is unreachable before anyone types. */
  checkGateway(): Promise<true | ParleyError> {
    return this.session.reachable();
  }

  retryNow(): void {
    this.connection.retryNow();
  }

  close(): void {
    this.connection.stop();
    this.stopTimers();
  }

  openConversation(peer: UserId): Promise<void> {
    return this.sync.openWith(peer);
  }

  closeConversation(): void {
    this.sync.close();
  }

  /**
   * What the conversation pane showed of `peer`'s conversation after a render: messages by seq.
   * Only this reads anything: the read receipt covers the newest of the peer's messages shown, and
   * a message that was never on screen (scrolled away, terminal too small, another conversation
   * open) stays unread.
   */
  shown(peer: UserId, seqs: readonly number[]): void {
    const conv = this.sync.with(peer);
    if (!conv) return;
    const newest = conv.newestFromPeerAmong(seqs);
    if (newest === null || !conv.markRead(newest)) return;
    this.receipts.note('read', peer, newest);
    this.countOpenUnread();
    this.changed();
  }

  /** Older messages above the oldest loaded one; does nothing at the start of the conversation. */
  loadOlder(): Promise<void> {
    return this.sync.loadOlder();
  }

  /**
   * Queues a message to the open conversation and sends it when connected. Throws INVALID_FIELD for
   * text the server would refuse, so the input line can keep it for correction.
   */
  send(text: string): OutboxEntry {
    const conv = this.sync.current;
    if (!conv) throw new ParleyError('INVALID_FIELD', 'Open a conversation first', { field: 'to' });
    const peer = this.contacts.get(conv.peerId);
    if (!peer || !maySend(peer.relation)) {
      const why =
        peer?.relation === 'request'
          ? `Accept ${peer.username}'s request first`
          : peer?.relation === 'blocked'
            ? `You have blocked ${peer.username}: unblock them to write`
            : 'They are not among your contacts';
      throw new ParleyError('NOT_A_CONTACT', why, { field: 'to' });
    }
    parseOrThrow(MessageText, text);
    const entry = this.sender.add(conv.peerId, text);
    this.changed();
    return entry;
  }

  /** Drops a message the server refused, once the person has seen why. */
  discard(clientMsgId: string): void {
    if (this.outbox.discard(clientMsgId)) this.changed();
  }

  search(query: string, offset = 0): Promise<WsResult<'users.search'>> {
    return this.request('users.search', { query, offset, limit: 20 });
  }

  /** Adds someone by username, or accepts their request. */
  async addContact(username: string): Promise<ContactView> {
    const { contact } = await this.request('contacts.add', { username });
    this.people.take(contact.userId, contact);
    return this.contacts.get(contact.userId)!;
  }

  /** Accepting a request is adding them back. */
  accept(userId: UserId): Promise<ContactView> {
    const contact = this.contacts.get(userId);
    if (contact?.relation !== 'request')
      return Promise.reject(new ParleyError('NO_REQUEST', 'There is no request from them to accept'));
    return this.addContact(contact.username);
  }

  async block(userId: UserId): Promise<void> {
    const { contact } = await this.request('contacts.block', { userId });
    this.people.take(userId, contact);
  }

  /** Ends the relation both ways. */
  removeContact(userId: UserId): Promise<void> {
    return this.people.end('remove', userId);
  }

  /** Sets a request aside, unseen by its sender, until they write again. */
  ignore(userId: UserId): Promise<void> {
    return this.people.end('ignore', userId);
  }

  /** Lifts a block; it restores nothing: either may add the other again. */
  unblock(userId: UserId): Promise<void> {
    return this.people.end('unblock', userId);
  }

  private request<T extends WsRequestType>(type: T, params: WsParams<T>): Promise<WsResult<T>> {
    return this.requests.request((frame) => this.connection.send(frame), type, params);
  }

  private signedIn(session: Session): void {
    this.sender.signedIn(session.user.userId);
    this.authChanged();
    this.connection.start();
  }

  /** Nothing of the last person stays in memory; their unsent messages stay on disk. */
  private signedOut(): void {
    this.connection.stop();
    this.stopTimers();
    this.sender.signedOut();
    this.receipts.reset();
    this.people.reset();
    this.told.clear();
    this.sync.close();
    this.authChanged();
  }

  private authChanged(): void {
    this.events.emit('auth', this.session.status);
    this.changed();
  }

  private onConnectionState(state: ConnectionState): void {
    if (state.kind !== 'online') {
      this.session.stopRenewal();
      this.requests.failAll(new ParleyError('UNAVAILABLE', 'The connection to the gateway was lost'));
    }
    this.events.emit('connection', state);
    this.changed();
  }

  private onFrame(frame: ServerFrame): void {
    if (frame.type === 'reply') {
      if (!this.requests.handleReply(frame) && !frame.ok)
        this.notice(`The gateway refused a frame: ${frame.error.message}`, 'warn');
      return;
    }
    this.onEvent(frame);
  }

  private onEvent(event: ServerEvent): void {
    switch (event.event) {
      case 'welcome':
        this.session.welcomed();
        this.session.keepFresh((refreshToken) => this.request('session.refresh', { refreshToken }));
        void this.catchUp();
        return;
      case 'resync':
        void this.catchUp();
        return;
      case 'message':
        this.onMessage(event.message);
        return;
      case 'receipt': {
        const conv = this.sync.current;
        if (event.reader === this.me?.userId) {
          if (event.kind === 'read')
            this.peerOf(event.conversationId, (peer) => this.readUpTo(peer, event.upToSeq));
        } else if (conv && event.reader === conv.peerId) {
          conv.applyReceipt(event.kind, event.upToSeq);
        }
        this.changed();
        return;
      }
      case 'presence':
        if (this.contacts.presence(event.userId, event.online, event.lastSeen)) this.changed();
        return;
      case 'contact':
        this.people.take(event.contact.userId, event.contact);
        return;
      case 'contact.gone':
        this.people.gone(event.userId);
        return;
    }
  }

  /**
   * Runs once live delivery is in place (welcome) or after it was interrupted (resync): what was
   * missed is fetched only now, and merged by messageId with what arrives live meanwhile.
   */
  private async catchUp(): Promise<void> {
    await Promise.all([this.people.fetch(), this.sync.fetch()]);
    void this.sender.flush();
    this.receipts.resume();
  }

  private onMessage(message: StoredMessage): void {
    const me = this.me?.userId;
    if (!me) return;
    const mine = message.from === me;
    const peer = mine ? message.to : message.from;
    if (mine) this.sender.stored(message.clientMsgId);
    const open = this.sync.with(peer) !== null;
    // The open conversation knows what it holds already, fetched or live; for the others, only what was told.
    const fresh = this.told.add(message.messageId) && (!open || this.sync.live(peer, message));
    if (fresh && !open && !mine && this.contacts.countUnread(peer, message.messageId)) {
      const name = this.contacts.get(peer)?.username ?? 'someone';
      this.notice(`New message from ${name}`, 'info');
    }
    this.contacts.active(peer, message.sentAt);
    if (!mine) this.receipts.note('delivered', peer, message.seq);
    if (fresh) {
      this.events.emit('message', message);
      if (!mine) this.events.emit('incoming', { peer, message });
    }
    this.changed();
  }

  /**
   * New messages in the open conversation have been received, not read: they are read once the
   * UI says they were shown. Mine among them have left the outbox.
   */
  private conversationGrew(conv: Conversation): void {
    const me = this.me?.userId;
    for (const entry of this.outbox.forPeer(conv.peerId)) {
      if (conv.messages().some((m) => m.from === me && m.clientMsgId === entry.clientMsgId))
        this.sender.stored(entry.clientMsgId);
    }
    const newest = conv.messages().at(-1);
    if (newest) this.contacts.active(conv.peerId, newest.sentAt);
    this.receipts.note('delivered', conv.peerId, conv.newestFromPeer());
    this.countOpenUnread();
    this.changed();
  }

  /** The open conversation holds its unread messages, so its count follows its own read mark. */
  private countOpenUnread(): void {
    const conv = this.sync.current;
    if (conv?.isLoaded) this.contacts.setUnread(conv.peerId, conv.unread());
  }

  /**
   * My read mark rose (on this device or another): the open conversation counts against it; any
   * other is counted again by the server, which alone knows which of its messages the mark covers.
   */
  private readUpTo(peer: UserId, upToSeq: number): void {
    const conv = this.sync.with(peer);
    if (conv) {
      conv.markRead(upToSeq);
      this.countOpenUnread();
    } else {
      this.people.fetchSoon();
    }
  }

  private peerOf(conversationId: string, then: (peer: UserId) => void): void {
    const me = this.me?.userId;
    let members: string[];
    try {
      members = conversationMembers(conversationId);
    } catch {
      return;
    }
    const peer = members.find((id) => id !== me);
    if (peer) then(peer);
  }

  private notice(text: string, level: Notice['level']): void {
    const notice = { text, level, at: Date.now() };
    this.notices.push(notice);
    if (this.notices.length > 50) this.notices.shift();
    this.events.emit('notice', notice);
  }

  private changed(): void {
    this.events.emit('change', undefined);
  }

  private stopTimers(): void {
    this.sender.stop();
    this.receipts.stop();
    this.people.stop();
  }
}

/** When we last wrote, for ordering: never is oldest. */
const activity = (c: ContactView): number => (c.lastActivityAt === null ? 0 : Date.parse(c.lastActivityAt));

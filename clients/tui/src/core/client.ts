import { MessageText, ParleyError, conversationMembers, maySend, parseOrThrow } from '@parley/contracts';
import type {
  Contact,
  ErrorCode,
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
import { AuthClient } from './auth-client';
import type { Credentials } from './auth-client';
import { Backoff, DEFAULT_BACKOFF } from './backoff';
import type { BackoffOptions } from './backoff';
import { Connection } from './connection';
import type { ConnectionState } from './connection';
import { Conversation } from './conversation';
import type { MessageStatus } from './conversation';
import { Emitter } from './emitter';
import { asParleyError } from './errors';
import { contactNotice } from './contact-notices';
import type { Ending } from './contact-notices';
import { Contacts } from './contacts';
import type { ContactView } from './contacts';
import { gatewayUrls } from './gateway-url';
import type { GatewayUrls } from './gateway-url';
import { Outbox } from './outbox';
import type { OutboxEntry } from './outbox';
import { OutboxStore } from './outbox-store';
import { ReceiptQueue } from './receipts';
import { RequestTracker } from './requests';
import { SessionStore } from './session-store';

export interface ParleyClientOptions {
  /** http(s):// or ws(s):// — either yields the other. */
  gatewayUrl: string;
  /** Where session.json is kept. */
  sessionDir: string;
  requestTimeoutMs?: number;
  /** How long opening the WebSocket, up to the welcome, may take. */
  connectTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** How many older messages PageUp asks for at a time. */
  pageSize?: number;
}

export type AuthState = { kind: 'signed-out'; reason?: string } | { kind: 'signed-in'; user: PublicUser };

export interface Notice {
  text: string;
  level: 'info' | 'warn' | 'error';
  at: number;
}

/** One line of the open conversation as the UI shows it. */
export type ConversationEntry =
  | {
      kind: 'message';
      message: StoredMessage;
      mine: boolean;
      status: MessageStatus | null;
      recipientOffline: boolean;
    }
  | { kind: 'pending'; entry: OutboxEntry };

export interface ClientEvents {
  /** Anything shown changed: the UI re-renders from the getters. */
  change: undefined;
  notice: Notice;
  auth: AuthState;
  connection: ConnectionState;
  /** Every message the client learns of live, once. */
  message: StoredMessage;
}

/** Errors that sending the same message again cannot fix. */
const PERMANENT_SEND_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'INVALID_FIELD',
  'INVALID_FRAME',
  'NOT_A_CONTACT',
  'USER_BLOCKED',
  'USER_NOT_FOUND',
  'FRAME_TOO_LARGE',
  'CANNOT_ADD_SELF',
]);
const AUTH_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'UNAUTHORIZED',
  'TOKEN_EXPIRED',
  'INVALID_CREDENTIALS',
]);
/** Refresh this long before expiry, so a token never expires between checking and connecting. */
const REFRESH_MARGIN_MS = 30_000;
const GAP_RETRIES = 5;

/**
 * The whole client without a screen: session, connection, friends, the open conversation and the
 * outbox. The UI (or a test) calls its methods and renders from its getters on each `change`.
 */
export class ParleyClient {
  readonly events = new Emitter<ClientEvents>();
  readonly urls: GatewayUrls;
  readonly contacts = new Contacts();
  readonly outbox = new Outbox();
  readonly notices: Notice[] = [];

  private readonly auth: AuthClient;
  private readonly store: SessionStore;
  private readonly outboxStore: OutboxStore;
  /** Writes of the outbox, one after another; the first waits for what the last run left to be read. */
  private outboxSaved: Promise<void> = Promise.resolve();
  private readonly connection: Connection;
  private readonly requests: RequestTracker;
  private receipts = new ReceiptQueue();
  private readonly pageSize: number;
  private session: Session | null = null;
  private authState: AuthState = { kind: 'signed-out' };
  private open: Conversation | null = null;
  private readonly offlineAtSend = new Set<string>();
  /** What I asked for of whom, while it is under way: their contact.gone is then my doing. */
  private readonly ending = new Map<UserId, Ending>();
  private outboxOwner: UserId | null = null;
  private refreshedAfterRejection = false;
  private flushing: Promise<void> | null = null;
  private flushAgain = false;
  private retryFlushTimer: NodeJS.Timeout | null = null;
  private receiptTimer: NodeJS.Timeout | null = null;
  private refetchTimer: NodeJS.Timeout | null = null;
  private gapFilling: Conversation | null = null;
  private loadingOlder = false;
  private closed = false;

  constructor(options: ParleyClientOptions) {
    this.urls = gatewayUrls(options.gatewayUrl);
    this.auth = new AuthClient(this.urls.http);
    this.store = new SessionStore(options.sessionDir, this.urls.http);
    this.outboxStore = new OutboxStore(options.sessionDir);
    this.outbox.onChange = () => this.persistOutbox();
    this.requests = new RequestTracker(options.requestTimeoutMs ?? 15_000);
    this.pageSize = options.pageSize ?? 50;
    this.connection = new Connection({
      url: this.urls.ws,
      token: () => this.freshToken(),
      backoff: new Backoff(options.backoff ?? DEFAULT_BACKOFF),
      handshakeTimeoutMs: options.connectTimeoutMs ?? 10_000,
    });
    this.connection.events.on('state', (state) => this.onConnectionState(state));
    this.connection.events.on('frame', (frame) => this.onFrame(frame));
    this.connection.events.on('rejected', (error) => void this.onRejected(error));
    this.connection.events.on('invalid', (what) => this.notice(`The gateway sent ${what}`, 'warn'));
  }

  get authStatus(): AuthState {
    return this.authState;
  }

  get me(): PublicUser | null {
    return this.session?.user ?? null;
  }

  get connectionState(): ConnectionState {
    return this.connection.state;
  }

  get conversation(): Conversation | null {
    return this.open;
  }

  get isLoadingOlder(): boolean {
    return this.loadingOlder;
  }

  get openPeer(): ContactView | null {
    return this.open ? (this.contacts.get(this.open.peerId) ?? null) : null;
  }

  /** The open conversation: stored messages in seq order, then mine that are still in the outbox. */
  entries(): ConversationEntry[] {
    const conv = this.open;
    const me = this.me?.userId;
    if (!conv || !me) return [];
    const stored: ConversationEntry[] = conv.messages().map((message) => {
      const mine = message.from === me;
      return {
        kind: 'message',
        message,
        mine,
        status: mine ? conv.statusOf(message) : null,
        recipientOffline:
          mine && this.offlineAtSend.has(message.clientMsgId) && message.seq > (conv.peerDeliveredSeq ?? 0),
      };
    });
    const pending: ConversationEntry[] = this.outbox
      .forPeer(conv.peerId)
      .map((entry) => ({ kind: 'pending', entry }));
    return stored.concat(pending);
  }

  /** Picks up the saved session, if any, and connects with it. Returns whether one was found. */
  async start(): Promise<boolean> {
    const session = await this.store.load();
    if (!session) return false;
    this.signedIn(session);
    return true;
  }

  async login(credentials: Credentials): Promise<PublicUser> {
    const session = await this.auth.login(credentials);
    await this.store.save(session);
    this.signedIn(session);
    return session.user;
  }

  /** Registers, then logs in with the same credentials: one step for the person. */
  async register(registration: Registration): Promise<PublicUser> {
    await this.auth.register(registration);
    return this.login({ username: registration.username, password: registration.password });
  }

  /** Forgets the session and what was waiting to be sent: a logout is meant to leave nothing behind. */
  async logout(): Promise<void> {
    await this.store.clear();
    const owner = this.outboxOwner;
    this.outboxOwner = null;
    this.outbox.clear();
    if (owner) await (this.outboxSaved = this.outboxSaved.then(() => this.outboxStore.clear(owner)));
    this.signedOut();
  }

  /** Probes the gateway over HTTP, for a login screen that wants to say it is unreachable before anyone types. */
  checkGateway(): Promise<true | ParleyError> {
    return this.auth.reachable();
  }

  retryNow(): void {
    this.connection.retryNow();
  }

  close(): void {
    this.closed = true;
    this.connection.stop();
    this.clearTimers();
  }

  async openConversation(peer: UserId): Promise<void> {
    if (this.open?.peerId === peer) return;
    this.open = new Conversation(peer);
    this.changed();
    if (this.connection.isOnline) await this.fetchOpenConversation();
  }

  closeConversation(): void {
    this.open = null;
    this.changed();
  }

  /**
   * What the conversation pane showed of `peer`'s conversation after a render: messages by seq.
   * Only this reads anything: the read receipt covers the newest of the peer's messages shown, and
   * a message that was never on screen (scrolled away, terminal too small, another conversation
   * open) stays unread.
   */
  shown(peer: UserId, seqs: readonly number[]): void {
    const conv = this.open;
    if (conv?.peerId !== peer) return;
    const newest = conv.newestFromPeerAmong(seqs);
    if (newest === null || !conv.markRead(newest)) return;
    this.receipts.note('read', peer, newest);
    this.scheduleReceipts();
    this.countOpenUnread();
    this.changed();
  }

  /** Older messages above the oldest loaded one; does nothing at the start of the conversation. */
  async loadOlder(): Promise<void> {
    const conv = this.open;
    const oldest = conv?.oldestSeq;
    if (!conv || !conv.isLoaded || !conv.hasMoreBefore || oldest == null || this.loadingOlder) return;
    this.loadingOlder = true;
    try {
      const page = await this.request('conversation.page', {
        peer: conv.peerId,
        beforeSeq: oldest,
        limit: this.pageSize,
      });
      conv.applyPage('before', oldest, page.messages, page.hasMore);
      this.changed();
    } catch (error) {
      this.notice(`Could not load older messages: ${asParleyError(error).message}`, 'warn');
    } finally {
      this.loadingOlder = false;
    }
  }

  /**
   * Queues a message to the open conversation and sends it when connected. Throws INVALID_FIELD for
   * text the server would refuse, so the input line can keep it for correction.
   */
  send(text: string): OutboxEntry {
    const conv = this.open;
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
    const entry = this.outbox.add(conv.peerId, text);
    this.changed();
    void this.flushOutbox();
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
    this.takeContact(contact.userId, contact);
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
    this.takeContact(userId, contact);
  }

  /** Ends the relation both ways. */
  removeContact(userId: UserId): Promise<void> {
    return this.end('remove', userId);
  }

  /** Sets a request aside, unseen by its sender, until they write again. */
  ignore(userId: UserId): Promise<void> {
    return this.end('ignore', userId);
  }

  /** Lifts a block; it restores nothing: either may add the other again. */
  unblock(userId: UserId): Promise<void> {
    return this.end('unblock', userId);
  }

  private async end(ending: Ending, userId: UserId): Promise<void> {
    this.ending.set(userId, ending);
    try {
      await this.request(`contacts.${ending}`, { userId });
    } finally {
      this.ending.delete(userId);
    }
    this.takeContact(userId, null, ending);
  }

  private request<T extends WsRequestType>(type: T, params: WsParams<T>): Promise<WsResult<T>> {
    return this.requests.request((frame) => this.connection.send(frame), type, params);
  }

  private signedIn(session: Session): void {
    // The outbox survives an expired session for the same person, never a change of person; what
    // the person left unsent last time (on disk) comes back.
    if (this.outboxOwner !== session.user.userId) {
      this.outboxOwner = null;
      this.outbox.clear();
      this.offlineAtSend.clear();
      this.receipts = new ReceiptQueue();
      this.outboxOwner = session.user.userId;
      this.outboxSaved = this.outboxSaved.then(() => this.restoreOutbox(session.user.userId));
    }
    this.session = session;
    this.closed = false;
    this.setAuth({ kind: 'signed-in', user: session.user });
    this.connection.start();
  }

  private async restoreOutbox(owner: UserId): Promise<void> {
    const entries = await this.outboxStore.load(owner);
    if (this.outboxOwner !== owner || entries.length === 0) return;
    this.outbox.restore(entries);
    this.changed();
    void this.flushOutbox();
  }

  /** Keeps what is waiting on disk, in the order of the changes; a failure is said, not thrown. */
  private persistOutbox(): void {
    const owner = this.outboxOwner;
    if (!owner) return;
    const entries = this.outbox.all();
    this.outboxSaved = this.outboxSaved
      .then(() => this.outboxStore.save(owner, entries))
      .catch((error: Error) =>
        this.notice(`Could not keep unsent messages on disk: ${error.message}`, 'warn'),
      );
  }

  private signedOut(reason?: string): void {
    this.connection.stop();
    this.clearTimers();
    this.session = null;
    this.open = null;
    this.contacts.reset();
    this.setAuth(reason ? { kind: 'signed-out', reason } : { kind: 'signed-out' });
  }

  private setAuth(state: AuthState): void {
    this.authState = state;
    this.events.emit('auth', state);
    this.changed();
  }

  /** The token for the next connection attempt: refreshed when about to expire; null once it cannot be. */
  private async freshToken(force = false): Promise<string | null> {
    const session = this.session;
    if (!session) return null;
    if (!force && Date.parse(session.expiresAt) - Date.now() > REFRESH_MARGIN_MS) return session.accessToken;
    try {
      const fresh = await this.auth.refresh(session.refreshToken);
      if (this.session !== session) return null;
      this.session = fresh;
      await this.store.save(fresh);
      return fresh.accessToken;
    } catch (error) {
      const e = asParleyError(error);
      if (!AUTH_ERRORS.has(e.code)) throw e;
      await this.store.clear();
      this.signedOut('Your session has expired: please log in again.');
      return null;
    }
  }

  /** The gateway refused the token: one refresh, and if that does not help, a new login. */
  private async onRejected(error: ParleyError): Promise<void> {
    if (this.refreshedAfterRejection || !this.session) {
      await this.store.clear();
      this.signedOut(`The gateway refused the session (${error.message}): please log in again.`);
      return;
    }
    this.refreshedAfterRejection = true;
    try {
      if ((await this.freshToken(true)) !== null) this.connection.start();
    } catch (e) {
      this.notice(asParleyError(e).message, 'error');
      this.connection.start();
    }
  }

  private onConnectionState(state: ConnectionState): void {
    if (state.kind !== 'online') {
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
        this.refreshedAfterRejection = false;
        void this.catchUp();
        return;
      case 'resync':
        void this.catchUp();
        return;
      case 'message':
        this.onMessage(event.message);
        return;
      case 'receipt': {
        const conv = this.open;
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
        this.takeContact(event.contact.userId, event.contact);
        return;
      case 'contact.gone':
        this.takeContact(event.userId, null, this.ending.get(event.userId));
        return;
    }
  }

  /**
   * Runs once live delivery is in place (welcome) or after it was interrupted (resync): what was
   * missed is fetched only now, and merged by messageId with what arrives live meanwhile.
   */
  private async catchUp(): Promise<void> {
    await Promise.all([this.fetchContacts(), this.fetchOpenConversation()]);
    void this.flushOutbox();
    this.scheduleReceipts();
  }

  private async fetchContacts(): Promise<void> {
    try {
      const { contacts } = await this.request('contacts.list', {});
      const open = this.open ? this.contacts.get(this.open.peerId) : undefined;
      this.contacts.replaceAll(contacts);
      // Events were missed (a resync): someone may have gone meanwhile.
      if (open && !this.contacts.has(open.userId)) {
        this.closeConversation();
        this.notice(contactNotice(open, null)!, 'info');
      }
      this.countOpenUnread();
      this.changed();
    } catch (error) {
      this.notice(`Could not load contacts: ${asParleyError(error).message}`, 'warn');
    }
  }

  private async fetchOpenConversation(): Promise<void> {
    const conv = this.open;
    if (!conv) return;
    try {
      const view = await this.request('conversation.open', { peer: conv.peerId });
      if (this.open !== conv) return;
      conv.applyView(view);
      this.conversationGrew(conv);
      await this.fillGap(conv);
    } catch (error) {
      this.notice(`Could not open the conversation: ${asParleyError(error).message}`, 'warn');
    }
  }

  private onMessage(message: StoredMessage): void {
    const me = this.me?.userId;
    if (!me) return;
    const mine = message.from === me;
    const peer = mine ? message.to : message.from;
    if (mine) this.outbox.stored(message.clientMsgId);
    const conv = this.open?.peerId === peer ? this.open : null;
    let fresh = true;
    if (conv) {
      fresh = conv.addLive(message);
      if (fresh) this.conversationGrew(conv);
      if (conv.gapAfter() !== null) void this.fillGap(conv);
    } else if (!mine && this.contacts.countUnread(peer, message.messageId)) {
      const name = this.contacts.get(peer)?.username ?? 'someone';
      this.notice(`New message from ${name}`, 'info');
    }
    if (!mine) {
      this.receipts.note('delivered', peer, message.seq);
      this.scheduleReceipts();
    }
    if (fresh) this.events.emit('message', message);
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
        this.outbox.stored(entry.clientMsgId);
    }
    this.receipts.note('delivered', conv.peerId, conv.newestFromPeer());
    this.scheduleReceipts();
    this.countOpenUnread();
    this.changed();
  }

  /** The open conversation holds its unread messages, so its count follows its own read mark. */
  private countOpenUnread(): void {
    const conv = this.open;
    if (conv?.isLoaded) this.contacts.setUnread(conv.peerId, conv.unread());
  }

  /**
   * My read mark rose (on this device or another): the open conversation counts against it; any
   * other is counted again by the server, which alone knows which of its messages the mark covers.
   */
  private readUpTo(peer: UserId, upToSeq: number): void {
    if (this.open?.peerId === peer) {
      this.open.markRead(upToSeq);
      this.countOpenUnread();
    } else {
      this.fetchContactsSoon();
    }
  }

  /** One list for a burst of changes. */
  private fetchContactsSoon(): void {
    if (this.refetchTimer) return;
    this.refetchTimer = setTimeout(() => {
      this.refetchTimer = null;
      if (this.connection.isOnline) void this.fetchContacts();
    }, 300);
  }

  /** Pages forward until the gap closes; a page that brings nothing means history lags, so wait and ask again. */
  private async fillGap(conv: Conversation): Promise<void> {
    if (this.gapFilling === conv) return;
    this.gapFilling = conv;
    try {
      let stalls = 0;
      for (let after = conv.gapAfter(); after !== null && this.open === conv; after = conv.gapAfter()) {
        const page = await this.request('conversation.page', {
          peer: conv.peerId,
          afterSeq: after,
          limit: 200,
        });
        conv.applyPage('after', after, page.messages, page.hasMore);
        this.conversationGrew(conv);
        if (conv.gapAfter() !== after) {
          stalls = 0;
        } else if (++stalls > GAP_RETRIES) {
          break;
        } else {
          await new Promise((resolve) => setTimeout(resolve, 200 * stalls));
        }
      }
    } catch (error) {
      this.notice(`Could not load missed messages: ${asParleyError(error).message}`, 'warn');
    } finally {
      if (this.gapFilling === conv) this.gapFilling = null;
    }
  }

  /**
   * Sends the outbox in order, one message at a time, with each message's own clientMsgId, so a
   * resend after a lost ack is stored once. Stops at the first failure that a reconnect may fix.
   */
  private flushOutbox(): Promise<void> {
    if (this.flushing) {
      this.flushAgain = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      do {
        this.flushAgain = false;
        for (const entry of this.outbox.unsent()) {
          if (!this.connection.isOnline || this.closed) return;
          if (!(await this.sendOne(entry))) return;
        }
      } while (this.flushAgain);
    })().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async sendOne(entry: OutboxEntry): Promise<boolean> {
    try {
      const result = await this.request('message.send', {
        clientMsgId: entry.clientMsgId,
        to: entry.to,
        text: entry.text,
      });
      // The echo may have overtaken the ack and emptied the entry already: the flag goes by clientMsgId.
      this.outbox.acked(result);
      if (result.recipientOnline === false) {
        this.offlineAtSend.add(entry.clientMsgId);
        const name = this.contacts.get(entry.to)?.username ?? 'Your friend';
        this.notice(`${name} is offline and will get your message later`, 'info');
      }
      this.changed();
      return true;
    } catch (error) {
      const e = asParleyError(error);
      if (PERMANENT_SEND_ERRORS.has(e.code)) {
        this.outbox.failed(entry.clientMsgId, e.toBody());
        this.notice(`Message not sent: ${e.message}`, 'error');
        this.changed();
        return true;
      }
      // Still connected means the gateway is slow or limiting us: try again shortly rather than at the next reconnect.
      if (this.connection.isOnline) this.retryFlushSoon(e.details.retryAfterMs ?? 3000);
      return false;
    }
  }

  private retryFlushSoon(ms: number): void {
    if (this.retryFlushTimer) return;
    this.retryFlushTimer = setTimeout(() => {
      this.retryFlushTimer = null;
      void this.flushOutbox();
    }, ms);
  }

  /** Batches receipts for a moment, so a burst of messages costs one receipt per peer. */
  private scheduleReceipts(): void {
    if (this.receiptTimer || !this.connection.isOnline) return;
    this.receiptTimer = setTimeout(() => {
      this.receiptTimer = null;
      if (!this.connection.isOnline) return;
      for (const receipt of this.receipts.take()) {
        this.request('receipt', receipt).catch(() => this.receipts.failed(receipt));
      }
    }, 50);
  }

  /**
   * Takes in how a contact stands now (null: gone) and says what changed. Their open conversation
   * closes when they go, and is fetched again when the relation changes, since that changes which
   * of the peer's marks are shared.
   */
  private takeContact(userId: UserId, after: Contact | null, ending?: Ending): void {
    const before = this.contacts.get(userId);
    if (!before && !after) return;
    if (after) this.contacts.upsert(after);
    else this.contacts.remove(userId);
    const text = contactNotice(before, after, ending);
    if (text) this.notice(text, 'info');
    // Someone new may have written before: only the server knows how much of it is unread.
    if (!before && after) this.fetchContactsSoon();
    if (this.open?.peerId === userId) {
      if (!after) this.closeConversation();
      else if (before?.relation !== after.relation) void this.fetchOpenConversation();
    }
    this.changed();
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

  private clearTimers(): void {
    for (const timer of [this.retryFlushTimer, this.receiptTimer, this.refetchTimer])
      if (timer) clearTimeout(timer);
    this.retryFlushTimer = null;
    this.receiptTimer = null;
    this.refetchTimer = null;
  }
}

import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import {
  ClientFrame,
  HTTP_ROUTES,
  ParleyError,
  conversationId,
  maySend,
  seesDelivered,
  sharesPresence,
  wsRequests,
} from '@parley/contracts';
import type {
  ErrorBody,
  Presence,
  PublicUser,
  ServerFrame,
  Session,
  StoredMessage,
  UserId,
} from '@parley/contracts';
import { FakeContacts } from './fake-contacts';
import { FakeHistory } from './fake-history';

interface Account {
  user: PublicUser;
  password: string;
}

export type ContactVerb = 'add' | 'remove' | 'block' | 'unblock' | 'ignore';

/**
 * A stand-in for the gateway that speaks the contract's HTTP and WebSocket protocol from memory,
 * so the client core can be tested headless without RabbitMQ or MongoDB. Contacts and history
 * follow the real rules (see FakeContacts, FakeHistory): relations from both stances, `contact` and
 * `contact.gone` events when what someone sees changes, presence only between friends, receipts
 * pushed only when a mark rises and only to whom the relation shows them.
 * Tests steer it to drop connections, lose pushes, go silent or expire tokens.
 */
export class FakeGateway {
  private server: Server | null = null;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly accounts = new Map<string, Account>();
  private readonly tokens = new Map<string, { userId: string; refresh: boolean }>();
  private readonly sockets = new Map<WebSocket, string>();
  private readonly lastSeen = new Map<UserId, string>();
  readonly history = new FakeHistory();
  private readonly contacts = new FakeContacts({
    user: (userId) => [...this.accounts.values()].find((a) => a.user.userId === userId)?.user,
    presence: (userId) => this.presenceOf(userId),
    lastSeq: (a, b) => this.history.lastSeq(a, b),
  });
  port = 0;
  heartbeatMs = 60_000;
  /** Off: connections are accepted but never welcomed, as by a gateway that hangs. */
  welcome = true;
  tokenLifetimeMs = 3_600_000;
  /** Messages sent but whose push to the recipient is skipped, as if lost with the broker. */
  losePushes = false;
  /** Requests are still carried out, but nothing reaches the clients: replies and pushes are lost. */
  silent = false;
  readonly sends: { userId: string; clientMsgId: string }[] = [];
  /** Every request's type, by whom, in order. */
  readonly requested: { userId: string; type: string }[] = [];
  readonly receipts: { reader: string; kind: string; peer: string; upToSeq: number }[] = [];

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = this.port): Promise<void> {
    const server = createServer((req, res) => void this.http(req, res));
    server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** Stops listening and cuts every connection, like a crashed gateway; `start()` brings it back on the same port. */
  async stop(): Promise<void> {
    for (const ws of this.sockets.keys()) ws.terminate();
    this.sockets.clear();
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  dropConnections(): void {
    for (const ws of this.sockets.keys()) ws.terminate();
  }

  /** Makes every socket stop answering pings, as a peer whose network vanished. */
  freeze(): void {
    for (const ws of this.sockets.keys()) ws.pong = () => {};
  }

  expireAllTokens(): void {
    this.tokens.clear();
  }

  connectedUsers(): string[] {
    return [...this.sockets.values()];
  }

  addUser(
    username: string,
    password = 'password1',
    name: { firstName: string; lastName: string } = { firstName: username, lastName: 'Test' },
  ): PublicUser {
    const user: PublicUser = { userId: randomUUID(), username, ...name };
    this.accounts.set(username, { user, password });
    return user;
  }

  userId(username: string): string {
    const account = this.accounts.get(username);
    if (!account) throw new Error(`no user ${username}`);
    return account.user.userId;
  }

  stored(a: string, b: string): StoredMessage[] {
    return this.history.messages(a, b);
  }

  /**
   * Stores a message as if sent from another device or user, whatever their relation, pushing it
   * unless `push` is false.
   */
  inject(from: string, to: string, text: string, push = true): StoredMessage {
    const tell = this.watch(from, to);
    const message = this.history.store(from, to, randomUUID(), text);
    if (!push) return message;
    tell();
    this.pushMessage(message);
    return message;
  }

  /** Pushes a stored message again, as live delivery may (it is at least once). */
  pushAgain(message: StoredMessage): void {
    this.pushMessage(message);
  }

  /** `owner` takes a stance towards `other`, as their own request would; both are told what changed. */
  act(owner: UserId, verb: ContactVerb, other: UserId): void {
    const tell = this.watch(owner, other);
    this.contacts[verb](owner, other);
    tell();
  }

  /** Each adds the other. */
  befriend(a: UserId, b: UserId): void {
    this.act(a, 'add', b);
    this.act(b, 'add', a);
  }

  pushResync(): void {
    for (const ws of this.sockets.keys()) this.push(ws, { type: 'event', event: 'resync' });
  }

  private async http(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const fail = (status: number, error: ErrorBody) => reply(status, { error });
    if (req.method === 'GET' && req.url === HTTP_ROUTES.health) return reply(200, { ok: true });
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const json = JSON.parse(body || '{}') as Record<string, string>;
    switch (req.url) {
      case HTTP_ROUTES.register: {
        if (this.accounts.has(json.username!)) {
          return fail(409, { code: 'USERNAME_TAKEN', message: 'username is taken', field: 'username' });
        }
        if (!json.email?.includes('@')) {
          return fail(400, {
            code: 'INVALID_FIELD',
            message: 'email: must be a valid email address',
            field: 'email',
          });
        }
        const user = this.addUser(json.username!, json.password);
        return reply(201, user);
      }
      case HTTP_ROUTES.login: {
        const account = this.accounts.get(json.username!);
        if (!account || account.password !== json.password) {
          return fail(401, { code: 'INVALID_CREDENTIALS', message: 'wrong username or password' });
        }
        return reply(200, this.session(account.user));
      }
      case HTTP_ROUTES.refresh: {
        const found = this.tokens.get(json.refreshToken!);
        const account = [...this.accounts.values()].find((a) => a.user.userId === found?.userId);
        if (!found?.refresh || !account)
          return fail(401, { code: 'UNAUTHORIZED', message: 'refresh token is not valid' });
        this.tokens.delete(json.refreshToken!);
        return reply(200, this.session(account.user));
      }
    }
    fail(404, { code: 'UNKNOWN_TYPE', message: 'no such route' });
  }

  private session(user: PublicUser): Session {
    const accessToken = randomUUID();
    const refreshToken = randomUUID();
    this.tokens.set(accessToken, { userId: user.userId, refresh: false });
    this.tokens.set(refreshToken, { userId: user.userId, refresh: true });
    return {
      accessToken,
      refreshToken,
      expiresAt: new Date(Date.now() + this.tokenLifetimeMs).toISOString(),
      user,
    };
  }

  private upgrade(req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): void {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const found = token ? this.tokens.get(token) : undefined;
    if (!found || found.refresh) {
      const body = JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'token is not valid' } });
      socket.end(
        `HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
      );
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const user = [...this.accounts.values()].find((a) => a.user.userId === found.userId)!.user;
      const cameOnline = !this.isOnline(user.userId);
      this.sockets.set(ws, user.userId);
      ws.on('close', () => {
        this.sockets.delete(ws);
        if (this.isOnline(user.userId)) return;
        this.lastSeen.set(user.userId, new Date().toISOString());
        this.pushPresence(user.userId);
      });
      ws.on('message', (data) => this.request(ws, user, data.toString()));
      if (!this.welcome) return;
      this.push(ws, {
        type: 'event',
        event: 'welcome',
        user: { userId: user.userId, username: user.username },
        heartbeatMs: this.heartbeatMs,
      });
      if (cameOnline) this.pushPresence(user.userId);
    });
  }

  private request(ws: WebSocket, me: PublicUser, text: string): void {
    const frame = ClientFrame.parse(JSON.parse(text));
    this.requested.push({ userId: me.userId, type: frame.type });
    const ok = (result: unknown) => this.push(ws, { type: 'reply', id: frame.id, ok: true, result });
    try {
      if (!this.handle(me.userId, frame, ok))
        throw new ParleyError('UNKNOWN_TYPE', `unknown type ${frame.type}`);
    } catch (error) {
      if (!(error instanceof ParleyError)) throw error;
      this.push(ws, { type: 'reply', id: frame.id, ok: false, error: error.toBody() });
    }
  }

  /** Answers with `ok` and pushes what follows, in the real gateway's order; throws a refusal. */
  private handle(me: UserId, frame: ClientFrame, ok: (result: unknown) => void): boolean {
    switch (frame.type) {
      case 'contacts.list': {
        const contacts = this.contacts.others(me).flatMap((other) => {
          const contact = this.contacts.view(me, other);
          if (!contact) return [];
          return [
            {
              ...contact,
              unread: contact.relation === 'blocked' ? 0 : this.history.unread(me, other),
              lastActivityAt: this.history.messages(me, other).at(-1)?.sentAt ?? null,
            },
          ];
        });
        ok({ contacts });
        return true;
      }
      case 'contacts.add': {
        const { username } = wsRequests['contacts.add'].params.parse(frame.params);
        const other = this.accounts.get(username)?.user.userId;
        if (!other)
          throw new ParleyError('USER_NOT_FOUND', `nobody is called ${username}`, { field: 'username' });
        this.act(me, 'add', other);
        ok({ contact: this.contacts.view(me, other) });
        return true;
      }
      case 'contacts.remove':
      case 'contacts.block':
      case 'contacts.unblock':
      case 'contacts.ignore': {
        const { userId } = wsRequests[frame.type].params.parse(frame.params);
        const verb = frame.type.slice('contacts.'.length) as Exclude<ContactVerb, 'add'>;
        this.act(me, verb, userId);
        ok(verb === 'block' ? { contact: this.contacts.view(me, userId) } : {});
        return true;
      }
      case 'message.send': {
        const { clientMsgId, to, text } = wsRequests['message.send'].params.parse(frame.params);
        const relation = this.contacts.relation(me, to);
        if (!maySend(relation))
          throw new ParleyError(
            relation === 'blocked' ? 'USER_BLOCKED' : 'NOT_A_CONTACT',
            `to: ${relation}`,
            {
              field: 'to',
            },
          );
        this.sends.push({ userId: me, clientMsgId });
        const existing = this.history.find(me, to, clientMsgId);
        const tell = this.watch(me, to);
        const message = existing ?? this.history.store(me, to, clientMsgId, text);
        ok({
          clientMsgId,
          messageId: message.messageId,
          recipientOnline: sharesPresence(relation) ? this.isOnline(to) : null,
        });
        if (existing) return true;
        tell();
        this.pushMessage(message);
        return true;
      }
      case 'receipt': {
        const { kind, peer, upToSeq } = wsRequests.receipt.params.parse(frame.params);
        if (this.contacts.relation(me, peer) === 'none')
          throw new ParleyError('NOT_A_CONTACT', 'peer: this person is not among your contacts', {
            field: 'peer',
          });
        this.receipts.push({ reader: me, kind, peer, upToSeq });
        const mark = this.history.receipt(kind, me, peer, upToSeq);
        ok({});
        if (mark === null) return true;
        const event: ServerFrame = {
          type: 'event',
          event: 'receipt',
          kind,
          conversationId: conversationId(me, peer),
          reader: me,
          upToSeq: mark,
        };
        const theirs = this.contacts.relation(peer, me);
        const shared = kind === 'read' ? sharesPresence(theirs) : seesDelivered(theirs);
        this.pushTo(shared ? [me, peer] : [me], event);
        return true;
      }
      case 'conversation.open': {
        const { peer } = wsRequests['conversation.open'].params.parse(frame.params);
        const view = this.history.open(me, peer);
        const relation = this.contacts.relation(me, peer);
        ok({
          ...view,
          peerDeliveredSeq: seesDelivered(relation) ? view.peerDeliveredSeq : null,
          peerReadSeq: sharesPresence(relation) ? view.peerReadSeq : null,
        });
        return true;
      }
      case 'conversation.page': {
        const { peer, beforeSeq, afterSeq, limit } = wsRequests['conversation.page'].params.parse(
          frame.params,
        );
        ok(this.history.page(me, peer, { beforeSeq, afterSeq }, limit));
        return true;
      }
      case 'users.search': {
        const { query } = wsRequests['users.search'].params.parse(frame.params);
        const users = [...this.accounts.values()]
          .map((a) => a.user)
          .filter((u) => u.username.includes(query) && this.contacts.relation(u.userId, me) !== 'blocked');
        ok({ users, nextOffset: null });
        return true;
      }
    }
    return false;
  }

  /** What `a` and `b` see of each other now; the function returned tells each what changed since. */
  private watch(a: UserId, b: UserId): () => void {
    const before = [this.contacts.view(a, b), this.contacts.view(b, a)];
    return () => {
      for (const [i, [owner, other]] of [
        [a, b],
        [b, a],
      ].entries()) {
        const after = this.contacts.view(owner!, other!);
        if (JSON.stringify(after) === JSON.stringify(before[i])) continue;
        this.pushTo(
          [owner!],
          after
            ? { type: 'event', event: 'contact', contact: after }
            : { type: 'event', event: 'contact.gone', userId: other! },
        );
      }
    };
  }

  private isOnline(userId: UserId): boolean {
    return this.connectedUsers().includes(userId);
  }

  private presenceOf(userId: UserId): Presence {
    return { online: this.isOnline(userId), lastSeen: this.lastSeen.get(userId) ?? null };
  }

  private pushMessage(message: StoredMessage): void {
    for (const [ws, userId] of this.sockets) {
      if (userId === message.from || (userId === message.to && !this.losePushes))
        this.push(ws, { type: 'event', event: 'message', message });
    }
  }

  /** Presence goes only to friends, as the real gateway's contact directory decides. */
  private pushPresence(userId: UserId): void {
    const { online, lastSeen } = this.presenceOf(userId);
    const friends = this.contacts
      .others(userId)
      .filter((other) => this.contacts.relation(other, userId) === 'friend');
    this.pushTo(friends, { type: 'event', event: 'presence', userId, online, lastSeen });
  }

  private pushTo(userIds: readonly UserId[], frame: ServerFrame): void {
    for (const [ws, userId] of this.sockets) if (userIds.includes(userId)) this.push(ws, frame);
  }

  private push(ws: WebSocket, frame: ServerFrame): void {
    if (!this.silent && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  }
}

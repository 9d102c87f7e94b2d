import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { ClientFrame, HTTP_ROUTES, conversationId, deriveMessageId, wsRequests } from '@parley/contracts';
import type { ErrorBody, PublicUser, ServerFrame, Session, StoredMessage } from '@parley/contracts';

interface Account {
  user: PublicUser;
  password: string;
}

/**
 * A stand-in for the gateway that speaks the contract's HTTP and WebSocket protocol from memory,
 * so the client core can be tested headless without RabbitMQ or MongoDB. It knows just enough:
 * everyone is everyone's friend, seqs are per conversation, resends are stored once.
 * Tests steer it to drop connections, lose pushes, go silent or expire tokens.
 */
export class FakeGateway {
  private server: Server | null = null;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly accounts = new Map<string, Account>();
  private readonly tokens = new Map<string, { userId: string; refresh: boolean }>();
  private readonly sockets = new Map<WebSocket, string>();
  private readonly messages = new Map<string, StoredMessage[]>();
  private readonly byId = new Map<string, StoredMessage>();
  private readonly marks = new Map<string, number>();
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

  addUser(username: string, password = 'password1'): PublicUser {
    const user: PublicUser = { userId: randomUUID(), username, firstName: username, lastName: 'Test' };
    this.accounts.set(username, { user, password });
    return user;
  }

  userId(username: string): string {
    const account = this.accounts.get(username);
    if (!account) throw new Error(`no user ${username}`);
    return account.user.userId;
  }

  stored(a: string, b: string): StoredMessage[] {
    return this.messages.get(conversationId(a, b)) ?? [];
  }

  /** Stores a message as if sent from another device or user, pushing it unless `push` is false. */
  inject(from: string, to: string, text: string, push = true): StoredMessage {
    const message = this.store(from, to, randomUUID(), text);
    if (push) this.pushMessage(message);
    return message;
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
      this.sockets.set(ws, user.userId);
      ws.on('close', () => {
        this.sockets.delete(ws);
        if (!this.connectedUsers().includes(user.userId)) this.pushPresence(user.userId, false);
      });
      ws.on('message', (data) => this.request(ws, user, data.toString()));
      if (!this.welcome) return;
      this.push(ws, {
        type: 'event',
        event: 'welcome',
        user: { userId: user.userId, username: user.username },
        heartbeatMs: this.heartbeatMs,
      });
      this.pushPresence(user.userId, true);
    });
  }

  private request(ws: WebSocket, me: PublicUser, text: string): void {
    const frame = ClientFrame.parse(JSON.parse(text));
    const ok = (result: unknown) => this.push(ws, { type: 'reply', id: frame.id, ok: true, result });
    const fail = (error: ErrorBody) => this.push(ws, { type: 'reply', id: frame.id, ok: false, error });
    switch (frame.type) {
      case 'contacts.list': {
        const online = new Set(this.sockets.values());
        const contacts = [...this.accounts.values()]
          .filter((a) => a.user.userId !== me.userId)
          .map((a) => ({
            ...a.user,
            relation: 'friend',
            since: new Date(0).toISOString(),
            presence: { online: online.has(a.user.userId), lastSeen: null },
            unread: 0,
          }));
        return ok({ contacts });
      }
      case 'message.send': {
        const { clientMsgId, to, text: body } = wsRequests['message.send'].params.parse(frame.params);
        if (!this.userExists(to)) return fail({ code: 'NOT_A_CONTACT', message: 'not a contact' });
        this.sends.push({ userId: me.userId, clientMsgId });
        const existing = this.byId.get(
          deriveMessageId(conversationId(me.userId, to), me.userId, clientMsgId),
        );
        const message = existing ?? this.store(me.userId, to, clientMsgId, body);
        ok({
          clientMsgId,
          messageId: message.messageId,
          recipientOnline: this.connectedUsers().includes(to),
        });
        if (!existing) this.pushMessage(message);
        return;
      }
      case 'receipt': {
        const { kind, peer, upToSeq } = wsRequests.receipt.params.parse(frame.params);
        this.receipts.push({ reader: me.userId, kind, peer, upToSeq });
        const key = `${kind}:${me.userId}:${peer}`;
        this.marks.set(key, Math.max(this.marks.get(key) ?? 0, upToSeq));
        for (const [other, userId] of this.sockets) {
          if (userId === peer || userId === me.userId) {
            this.push(other, {
              type: 'event',
              event: 'receipt',
              kind,
              conversationId: conversationId(me.userId, peer),
              reader: me.userId,
              upToSeq,
            });
          }
        }
        return ok({});
      }
      case 'conversation.open': {
        const { peer } = wsRequests['conversation.open'].params.parse(frame.params);
        const all = this.stored(me.userId, peer);
        const messages = all.slice(-10);
        return ok({
          conversationId: conversationId(me.userId, peer),
          messages,
          lastSeq: all.length,
          firstUnreadSeq: null,
          unreadCount: 0,
          hasMoreBefore: all.length > messages.length,
          hasMoreAfter: false,
          peerDeliveredSeq: this.marks.get(`delivered:${peer}:${me.userId}`) ?? 0,
          peerReadSeq: this.marks.get(`read:${peer}:${me.userId}`) ?? 0,
        });
      }
      case 'conversation.page': {
        const { peer, beforeSeq, afterSeq, limit } = wsRequests['conversation.page'].params.parse(
          frame.params,
        );
        const all = this.stored(me.userId, peer);
        if (afterSeq !== undefined) {
          const after = all.filter((m) => m.seq > afterSeq);
          return ok({ messages: after.slice(0, limit), hasMore: after.length > limit });
        }
        const before = all.filter((m) => m.seq < beforeSeq!);
        return ok({ messages: before.slice(-limit), hasMore: before.length > limit });
      }
      case 'users.search': {
        const { query } = wsRequests['users.search'].params.parse(frame.params);
        const users = [...this.accounts.values()]
          .map((a) => a.user)
          .filter((u) => u.username.includes(query));
        return ok({ users, nextOffset: null });
      }
      case 'contacts.add': {
        const account = this.accounts.get(wsRequests['contacts.add'].params.parse(frame.params).username);
        if (!account) return fail({ code: 'USER_NOT_FOUND', message: 'no such user', field: 'username' });
        const contact = {
          ...account.user,
          relation: 'added' as const,
          since: new Date().toISOString(),
          presence: null,
        };
        ok({ contact });
        // As the real gateway does: the one who added is told on every connection.
        for (const [other, userId] of this.sockets)
          if (userId === me.userId) this.push(other, { type: 'event', event: 'contact', contact });
        return;
      }
      case 'contacts.remove':
        return ok({});
    }
    fail({ code: 'UNKNOWN_TYPE', message: `unknown type ${frame.type}` });
  }

  private userExists(userId: string): boolean {
    return [...this.accounts.values()].some((a) => a.user.userId === userId);
  }

  private store(from: string, to: string, clientMsgId: string, text: string): StoredMessage {
    const id = conversationId(from, to);
    const list = this.messages.get(id) ?? [];
    this.messages.set(id, list);
    const now = new Date().toISOString();
    const message: StoredMessage = {
      messageId: deriveMessageId(id, from, clientMsgId),
      clientMsgId,
      conversationId: id,
      seq: list.length + 1,
      from,
      to,
      text,
      sentAt: now,
      storedAt: now,
    };
    list.push(message);
    this.byId.set(message.messageId, message);
    return message;
  }

  private pushMessage(message: StoredMessage): void {
    for (const [ws, userId] of this.sockets) {
      if (userId === message.from || (userId === message.to && !this.losePushes))
        this.push(ws, { type: 'event', event: 'message', message });
    }
  }

  private pushPresence(userId: string, online: boolean): void {
    const lastSeen = online ? null : new Date().toISOString();
    for (const [ws, other] of this.sockets)
      if (other !== userId) this.push(ws, { type: 'event', event: 'presence', userId, online, lastSeen });
  }

  private push(ws: WebSocket, frame: ServerFrame): void {
    if (!this.silent && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  }
}

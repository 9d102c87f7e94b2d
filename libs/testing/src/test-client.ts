import { randomUUID } from 'node:crypto';
import { Correlator } from '@parley/async';
import {
  ErrorBody,
  HTTP_ROUTES,
  ServerEvent,
  Session,
  StoredMessage,
  WS_PATH,
  WsParams,
  WsRequestType,
  WsResult,
} from '@parley/contracts';
import WebSocket from 'ws';
import { waitUntil } from './eventually';

/** A failed request, with the server's error body. */
export class RequestFailed extends Error {
  constructor(readonly error: ErrorBody) {
    super(`${error.code}: ${error.message}`);
  }
}

/** The password `TestClient.register` gives everyone unless told otherwise. */
export const TEST_PASSWORD = 'correct horse battery';

/**
 * A minimal Parley client for tests: HTTP auth, one WebSocket, request/reply by id, and every
 * pushed event kept in order so a test can wait for the one it expects.
 */
export class TestClient {
  readonly events: ServerEvent[] = [];
  /** Errors answering frames the server could not read far enough to find an id, in order. */
  readonly anonymousErrors: ErrorBody[] = [];
  private socket: WebSocket | null = null;
  private readonly replies = new Correlator<unknown>();
  private readonly listeners = new Set<() => void>();
  closeInfo: { code: number; reason: string } | null = null;

  constructor(
    readonly gatewayUrl: string,
    public session: Session | null = null,
  ) {}

  static async register(
    gatewayUrl: string,
    username: string,
    password = TEST_PASSWORD,
    name: { firstName: string; lastName: string } = { firstName: 'Test', lastName: 'User' },
  ): Promise<TestClient> {
    await http(gatewayUrl, HTTP_ROUTES.register, {
      ...name,
      email: `${username}@example.test`,
      username,
      password,
    });
    return TestClient.login(gatewayUrl, username, password);
  }

  /** Logs in someone already registered: a session of its own, as another device would have. */
  static async login(gatewayUrl: string, username: string, password = TEST_PASSWORD): Promise<TestClient> {
    const session = (await http(gatewayUrl, HTTP_ROUTES.login, { username, password })) as Session;
    return new TestClient(gatewayUrl, session);
  }

  /** Registers, logs in and connects. */
  static async online(
    gatewayUrl: string,
    username: string,
    name?: { firstName: string; lastName: string },
  ): Promise<TestClient> {
    const client = await TestClient.register(gatewayUrl, username, undefined, name);
    await client.connect();
    return client;
  }

  /** Each adds the other: friends. */
  static async befriend(a: TestClient, b: TestClient): Promise<void> {
    await a.request('contacts.add', { username: b.session!.user.username });
    await b.request('contacts.add', { username: a.session!.user.username });
  }

  get userId(): string {
    return this.session!.user.userId;
  }

  /**
   * Opens the WebSocket and resolves on the server's welcome. Like a real client, it holds one
   * connection: one still open (or opening) is dropped first, or it would live on unseen, answer
   * pings and keep the user online.
   */
  async connect(gatewayUrl = this.gatewayUrl): Promise<void> {
    const previous = this.socket;
    if (previous && previous.readyState !== WebSocket.CLOSED) {
      this.replies.failAll(new Error('replaced by a new connection'));
      previous.terminate();
    }
    const url = gatewayUrl.replace(/^http/, 'ws') + WS_PATH;
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${this.session!.accessToken}` } });
    this.socket = socket;
    this.closeInfo = null;
    socket.on('message', (data) => this.receive(data.toString()));
    socket.on('close', (code, reason) => {
      if (this.socket !== socket) return;
      this.closeInfo = { code, reason: reason.toString() };
      this.replies.failAll(new Error(`connection closed (${code})`));
      this.notify();
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c));
        res.on('end', () => reject(new Error(`refused ${res.statusCode}: ${body}`)));
      });
      socket.once('error', reject);
      this.waitFor((e) => e.event === 'welcome', 10_000, this.events.length).then(() => resolve(), reject);
    });
  }

  /** Rotates the tokens over HTTP (`POST /auth/refresh`) and keeps the new ones. */
  async refresh(): Promise<Session> {
    const refreshToken = this.session!.refreshToken;
    this.session = (await http(this.gatewayUrl, HTTP_ROUTES.refresh, { refreshToken })) as Session;
    return this.session;
  }

  /** Rotates the tokens over the open WebSocket (`session.refresh`) and keeps the new ones. */
  async refreshOnSocket(): Promise<Session> {
    const refreshToken = this.session!.refreshToken;
    this.session = await this.request('session.refresh', { refreshToken });
    return this.session;
  }

  /** Ends this session (`POST /auth/logout`), or with `everywhere` every session of the user. */
  async logout(everywhere = false): Promise<void> {
    await http(this.gatewayUrl, HTTP_ROUTES.logout, { refreshToken: this.session!.refreshToken, everywhere });
  }

  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await http(
      this.gatewayUrl,
      HTTP_ROUTES.password,
      { currentPassword, newPassword },
      { authorization: `Bearer ${this.session!.accessToken}` },
    );
  }

  /** Resolves with the close code and reason once the connection is closed. */
  async closed(timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
    return waitUntil(() => this.closeInfo, {
      timeoutMs,
      what: 'the connection to close',
      everyMs: 20,
      wake: this.wake,
    });
  }

  /**
   * Connects like `connect`, but where the server closes the connection before its welcome this
   * resolves false at once (the code and reason are in `closeInfo`) instead of failing on a timeout.
   */
  async tryConnect(gatewayUrl = this.gatewayUrl): Promise<boolean> {
    let decided = false;
    const welcomed = this.connect(gatewayUrl).then(() => true);
    welcomed.catch(() => undefined);
    const closed = waitUntil(() => decided || this.closeInfo !== null, {
      timeoutMs: Infinity,
      everyMs: 20,
      wake: this.wake,
    }).then(() => false);
    try {
      return await Promise.race([welcomed, closed]);
    } finally {
      decided = true;
    }
  }

  /** Sends a message to another test client and resolves once it has arrived there, stored. */
  async deliver(
    recipient: TestClient,
    text: string,
    clientMsgId: string = randomUUID(),
  ): Promise<StoredMessage> {
    const ack = await this.request('message.send', { clientMsgId, to: recipient.userId, text });
    const event = await recipient.waitFor(
      (e) => e.event === 'message' && e.message.messageId === ack.messageId,
    );
    if (event.event !== 'message') throw new Error('not a message');
    return event.message;
  }

  request<T extends WsRequestType>(type: T, params: WsParams<T>, timeoutMs = 10_000): Promise<WsResult<T>> {
    const id = randomUUID();
    return this.requestWithId(id, type, params, timeoutMs) as Promise<WsResult<T>>;
  }

  requestWithId(id: string, type: string, params: unknown, timeoutMs = 10_000): Promise<unknown> {
    return this.sendRaw(JSON.stringify({ id, type, params }), id, timeoutMs);
  }

  /** Sends any text and, if `id` is given, resolves with the reply to it. */
  sendRaw(text: string | Buffer, id?: string, timeoutMs = 10_000): Promise<unknown> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return Promise.reject(new Error('not connected'));
    const reply = id
      ? this.replies.expect(id, timeoutMs, () => new Error(`no reply to ${id} within ${timeoutMs} ms`))
      : Promise.resolve(undefined);
    socket.send(text);
    return reply;
  }

  waitFor(match: (event: ServerEvent) => boolean, timeoutMs = 10_000, from = 0): Promise<ServerEvent> {
    return waitUntil(() => this.events.slice(from).find(match), {
      timeoutMs,
      what: 'a matching event',
      details: () => `the last events: ${JSON.stringify(this.events.slice(-5))}`,
      everyMs: 50,
      wake: this.wake,
    });
  }

  async waitUntil(condition: () => boolean, timeoutMs = 10_000, what = 'the condition'): Promise<void> {
    await waitUntil(condition, { timeoutMs, what, everyMs: 20 });
  }

  messages(): Extract<ServerEvent, { event: 'message' }>['message'][] {
    return this.events.flatMap((e) => (e.event === 'message' ? [e.message] : []));
  }

  close(): void {
    this.socket?.close();
  }

  /** Drops the TCP connection without a close frame, as a lost network would. */
  drop(): void {
    this.socket?.terminate();
  }

  /** Sends bytes as they are: a binary frame, or a text frame that need not be valid UTF-8. */
  sendBytes(data: Buffer, binary: boolean): void {
    this.socket?.send(data, { binary });
  }

  /**
   * Stops reading the socket, so pings go unanswered while TCP stays up: a half-open connection.
   * Through ws's own pause: pausing the TCP socket under it is undone as soon as ws's receiver
   * drains, and the client then answers pings again.
   */
  freeze(): void {
    this.socket?.pause();
  }

  get socketState(): number {
    return this.socket?.readyState ?? WebSocket.CLOSED;
  }

  private receive(text: string): void {
    const frame = JSON.parse(text) as {
      type: string;
      id?: string | null;
      ok?: boolean;
      result?: unknown;
      error?: ErrorBody;
    } & ServerEvent;
    if (frame.type === 'reply') {
      const outcome = frame.ok
        ? frame.result
        : new RequestFailed(frame.error ?? { code: 'INTERNAL', message: 'a refusal without an error' });
      const awaited = frame.id ? this.replies.settle(frame.id, outcome) : false;
      if (!awaited && !frame.ok && frame.error) this.anonymousErrors.push(frame.error);
    } else {
      const { type: _type, ...event } = frame;
      this.events.push(event as ServerEvent);
    }
    this.notify();
  }

  /** For `waitUntil`: wakes a wait on this client whenever a frame arrives or the connection closes. */
  private readonly wake = (wake: () => void) => {
    this.listeners.add(wake);
    return () => this.listeners.delete(wake);
  };

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** The error a request was refused with; throws if it succeeded, or failed for another reason. */
export async function refusal(request: Promise<unknown>): Promise<ErrorBody> {
  try {
    await request;
  } catch (error) {
    if (error instanceof RequestFailed) return error.error;
    throw error;
  }
  throw new Error('expected the request to be refused, but it succeeded');
}

export async function http(
  baseUrl: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const response = await fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { error?: ErrorBody };
  if (!response.ok)
    throw new RequestFailed(json.error ?? { code: 'INTERNAL', message: `HTTP ${response.status}` });
  return json;
}

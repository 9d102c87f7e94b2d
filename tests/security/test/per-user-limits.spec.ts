import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ErrorBody, MESSAGE_LOG, WS_CLOSE } from '@parley/contracts';
import { RequestFailed, TestClient, TestSystem, eventually, pause } from '@parley/testing';
import mongoose from 'mongoose';

/** The limits these tests run with: the gateway's defaults, spelled out. */
const RATE_PER_SECOND = 20;
const RATE_BURST = 50;
const ABUSE_LIMIT = 30;
const CAP = 10;
const CAP_REASON = `you have ${CAP} connections open, the most allowed; close one first`;
const OPEN = 1;

type Outcome =
  { kind: 'ack'; result: unknown } | { kind: 'error'; error: ErrorBody } | { kind: 'lost'; why: string };

/** What became of a request: answered with a result or an explicit error, or never answered. */
const outcome = (request: Promise<unknown>): Promise<Outcome> =>
  request.then(
    (result) => ({ kind: 'ack', result }),
    (error: unknown) =>
      error instanceof RequestFailed
        ? { kind: 'error', error: error.error }
        : { kind: 'lost', why: (error as Error).message },
  );

/**
 * One account cannot buy itself more than one account's share: connections are capped per user
 * across gateways, frames are limited per user, every frame is answered (also the one that trips a
 * limit), and a client that honours `retryAfterMs` is never closed.
 */
describe('per-user limits', () => {
  let system: TestSystem;
  let db: mongoose.Connection;
  const clients: TestClient[] = [];

  before(async () => {
    system = await TestSystem.start('limits', {
      gateways: 2,
      extraEnv: {
        RATE_PER_SECOND: String(RATE_PER_SECOND),
        RATE_BURST: String(RATE_BURST),
        ABUSE_LIMIT: String(ABUSE_LIMIT),
        MAX_CONNECTIONS_PER_USER: String(CAP),
      },
    });
    db = await mongoose.createConnection(system.ns.mongoUrl).asPromise();
  });

  after(async () => {
    for (const client of clients) client.close();
    await db?.close();
    await system?.stop();
  });

  const online = async (username: string, gateway = 0): Promise<TestClient> => {
    const client = await TestClient.register(system.gatewayUrl(gateway), username);
    await client.connect();
    clients.push(client);
    return client;
  };
  /** Another device of the same user, not yet connected. */
  const device = (of: TestClient, gateway = 0): TestClient => {
    const client = new TestClient(system.gatewayUrl(gateway), of.session);
    clients.push(client);
    return client;
  };
  const pair = async (name: string): Promise<[TestClient, TestClient]> => {
    const [sender, friend] = await Promise.all([online(`${name}-s`), online(`${name}-f`)]);
    await TestClient.befriend(sender, friend);
    return [sender, friend];
  };
  const send = (client: TestClient, to: TestClient, clientMsgId: string, timeoutMs?: number) =>
    client.request('message.send', { clientMsgId, to: to.userId, text: `text of ${clientMsgId}` }, timeoutMs);
  const storedFrom = (sender: TestClient) =>
    db.collection(MESSAGE_LOG.messages).find({ from: sender.userId }).toArray();

  it(`keeps at most ${CAP} connections of one user open and closes the rest with ${WS_CLOSE.tooManyConnections}`, async () => {
    const user = await TestClient.register(system.gatewayUrl(0), 'crowd');
    const devices = Array.from({ length: 20 }, () => device(user));
    await Promise.all(devices.map((d) => d.tryConnect()));
    const open = await eventually(
      async () => devices.filter((d) => d.socketState === OPEN).length,
      (n) => n <= CAP,
    );
    assert.equal(open, CAP, `${CAP} stay open`);
    for (const closed of devices.filter((d) => d.socketState !== OPEN))
      assert.deepEqual(closed.closeInfo, { code: WS_CLOSE.tooManyConnections, reason: CAP_REASON });
    for (const d of devices) d.close();
  });

  it('holds the cap across two gateways', async () => {
    const user = await TestClient.register(system.gatewayUrl(0), 'spread');
    const first = Array.from({ length: 6 }, () => device(user, 0));
    for (const d of first) await d.connect();
    const second = Array.from({ length: 6 }, () => device(user, 1));
    for (const d of second) await d.tryConnect();
    const all = [...first, ...second];
    const openCount = () => all.filter((d) => d.socketState === OPEN).length;
    await eventually(
      async () => openCount(),
      (n) => n <= CAP,
      15_000,
    );
    // Nothing more is closed once the user is back at the cap.
    await pause(1500);
    assert.equal(openCount(), CAP);
    for (const closed of all.filter((d) => d.socketState !== OPEN))
      assert.deepEqual(closed.closeInfo, { code: WS_CLOSE.tooManyConnections, reason: CAP_REASON });
    for (const d of all) d.close();
  });

  it('gives two connections of one user sending as fast as they can no more than one connection gets', async () => {
    const [sender, friend] = await pair('twin');
    const twin = device(sender);
    await twin.connect();
    const started = Date.now();
    const outcomes = await Promise.all(
      [sender, twin].flatMap((client, c) =>
        Array.from({ length: 150 }, (_, i) => outcome(send(client, friend, `twin-${c}-${i}`, 20_000))),
      ),
    );
    const seconds = (Date.now() - started) / 1000;
    const acked = outcomes.filter((o) => o.kind === 'ack').length;
    // Counted where it is stored: a message accepted just before a close may never be acked.
    await eventually(
      () => storedFrom(sender),
      (docs) => docs.length >= acked,
    );
    await pause(1500);
    const accepted = (await storedFrom(sender)).length;
    // What one connection alone could get: a full bucket and the refill meanwhile (befriending
    // took one token of it, which leaves room for rounding).
    const oneConnection = RATE_BURST + RATE_PER_SECOND * seconds;
    assert.ok(
      accepted <= oneConnection,
      `${accepted} accepted (${acked} acked) in ${seconds} s; one connection gets ${oneConnection}`,
    );
  });

  it('answers every frame of a burst of 90 and keeps the connection open', async () => {
    const [sender, friend] = await pair('burst');
    const outcomes = await Promise.all(
      Array.from({ length: 90 }, (_, i) => outcome(send(sender, friend, `burst-${i}`))),
    );
    const lost = outcomes.filter((o) => o.kind === 'lost');
    assert.deepEqual(lost, [], 'every frame has its reply');
    const errors = outcomes.flatMap((o) => (o.kind === 'error' ? [o.error] : []));
    assert.ok(errors.length > 0, 'the burst went over the limit');
    assert.ok(errors.every((e) => e.code === 'RATE_LIMITED' && (e.retryAfterMs ?? 0) > 0));
    await pause(500);
    assert.equal(sender.socketState, OPEN, 'still open');
    await pause(Math.max(...errors.map((e) => e.retryAfterMs!)));
    await send(sender, friend, 'burst-after');
  });

  it('never closes a client that resends refused frames after their retryAfterMs: 300 messages, each stored once and acked', async () => {
    const [sender, friend] = await pair('patient');
    const honouring = async (clientMsgId: string): Promise<{ messageId: string }> => {
      for (;;) {
        try {
          return await send(sender, friend, clientMsgId);
        } catch (error) {
          if (!(error instanceof RequestFailed) || error.error.code !== 'RATE_LIMITED') throw error;
          await pause(error.error.retryAfterMs!);
        }
      }
    };
    const acks = await Promise.all(Array.from({ length: 300 }, (_, i) => honouring(`patient-${i}`)));
    assert.equal(sender.closeInfo, null, 'never closed');
    assert.equal(new Set(acks.map((a) => a.messageId)).size, 300, 'every message acked');
    const stored = await eventually(
      () => storedFrom(sender),
      (docs) => docs.length >= 300,
      20_000,
    );
    assert.equal(stored.length, 300, 'each stored once');
    assert.equal(new Set(stored.map((m) => m.clientMsgId as string)).size, 300);
  });

  it('answers every send of a client that mixes sends with invalid frames until it is closed', async () => {
    const [sender, friend] = await pair('mixer');
    const sends: Promise<Outcome>[] = [];
    for (let i = 0; i < 100 && sender.socketState === OPEN; i++) {
      sends.push(outcome(send(sender, friend, `mixer-${i}`)));
      const answered = sender.anonymousErrors.length;
      await sender.sendRaw('not json').catch(() => undefined);
      await sender
        .waitUntil(() => sender.anonymousErrors.length > answered || sender.closeInfo !== null, 10_000)
        .catch(() => undefined);
    }
    await sender.waitUntil(() => sender.closeInfo !== null, 15_000, 'the close');
    assert.equal(sender.closeInfo!.code, WS_CLOSE.policy);
    assert.ok(
      sender.anonymousErrors.length > ABUSE_LIMIT,
      `the invalid frame that tipped the limit got its error (${sender.anonymousErrors.length} errors)`,
    );
    // Everything sent up to the frame that tipped the limit was read before the close.
    const before = (await Promise.all(sends)).slice(0, ABUSE_LIMIT + 1);
    assert.deepEqual(
      before.flatMap((o, i) => (o.kind === 'lost' ? [`send ${i}: ${o.why}`] : [])),
      [],
      'each has its ack or an explicit error',
    );
    assert.ok(before.some((o) => o.kind === 'ack'));
  });

  it('still closes a client that ignores retryAfterMs', async () => {
    const [sender, friend] = await pair('pushy');
    const deadline = Date.now() + 20_000;
    for (let i = 0; sender.socketState === OPEN && Date.now() < deadline; i++) {
      void outcome(send(sender, friend, `pushy-${i}`));
      await pause(5);
    }
    assert.equal(sender.closeInfo?.code, WS_CLOSE.policy);
  });

  it('leaves honest users alone: several devices on both gateways, reconnecting now and then', async () => {
    const [alice, bob] = await pair('honest');
    const phone = device(alice, 1);
    const tablet = device(alice, 0);
    await Promise.all([phone.connect(), tablet.connect()]);
    const outcomes = await Promise.all(
      [alice, phone, tablet].map(async (client, c) => {
        const results: Outcome[] = [];
        for (let i = 0; i < 10; i++) {
          results.push(await outcome(send(client, bob, `honest-${c}-${i}`)));
          await pause(200);
        }
        return results;
      }),
    );
    const acks = outcomes.flat().filter((o) => o.kind === 'ack') as { result: { messageId: string } }[];
    assert.equal(acks.length, 30, JSON.stringify(outcomes.flat().filter((o) => o.kind !== 'ack')));
    for (const { result } of acks)
      await bob.waitFor((e) => e.event === 'message' && e.message.messageId === result.messageId);
    for (let round = 0; round < 2 * CAP; round++) {
      phone.close();
      await phone.waitUntil(() => phone.socketState === 3, 5000, 'closed');
      assert.equal(await phone.tryConnect(), true, `reconnect ${round} welcomed`);
    }
    for (const client of [alice, phone, tablet]) assert.equal(client.socketState, OPEN);
  });
});

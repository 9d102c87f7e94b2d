import { ParleyError, PublicUser, Session, SessionRef, usersRpc } from '@parley/contracts';
import { AmqpConnection, RpcClient } from '@parley/messaging';
import { EventTap, ServiceProcess, TestNamespace, createNamespace } from '@parley/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';

export const JWT_SECRET = 'users-service-test-secret-0123456789abcdef';
export const PASSWORD = 'correct horse battery';
/** The client address a login comes from unless a test says otherwise. */
export const ADDRESS = '127.0.0.1';

/** A session of `userId` that no login began, for tokens signed by a test. */
export const aSession = (userId: string): SessionRef => ({
  userId,
  sessionId: randomUUID(),
  begunAt: Date.now(),
});

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

function startUsers(ns: TestNamespace): Promise<ServiceProcess> {
  return ServiceProcess.start('users', {
    RABBITMQ_URL: ns.rabbitUrl,
    MONGO_URL: ns.mongoUrl,
    JWT_SECRET,
    LOG_LEVEL: 'warn',
  });
}

/** A users process of its own, in a namespace of its own, and a client that talks to it over the broker. */
export class UsersHarness {
  private constructor(
    readonly ns: TestNamespace,
    public service: ServiceProcess,
    readonly connection: AmqpConnection,
    readonly rpc: RpcClient,
  ) {}

  static async start(label: string): Promise<UsersHarness> {
    const ns = await createNamespace(label);
    return UsersHarness.attach(ns, await startUsers(ns));
  }

  /** Talks to a users process already started in `ns`. */
  static async attach(ns: TestNamespace, service: ServiceProcess): Promise<UsersHarness> {
    const connection = new AmqpConnection({ url: ns.rabbitUrl, name: `test-${ns.name}`, logger: quiet });
    const rpc = new RpcClient(connection, 20_000);
    await connection.start();
    return new UsersHarness(ns, service, connection, rpc);
  }

  /** Stops the service gracefully and starts a new process on the same broker and database. */
  async restart(): Promise<void> {
    await this.service.kill();
    this.service = await startUsers(this.ns);
  }

  async stop(): Promise<void> {
    await this.connection.close();
    await this.service.kill();
    await this.ns.dispose();
  }

  /** Registers someone with a unique name and returns them with their password. */
  async register(
    overrides: Partial<Record<'firstName' | 'lastName' | 'email' | 'username' | 'password', string>> = {},
  ): Promise<PublicUser> {
    const tag = randomBytes(4).toString('hex');
    return this.rpc.call(usersRpc.register, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: `ada.${tag}@example.com`,
      username: `ada_${tag}`,
      password: PASSWORD,
      ...overrides,
    });
  }

  async registerAndLogin(overrides: Parameters<UsersHarness['register']>[0] = {}): Promise<Session> {
    const user = await this.register(overrides);
    return this.rpc.call(usersRpc.login, {
      username: user.username,
      password: overrides.password ?? PASSWORD,
      address: ADDRESS,
    });
  }

  /** What the events exchange routes to `patterns`, from now on. */
  listen(patterns: readonly string[]): Promise<EventTap> {
    return EventTap.listen(this.ns.rabbitUrl, patterns);
  }

  /** The service still answers an ordinary request. */
  async assertAlive(): Promise<void> {
    const page = await this.rpc.call(usersRpc.search, {
      userId: '00000000-0000-4000-8000-000000000000',
      query: 'zzz-nobody',
    });
    assert.deepEqual(page.users, []);
  }
}

/** Asserts that `promise` fails with a ParleyError of `code` (and `field`, when given). */
export async function rejectsWith(
  promise: Promise<unknown>,
  code: string,
  field?: string,
): Promise<ParleyError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ParleyError, `expected a ParleyError, got ${String(error)}`);
    assert.equal(error.code, code, `expected ${code}, got ${error.code}: ${error.message}`);
    if (field !== undefined)
      assert.equal(
        error.details.field,
        field,
        `expected field ${field}, got ${error.details.field} (${error.message})`,
      );
    return error;
  }
  assert.fail(`expected ${code}, but the call succeeded`);
}

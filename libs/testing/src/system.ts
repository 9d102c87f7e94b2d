import { createNamespace, TestNamespace } from './namespace';
import { ServiceName, ServiceProcess } from './service-process';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

/** The whole system, as real processes, in a private namespace; only the services that store get MONGO_URL. */
export class TestSystem {
  private constructor(
    readonly ns: TestNamespace,
    readonly services: Map<string, ServiceProcess>,
    private readonly env: Record<string, string>,
  ) {}

  static async start(
    label: string,
    options: { gateways?: number; extraEnv?: Record<string, string> } = {},
  ): Promise<TestSystem> {
    const ns = await createNamespace(label);
    const env = {
      RABBITMQ_URL: ns.rabbitUrl,
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'warn',
      HEARTBEAT_MS: '2000',
      SHUTDOWN_TIMEOUT_MS: '8000',
      ...options.extraEnv,
    };
    const system = new TestSystem(ns, new Map(), env);
    try {
      // Settled, not all: a service still starting when another failed would outlive the test.
      const started = await Promise.allSettled([
        system.startService('users'),
        system.startService('store'),
        system.startService('history'),
      ]);
      for (const result of started) if (result.status === 'rejected') throw result.reason;
      for (let i = 0; i < (options.gateways ?? 1); i++)
        await system.startService('gateway', `gateway${i}`, { GATEWAY_ID: `gw${i}` });
    } catch (error) {
      await system.stop();
      throw error;
    }
    return system;
  }

  async startService(
    name: ServiceName,
    key: string = name,
    env: Record<string, string> = {},
  ): Promise<ServiceProcess> {
    const previous = this.services.get(key);
    const port: Record<string, string> = previous ? { HTTP_PORT: String(previous.port) } : {};
    const database: Record<string, string> = name === 'gateway' ? {} : { MONGO_URL: this.ns.mongoUrl };
    const service = await ServiceProcess.start(name, { ...this.env, ...database, ...port, ...env });
    this.services.set(key, service);
    return service;
  }

  service(key: string): ServiceProcess {
    const service = this.services.get(key);
    if (!service) throw new Error(`no service ${key}`);
    return service;
  }

  gatewayUrl(index = 0): string {
    return this.service(`gateway${index}`).url;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.services.values()].map((s) => s.kill('SIGTERM')));
    await this.ns.dispose();
  }
}

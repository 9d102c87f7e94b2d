import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { testInfra } from './infra';

/** A private RabbitMQ vhost and MongoDB database for one test file, so runs and files never see each other's data. */
export interface TestNamespace {
  name: string;
  rabbitUrl: string;
  mongoUrl: string;
  /** Deletes the vhost and drops the database. */
  dispose(): Promise<void>;
}

export async function createNamespace(label: string): Promise<TestNamespace> {
  const infra = testInfra();
  const name = `parley_${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const management = infra.rabbitManagementUrl;
  if (!management)
    throw new Error('RABBITMQ_MANAGEMENT_URL is needed to create a private vhost for each test file');
  const api = managementApi(management);
  await api('PUT', `/api/vhosts/${name}`, {});
  await api('PUT', `/api/permissions/${name}/${encodeURIComponent(api.user)}`, {
    configure: '.*',
    write: '.*',
    read: '.*',
  });
  const rabbit = new URL(infra.rabbitUrl);
  rabbit.pathname = `/${name}`;
  const mongo = new URL(infra.mongoUrl);
  mongo.pathname = `/${name}`;
  return {
    name,
    rabbitUrl: rabbit.toString(),
    mongoUrl: mongo.toString(),
    async dispose() {
      await api('DELETE', `/api/vhosts/${name}`).catch(() => undefined);
      const connection = await mongoose
        .createConnection(mongo.toString(), { serverSelectionTimeoutMS: 5000 })
        .asPromise();
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
}

function managementApi(baseUrl: string) {
  const url = new URL(baseUrl);
  const user = decodeURIComponent(url.username || 'guest');
  const auth =
    'Basic ' + Buffer.from(`${user}:${decodeURIComponent(url.password || 'guest')}`).toString('base64');
  const origin = `${url.protocol}//${url.host}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(origin + path, {
      method,
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`RabbitMQ management ${method} ${path}: ${response.status} ${await response.text()}`);
  };
  return Object.assign(call, { user });
}

import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { testInfra } from './infra';
import { managementApi } from './management-api';

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
  const api = managementApi('to create a private vhost for each test file');
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

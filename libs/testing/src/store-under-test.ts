import {
  EXCHANGES,
  MESSAGE_LOG,
  MessagesSubmitted,
  SubmittedMessage,
  envelope,
  messageKey,
  shardOf,
} from '@parley/contracts';
import { TestNamespace, createNamespace } from './namespace';
import { ServiceProcess } from './service-process';
import * as amqp from 'amqplib';
import mongoose from 'mongoose';

/**
 * A real store process in a namespace of its own, fed straight through the broker as gateways
 * feed it, with a connection to its database to look at what it wrote.
 */
export class StoreUnderTest {
  private constructor(
    readonly ns: TestNamespace,
    readonly db: mongoose.Connection,
    readonly service: ServiceProcess,
    readonly broker: amqp.ChannelModel,
    private readonly channel: amqp.ConfirmChannel,
  ) {}

  /**
   * `prepare` runs before the store starts (to seed the log, or to put something in front of the
   * database) and may return settings for it.
   */
  static async start(
    label: string,
    prepare: (
      ns: TestNamespace,
      db: mongoose.Connection,
    ) => Promise<Record<string, string> | void> = async () => undefined,
  ): Promise<StoreUnderTest> {
    const ns = await createNamespace(label);
    const db = await mongoose.createConnection(ns.mongoUrl).asPromise();
    let service: ServiceProcess | null = null;
    try {
      const env = (await prepare(ns, db)) ?? {};
      service = await ServiceProcess.start('store', {
        RABBITMQ_URL: ns.rabbitUrl,
        MONGO_URL: ns.mongoUrl,
        LOG_LEVEL: 'warn',
        ...env,
      });
      const broker = await amqp.connect(ns.rabbitUrl);
      return new StoreUnderTest(ns, db, service, broker, await broker.createConfirmChannel());
    } catch (error) {
      // What was opened before the failure would keep the test process (and a store) running.
      await service?.kill('SIGKILL');
      await db.close();
      await ns.dispose();
      throw error;
    }
  }

  /** Publishes bytes as they are; resolves once the broker has confirmed them. */
  publish(routingKey: string, body: Buffer): Promise<void> {
    return new Promise((ok, fail) =>
      this.channel.publish(EXCHANGES.events, routingKey, body, { persistent: true }, (e) =>
        e ? fail(e) : ok(),
      ),
    );
  }

  /** Submits messages of one conversation as one batch, on that conversation's shard. */
  submit(messages: SubmittedMessage[]): Promise<void> {
    return this.publish(
      MessagesSubmitted.binding(shardOf(messages[0]!.conversationId)),
      Buffer.from(JSON.stringify(envelope(MessagesSubmitted, { messages }))),
    );
  }

  async stop(): Promise<void> {
    await this.broker.close().catch(() => undefined);
    await this.service.kill();
    await this.db.close();
    await this.ns.dispose();
  }
}

/** A claim as the store writes it: a message id holds a seq of its conversation. */
export interface SeededClaim {
  messageId: string;
  seq: number;
}

/**
 * What an earlier store left in the log of one conversation: `stored` messages, each with its
 * claim, and `claimsOnly` claims whose messages were never written (a batch cut off part way).
 */
export async function seedMessageLog(
  db: mongoose.Connection,
  conversationId: string,
  stored: readonly (SubmittedMessage & { seq: number })[],
  claimsOnly: readonly SeededClaim[] = [],
): Promise<void> {
  const claims = [...stored, ...claimsOnly].map(({ messageId, seq }) => ({
    _id: messageId,
    conversationId,
    seq,
  }));
  await db.collection(MESSAGE_LOG.claims).insertMany(claims as never[]);
  await db
    .collection(MESSAGE_LOG.messages)
    .insertMany(
      stored.map((m) => ({ _id: messageKey(conversationId, m.seq), ...m, storedAt: m.sentAt })) as never[],
    );
}

import {
  EXCHANGES,
  MessagesSubmitted,
  ROUTING,
  SubmittedMessage,
  envelope,
  shardOf,
} from '@parley/contracts';
import { ServiceProcess, TestNamespace } from '@parley/testing';
import * as amqp from 'amqplib';

/** A real store process in a test's namespace, fed straight through the broker as gateways feed it. */
export class StoreUnderTest {
  private constructor(
    readonly service: ServiceProcess,
    readonly broker: amqp.ChannelModel,
    private readonly channel: amqp.ConfirmChannel,
  ) {}

  static async start(ns: TestNamespace, env: Record<string, string> = {}): Promise<StoreUnderTest> {
    const service = await ServiceProcess.start('store', {
      RABBITMQ_URL: ns.rabbitUrl,
      MONGO_URL: ns.mongoUrl,
      LOG_LEVEL: 'warn',
      ...env,
    });
    const broker = await amqp.connect(ns.rabbitUrl);
    return new StoreUnderTest(service, broker, await broker.createConfirmChannel());
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
      ROUTING.messagesSubmitted(shardOf(messages[0]!.conversationId)),
      Buffer.from(JSON.stringify(envelope(MessagesSubmitted, { messages }))),
    );
  }

  async stop(): Promise<void> {
    await this.broker.close().catch(() => undefined);
    await this.service.kill();
  }
}

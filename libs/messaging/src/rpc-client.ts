import type { Channel, ConsumeMessage } from 'amqplib';
import {
  DIRECT_REPLY_TO,
  ParleyError,
  RPC_DEADLINE_HEADER,
  RpcContract,
  RpcReplySchema,
} from '@parley/contracts';
import { Correlator } from '@parley/async';
import { z } from 'zod';
import { AmqpConnection } from './amqp-connection';
import { MessagingMetrics, UNMEASURED } from './messaging-metrics';
import { SupervisedChannel } from './supervised-channel';
import { CONTENT_TYPE, decode, encode } from './codec';

/**
 * Request/response over RabbitMQ's direct reply-to: no reply queue per caller, no per-request
 * channel. Every call has a deadline; a late or lost reply becomes a clear UNAVAILABLE error, and
 * the request itself expires in the queue so a slow server never works on an abandoned call.
 */
export class RpcClient {
  private readonly channel: SupervisedChannel;
  private readonly replies = new Correlator(`${process.pid.toString(36)}-${Date.now().toString(36)}-`);

  constructor(
    connection: AmqpConnection,
    private readonly defaultTimeoutMs = 5000,
    private readonly metrics: MessagingMetrics = UNMEASURED,
  ) {
    this.channel = connection.supervise({
      name: 'rpc client',
      open: (channel) => this.open(channel),
      // Direct replies come only on the channel that sent the request: those still due are lost.
      lost: () =>
        this.replies.failAll(
          new ParleyError('UNAVAILABLE', 'the channel to the message broker closed; try again'),
        ),
    });
  }

  /** Measured from the call to its reply or error, whatever the error: a refusal, a timeout, no broker. */
  async call<P extends string, Req extends z.ZodType, Res extends z.ZodType>(
    contract: RpcContract<P, Req, Res>,
    request: z.input<Req>,
    timeoutMs = this.defaultTimeoutMs,
  ): Promise<z.infer<Res>> {
    const started = performance.now();
    const ended = (outcome: string) =>
      this.metrics.rpcEnded(contract.pattern, outcome, (performance.now() - started) / 1000);
    try {
      const reply = await this.send(contract, request, timeoutMs);
      ended('ok');
      return reply;
    } catch (error) {
      ended(error instanceof ParleyError ? error.code : 'INTERNAL');
      throw error;
    }
  }

  private async send<P extends string, Req extends z.ZodType, Res extends z.ZodType>(
    contract: RpcContract<P, Req, Res>,
    request: z.input<Req>,
    timeoutMs: number,
  ): Promise<z.infer<Res>> {
    const channel = this.channel.current ?? (await this.channel.opened());
    if (!channel)
      throw new ParleyError(
        'UNAVAILABLE',
        `cannot reach ${contract.queue}: the message broker is unavailable`,
      );
    const correlationId = this.replies.nextId();
    const reply = this.replies.expect(
      correlationId,
      timeoutMs,
      () =>
        new ParleyError(
          'UNAVAILABLE',
          `${contract.queue} did not answer ${contract.pattern} within ${timeoutMs} ms`,
        ),
    );
    channel.sendToQueue(contract.queue, encode(request), {
      type: contract.pattern,
      correlationId,
      replyTo: DIRECT_REPLY_TO,
      contentType: CONTENT_TYPE,
      expiration: String(timeoutMs),
      headers: { [RPC_DEADLINE_HEADER]: Date.now() + timeoutMs },
    });
    return this.checked(contract, await reply);
  }

  /** The reply's data as its contract describes it; one that does not match is the server's fault. */
  private checked<Res extends z.ZodType>(
    contract: RpcContract<string, z.ZodType, Res>,
    data: unknown,
  ): z.infer<Res> {
    const parsed = contract.response.safeParse(data);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new ParleyError(
      'INTERNAL',
      `${contract.queue} answered ${contract.pattern} with a reply its contract does not allow (${where}${issue?.message ?? 'invalid'})`,
    );
  }

  private async open(channel: Channel): Promise<void> {
    await channel.consume(DIRECT_REPLY_TO, (message) => message && this.receive(message), { noAck: true });
  }

  private receive(message: ConsumeMessage): void {
    const id = message.properties.correlationId as string;
    this.replies.settle(id, this.outcome(message.content));
  }

  /** The reply's data, or the error it carries or is. */
  private outcome(content: Buffer): unknown {
    let json: unknown;
    try {
      json = decode(content, 'the reply');
    } catch {
      return new ParleyError('INTERNAL', 'a service sent a reply that is not JSON');
    }
    const reply = RpcReplySchema.safeParse(json);
    if (!reply.success)
      return new ParleyError(
        'INTERNAL',
        'a service sent a reply that is neither {ok: true, data} nor {ok: false, error}',
      );
    return reply.data.ok ? reply.data.data : ParleyError.fromBody(reply.data.error);
  }
}

import { z } from 'zod';
import { DIRECT_REPLY_TO, EXCHANGES, EXCHANGE_TYPES, SHARDS } from './broker';
import { AnyEventContract, SegmentName } from './envelope';
import { EVENTS, EVENT_PUBLISHERS, Service } from './events';
import { QueueDeclaration, RpcQueue, rpcContractsOf } from './queue';
import { QUEUES } from './queues';
import { AnyRpcContract, RPC_DEADLINE_HEADER, RpcReplySchema } from './rpc';

/**
 * The broker's contracts as an AsyncAPI 3.0.0 document: every exchange, routing key, queue,
 * event and RPC request and reply, with payloads in zod's own JSON Schema. Written to
 * docs/asyncapi.json by `npm run asyncapi`; tests/static fails when that file is stale. Everything
 * is built in the order of the contracts' own lists, so the document changes only with them.
 */

type Json = { [key: string]: unknown };

const AMQP_BINDING = '0.3.0';
const VHOST = '/';
const REPLY_CHANNEL = 'rpc.replies';

/** Who takes a queue's messages (none: the dead letters, kept for an operator) and, for RPC, who asks. */
interface QueueFamily {
  readonly queues: readonly QueueDeclaration[];
  readonly consumer: Service | null;
  /** The last word of the queue's name when there is one queue per value of it. */
  readonly parameter?: Parameter;
  /** Who asks, for a family of RPC queues (carrying `RpcContracts`). */
  readonly callers?: readonly Service[];
}

interface Parameter {
  readonly name: string;
  readonly values: readonly string[];
  readonly description: string;
}

const SHARD: Parameter = {
  name: 'shard',
  values: SHARDS.map(String),
  description: "The conversation's shard, shardOf(conversationId): FNV-1a modulo SHARD_COUNT.",
};
const SEGMENTS: Readonly<Record<SegmentName, Parameter>> = {
  shard: SHARD,
  gatewayId: { name: 'gatewayId', values: [], description: 'The id of the gateway instance.' },
  userId: { name: 'userId', values: [], description: 'The id (a UUID) of the user concerned.' },
};

const QUEUE_FAMILIES: readonly QueueFamily[] = [
  { queues: SHARDS.map(QUEUES.storeShard), consumer: 'store', parameter: SHARD },
  { queues: SHARDS.map(QUEUES.historyShard), consumer: 'history', parameter: SHARD },
  { queues: [QUEUES.usersPresence], consumer: 'users' },
  {
    queues: [QUEUES.gateway(`{${SEGMENTS.gatewayId.name}}`)],
    consumer: 'gateway',
    parameter: SEGMENTS.gatewayId,
  },
  { queues: [QUEUES.deadLetters], consumer: null },
  // Only the gateway asks: the services answer, and never ask one another.
  { queues: [QUEUES.usersRpc], consumer: 'users', callers: ['gateway'] },
  { queues: [QUEUES.historyRpc], consumer: 'history', callers: ['gateway'] },
];

export function asyncApiDocument(version: string): Json {
  const families = QUEUE_FAMILIES.map(queueChannel);
  const rpcs = QUEUE_FAMILIES.flatMap((family) =>
    family.queues.flatMap((queue) =>
      family.callers ? rpcContractsOf(queue as RpcQueue).map((contract) => ({ contract, family })) : [],
    ),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Parley',
      version,
      description: [
        "Parley's RabbitMQ topology, generated from libs/contracts (`npm run asyncapi`).",
        `Events are published persistently, through confirms, to the ${EXCHANGE_TYPES.events} exchange`,
        `\`${EXCHANGES.events}\`; each queue binds the routing keys of the events it carries. RPC`,
        'requests go through the default exchange to their queue, with the pattern in the AMQP `type`',
        `property, an \`expiration\` and the header \`${RPC_DEADLINE_HEADER}\` (the caller's deadline),`,
        `and are answered on RabbitMQ's direct reply-to \`${DIRECT_REPLY_TO}\` with`,
        '`{ok: true, data}` or `{ok: false, error}`. Payloads are JSON Schemas of what the receiving',
        'contract accepts; checks zod runs as code (a `refine`, such as history.page\'s "exactly one',
        'of beforeSeq and afterSeq") are not in them: libs/contracts is the authority.',
      ].join(' '),
    },
    defaultContentType: 'application/json',
    servers: {
      broker: {
        host: '{host}:{port}',
        protocol: 'amqp',
        protocolVersion: '0.9.1',
        pathname: VHOST,
        description: 'The RabbitMQ broker (3.10 or 4) every service connects to (RABBITMQ_URL).',
        variables: { host: { default: 'localhost' }, port: { default: '5672' } },
      },
    },
    channels: {
      ...Object.fromEntries(EVENTS.map((event) => [event.type, eventChannel(event)])),
      [EXCHANGES.deadLetter]: deadLetterExchangeChannel(),
      ...Object.fromEntries(families.map(({ id, channel }) => [id, channel])),
      [REPLY_CHANNEL]: {
        address: DIRECT_REPLY_TO,
        description: "RabbitMQ's direct reply-to: each caller's replies, without a reply queue per caller.",
        messages: Object.fromEntries(rpcs.map(({ contract }) => [replyId(contract), ref(replyId(contract))])),
        bindings: {
          amqp: { is: 'queue', queue: { name: DIRECT_REPLY_TO, vhost: VHOST }, bindingVersion: AMQP_BINDING },
        },
      },
    },
    operations: {
      ...Object.fromEntries(EVENTS.flatMap(publishOperations)),
      ...Object.fromEntries(families.flatMap(({ operation }) => operation)),
      ...Object.fromEntries(rpcs.flatMap(({ contract, family }) => rpcOperations(contract, family))),
    },
    components: {
      messages: {
        ...Object.fromEntries(EVENTS.map((event) => [event.type, eventMessage(event)])),
        ...Object.fromEntries(rpcs.flatMap(({ contract }) => rpcMessages(contract))),
      },
    },
  };
}

const ref = (message: string) => ({ $ref: `#/components/messages/${message}` });
const channelRef = (channel: string) => ({ $ref: `#/channels/${channel}` });
const channelMessageRef = (channel: string, message: string) => ({
  $ref: `#/channels/${channel}/messages/${message}`,
});
const replyId = (contract: AnyRpcContract) => `${contract.pattern}.reply`;

/**
 * A zod schema as JSON Schema (draft-07, which AsyncAPI's schema format extends), as the receiver
 * parses it: defaulted fields are optional. What JSON Schema cannot express becomes "any value",
 * and the schema says so.
 */
function jsonSchema(schema: z.ZodType): Json {
  const convert = (unrepresentable: 'throw' | 'any') => {
    const { $schema: _, ...json } = z.toJSONSchema(schema, {
      target: 'draft-07',
      io: 'input',
      unrepresentable,
    });
    return json as Json;
  };
  try {
    return convert('throw');
  } catch (error) {
    return {
      ...convert('any'),
      description: `Parts JSON Schema cannot express are shown as any value (${(error as Error).message}).`,
    };
  }
}

function parameters(parameter: Parameter): Json {
  return {
    [parameter.name]: {
      ...(parameter.values.length > 0 ? { enum: parameter.values } : {}),
      description: parameter.description,
    },
  };
}

function eventChannel(event: AnyEventContract): Json {
  const segment = SEGMENTS[event.segment];
  return {
    address: event.binding(`{${segment.name}}`),
    title: `${event.type} events`,
    description: `Routing keys of ${event.type} on ${EXCHANGES.events}; ${consumersOf(event)}`,
    parameters: parameters(segment),
    messages: { [event.type]: ref(event.type) },
    bindings: {
      amqp: {
        is: 'routingKey',
        exchange: {
          name: EXCHANGES.events,
          type: EXCHANGE_TYPES.events,
          durable: true,
          autoDelete: false,
          vhost: VHOST,
        },
        bindingVersion: AMQP_BINDING,
      },
    },
  };
}

/** Which queues bind an event, and whose they are. */
function consumersOf(event: AnyEventContract): string {
  const queues = QUEUE_FAMILIES.filter(({ callers }) => callers === undefined)
    .filter(
      ({ queues: [queue], consumer }) =>
        consumer !== null && queue !== undefined && (queue.carries as readonly unknown[]).includes(event),
    )
    .map((family) => `${family.consumer} (queue ${templated(family, (q) => [q.name]).join()})`);
  return queues.length > 0
    ? `consumed by ${queues.join(', ')}.`
    : 'no queue binds it: the broker drops it once it has confirmed it.';
}

/** Every event a work queue gives up on: what the dead-letter exchange can carry. */
const deadLettered = () =>
  QUEUE_FAMILIES.flatMap(({ queues }) => queues)
    .filter((queue) => queue.options.arguments['x-dead-letter-exchange'] === EXCHANGES.deadLetter)
    .flatMap((queue) => queue.carries as readonly AnyEventContract[])
    .filter((event, i, all) => all.indexOf(event) === i);

function deadLetterExchangeChannel(): Json {
  return {
    address: null,
    title: 'dead letters',
    description: `The ${EXCHANGE_TYPES.deadLetter} exchange work queues send what they give up on to: what keeps failing past its delivery limit, or arrives malformed (then as it arrived). Routing keys are ignored.`,
    messages: Object.fromEntries(deadLettered().map((event) => [event.type, ref(event.type)])),
    bindings: {
      amqp: {
        is: 'routingKey',
        exchange: {
          name: EXCHANGES.deadLetter,
          type: EXCHANGE_TYPES.deadLetter,
          durable: true,
          autoDelete: false,
          vhost: VHOST,
        },
        bindingVersion: AMQP_BINDING,
      },
    },
  };
}

/**
 * The one form of a family's names: each queue's with its own value of the parameter as
 * `{parameter}`. Throws where the queues' names or bindings do not follow one form.
 */
function templated(family: QueueFamily, pick: (queue: QueueDeclaration) => readonly string[]): string[] {
  const { parameter } = family;
  const forms = family.queues.map((queue, i) => {
    const value = parameter?.values[i];
    return pick(queue).map((text) =>
      value === undefined ? text : text.replace(new RegExp(`\\.${value}$`), `.{${parameter!.name}}`),
    );
  });
  const [first = [], ...rest] = forms;
  for (const form of rest)
    if (form.join() !== first.join())
      throw new Error(
        `queues ${family.queues.map((q) => q.name).join(', ')} differ by more than their ${parameter?.name}`,
      );
  return first;
}

function queueChannel(family: QueueFamily): { id: string; channel: Json; operation: [string, Json][] } {
  const [queue] = family.queues;
  if (!queue) throw new Error('a queue family without queues');
  const [name = queue.name] = templated(family, (q) => [q.name]);
  const bindings = templated(family, (q) => q.bindings);
  const retired = templated(family, (q) => q.retiredBindings);
  const rpc = family.callers !== undefined;
  const messages = rpc
    ? rpcContractsOf(queue as RpcQueue).map((contract) => contract.pattern)
    : (queue.exchange === EXCHANGES.deadLetter
        ? deadLettered()
        : (queue.carries as readonly AnyEventContract[])
      ).map((event) => event.type);
  const id = `queue.${name.replace(/[{}]/g, '')}`;
  const channel = {
    address: name,
    title: `queue ${name}`,
    description:
      [
        family.consumer ? `Consumed by ${family.consumer}` : 'Consumed by no service (kept for an operator)',
        `acknowledgement: ${queue.acknowledgement}`,
        queue.validated ? 'every message checked against its contract' : 'messages not checked again',
        rpc
          ? 'reached through the default exchange'
          : `bound on ${queue.exchange} to ${bindings.map((b) => (b === '' ? 'every key' : `\`${b}\``)).join(', ')}`,
        ...(retired.length > 0 ? [`unbinds ${retired.map((b) => `\`${b}\``).join(', ')} (retired)`] : []),
      ].join('; ') + '.',
    ...(family.parameter ? { parameters: parameters(family.parameter) } : {}),
    messages: Object.fromEntries(messages.map((message) => [message, ref(message)])),
    bindings: {
      amqp: {
        is: 'queue',
        queue: {
          name,
          durable: queue.options.durable,
          exclusive: queue.options.exclusive ?? false,
          autoDelete: queue.options.autoDelete ?? false,
          vhost: VHOST,
        },
        'x-arguments': queue.options.arguments,
        'x-exchange': queue.exchange,
        'x-binding-keys': bindings,
        ...(retired.length > 0 ? { 'x-retired-binding-keys': retired } : {}),
        bindingVersion: AMQP_BINDING,
      },
    },
  };
  const operation: [string, Json][] =
    family.consumer === null || rpc
      ? []
      : [
          [
            `${family.consumer}.consume.${name.replace(/[{}]/g, '')}`,
            {
              action: 'receive',
              title: `${family.consumer} consumes ${name}`,
              channel: channelRef(id),
              messages: messages.map((message) => channelMessageRef(id, message)),
              tags: [{ name: family.consumer }],
              bindings: { amqp: { ack: true, bindingVersion: AMQP_BINDING } },
            },
          ],
        ];
  return { id, channel, operation };
}

function publishOperations(event: AnyEventContract): [string, Json][] {
  return EVENT_PUBLISHERS[event.type as keyof typeof EVENT_PUBLISHERS].map((service) => [
    `${service}.publish.${event.type}`,
    {
      action: 'send',
      title: `${service} publishes ${event.type}`,
      channel: channelRef(event.type),
      messages: [channelMessageRef(event.type, event.type)],
      tags: [{ name: service }],
      bindings: { amqp: { deliveryMode: 2, mandatory: false, bindingVersion: AMQP_BINDING } },
    },
  ]);
}

function eventMessage(event: AnyEventContract): Json {
  return {
    name: event.type,
    title: `${event.type} v${event.version}`,
    contentType: 'application/json',
    correlationId: { location: '$message.payload#/correlationId' },
    payload: jsonSchema(event.envelope),
    bindings: { amqp: { messageType: event.type, bindingVersion: AMQP_BINDING } },
  };
}

function rpcOperations(contract: AnyRpcContract, family: QueueFamily): [string, Json][] {
  const queueId = `queue.${contract.queue}`;
  const reply = {
    channel: channelRef(REPLY_CHANNEL),
    messages: [channelMessageRef(REPLY_CHANNEL, replyId(contract))],
  };
  const messages = [channelMessageRef(queueId, contract.pattern)];
  const server = family.consumer!;
  return [
    ...(family.callers ?? []).map((caller): [string, Json] => [
      `${caller}.request.${contract.pattern}`,
      {
        action: 'send',
        title: `${caller} asks ${contract.pattern}`,
        description: `Sent to ${contract.queue} through the default exchange; \`expiration\` is the caller's timeout.`,
        channel: channelRef(queueId),
        messages,
        reply,
        tags: [{ name: caller }],
        bindings: { amqp: { deliveryMode: 1, mandatory: false, bindingVersion: AMQP_BINDING } },
      },
    ]),
    [
      `${server}.answer.${contract.pattern}`,
      {
        action: 'receive',
        title: `${server} answers ${contract.pattern}`,
        channel: channelRef(queueId),
        messages,
        reply,
        tags: [{ name: server }],
        bindings: { amqp: { ack: true, bindingVersion: AMQP_BINDING } },
      },
    ],
  ];
}

function rpcMessages(contract: AnyRpcContract): [string, Json][] {
  const [success, failure] = RpcReplySchema.options;
  return [
    [
      contract.pattern,
      {
        name: contract.pattern,
        title: `${contract.pattern} request`,
        contentType: 'application/json',
        headers: {
          type: 'object',
          properties: {
            [RPC_DEADLINE_HEADER]: {
              type: 'integer',
              description: 'The epoch millisecond after which the caller no longer waits for the answer.',
            },
          },
          required: [RPC_DEADLINE_HEADER],
        },
        payload: jsonSchema(contract.request),
        bindings: { amqp: { messageType: contract.pattern, bindingVersion: AMQP_BINDING } },
      },
    ],
    [
      replyId(contract),
      {
        name: replyId(contract),
        title: `${contract.pattern} reply`,
        contentType: 'application/json',
        payload: jsonSchema(z.union([success.extend({ data: contract.response }), failure])),
      },
    ],
  ];
}

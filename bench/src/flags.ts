import { parseArgs } from 'node:util';

export const SCENARIOS = [
  'throughput',
  'latency',
  'open-conversation',
  'offline-flush',
  'idle',
  'logins',
  'contacts-list',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface Flags {
  pairs: number;
  /** Messages per sender in the throughput scenario. */
  messages: number;
  mode: 'open' | 'closed';
  /** Open loop: total offered messages per second. */
  rate: number;
  /** Open-loop sweep for the latency chart; always includes `rate`. */
  rates: number[];
  /** Seconds each step of the sweep lasts. */
  stepSeconds: number;
  /** Closed loop: messages in flight per sender. */
  inflight: number;
  /** Closed loop: a message stops being in flight when it is acked, or when its recipient has it. */
  window: 'ack' | 'delivered';
  size: number;
  gateways: number;
  stores: number;
  scenarios: Scenario[];
  idleConnections: number;
  logins: number;
  /** Concurrent WebSocket connects in the logins and idle scenarios. */
  loginConcurrency: number;
  unread: number;
  flushRepeats: number;
  opens: number;
  /** Friends of the user whose contacts list is timed, each with one message written. */
  contacts: number;
  /** contacts.list requests timed. */
  lists: number;
  out: string;
  profile: boolean;
  smoke: boolean;
}

export const HELP = `Parley benchmark: starts gateway, users, store and history as real processes in a private
RabbitMQ vhost and database (RABBITMQ_URL, RABBITMQ_MANAGEMENT_URL, MONGO_URL), drives them over
real WebSockets, prints a table against the targets of issue 7 and writes JSON and an SVG chart.

  npm run bench -- [flags]

  --scenario LIST        all | throughput,latency,open-conversation,offline-flush,idle,logins,
                         contacts-list (default all)
  --pairs N              conversation pairs, 2N users online (default 100)
  --messages N           messages per sender in the throughput scenario (default 200)
  --mode open|closed     throughput scenario: closed loop (peak) or open loop at --rate (default closed)
  --inflight N           closed loop: messages in flight per sender (default 10)
  --window ack|delivered closed loop: a message is in flight until acked (the broker has it) or
                         until its recipient has it (default ack)
  --rate N               open loop: offered messages/s in total (default 300)
  --rates LIST           latency sweep, offered messages/s (default 100,300,1000,2000,4000)
  --step-seconds N       seconds per sweep step (default 5)
  --size N               message body in bytes (default 100)
  --gateways N           gateway instances; users are spread over them round robin (default 1)
  --stores N             store instances (default 1); one is active per shard (single active consumer)
  --idle-connections N   authenticated idle connections for the memory figure (default 10000)
  --logins N             token logins (WebSocket connect to welcome) to time (default 2000)
  --login-concurrency N  connects in flight at once (default 50)
  --unread N             offline flush: unread messages waiting for the returning user (default 1000)
  --flush-repeats N      offline flush repetitions, one fresh pair each (default 3)
  --opens N              conversation.open requests timed (default 300)
  --contacts N           contacts list: friends of the user who lists, each having written (default 50)
  --lists N              contacts.list requests timed (default 300)
  --out DIR              results folder (default bench/results)
  --profile              run the services under node --cpu-prof and list their hottest functions
  --smoke                tiny configuration for CI (overrides sizes, keeps the scenario list)
  --help
`;

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function positive(name: string, value: string, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`--${name} must be an integer >= ${min}, got ${value}`);
  return n;
}

export function parseFlags(argv: string[]): Flags | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      scenario: { type: 'string', default: 'all' },
      pairs: { type: 'string', default: '100' },
      messages: { type: 'string', default: '200' },
      mode: { type: 'string', default: 'closed' },
      inflight: { type: 'string', default: '10' },
      window: { type: 'string', default: 'ack' },
      rate: { type: 'string', default: '300' },
      rates: { type: 'string', default: '100,300,1000,2000,4000' },
      'step-seconds': { type: 'string', default: '5' },
      size: { type: 'string', default: '100' },
      gateways: { type: 'string', default: '1' },
      stores: { type: 'string', default: '1' },
      'idle-connections': { type: 'string', default: '10000' },
      logins: { type: 'string', default: '2000' },
      'login-concurrency': { type: 'string', default: '50' },
      unread: { type: 'string', default: '1000' },
      'flush-repeats': { type: 'string', default: '3' },
      opens: { type: 'string', default: '300' },
      contacts: { type: 'string', default: '50' },
      lists: { type: 'string', default: '300' },
      out: { type: 'string', default: 'bench/results' },
      profile: { type: 'boolean', default: false },
      smoke: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  if (values.mode !== 'open' && values.mode !== 'closed')
    throw new Error(`--mode must be open or closed, got ${values.mode}`);
  if (values.window !== 'ack' && values.window !== 'delivered')
    throw new Error(`--window must be ack or delivered, got ${values.window}`);
  const names = values.scenario === 'all' ? [...SCENARIOS] : list(values.scenario);
  for (const name of names) {
    if (!(SCENARIOS as readonly string[]).includes(name))
      throw new Error(`unknown scenario ${name}; one of all, ${SCENARIOS.join(', ')}`);
  }
  const rate = positive('rate', values.rate);
  const flags: Flags = {
    pairs: positive('pairs', values.pairs),
    messages: positive('messages', values.messages),
    mode: values.mode,
    rate,
    rates: [...new Set([...list(values.rates).map((r) => positive('rates', r)), rate])].sort((a, b) => a - b),
    stepSeconds: positive('step-seconds', values['step-seconds']),
    inflight: positive('inflight', values.inflight),
    window: values.window,
    size: positive('size', values.size),
    gateways: positive('gateways', values.gateways),
    stores: positive('stores', values.stores),
    scenarios: names as Scenario[],
    idleConnections: positive('idle-connections', values['idle-connections']),
    logins: positive('logins', values.logins),
    loginConcurrency: positive('login-concurrency', values['login-concurrency']),
    unread: positive('unread', values.unread),
    flushRepeats: positive('flush-repeats', values['flush-repeats']),
    opens: positive('opens', values.opens),
    contacts: positive('contacts', values.contacts),
    lists: positive('lists', values.lists),
    out: values.out,
    profile: values.profile,
    smoke: values.smoke,
  };
  return flags.smoke ? smoke(flags) : flags;
}

/** Small enough to finish in well under a minute on a CI runner; it checks loss and duplicates, never speed. */
function smoke(flags: Flags): Flags {
  return {
    ...flags,
    pairs: 3,
    messages: 20,
    inflight: 4,
    rate: 50,
    rates: [20, 50],
    stepSeconds: 1,
    idleConnections: 20,
    logins: 20,
    loginConcurrency: 5,
    unread: 30,
    flushRepeats: 1,
    opens: 10,
    contacts: 5,
    lists: 10,
  };
}

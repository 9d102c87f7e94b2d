import { isIPv6 } from 'node:net';

/** The keys a login attempt is counted under: its username from its client, and its client alone. */
export interface ThrottleKeys {
  /** Null for a name that cannot exist: it is counted against the client only and never stored. */
  name: string | null;
  client: string;
}

export function throttleKeys(username: string | null, address: string): ThrottleKeys {
  const client = clientOf(address);
  return { name: username === null ? null : `name:${username}@${client}`, client: `client:${client}` };
}

/**
 * An IPv4 address as it is; an IPv6 address by its /64 network, since one subscriber is usually
 * given a whole /64 and could otherwise rotate through 2^64 allowances.
 */
export function clientOf(address: string): string {
  if (!isIPv6(address)) return address;
  const [head = '', tail] = address.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  // An embedded IPv4 address stands for two groups; it only ever comes last, past the /64.
  const width = (part: string[]) => part.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const left = groups(head);
  const right = groups(tail);
  const zeros = tail === undefined ? [] : Array<string>(8 - width(left) - width(right)).fill('0');
  const network = [...left, ...zeros, ...right].slice(0, 4).map((g) => parseInt(g, 16).toString(16));
  return `${network.join(':')}::/64`;
}

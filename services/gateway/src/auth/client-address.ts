import { ParleyError } from '@parley/contracts';
import type { IncomingMessage } from 'node:http';

/**
 * The address of the client at the other end of the request's TCP connection, as the users service
 * counts failed logins by it: an IPv4 client on a dual-stack socket as plain IPv4, without an IPv6
 * zone. Never taken from the body or a header, which the client writes.
 */
export function clientAddress(request: IncomingMessage): string {
  const raw = request.socket.remoteAddress;
  // Only a socket already closed has none; its answer could not be sent anyway.
  if (!raw) throw new ParleyError('UNAVAILABLE', 'the connection closed before the request was read');
  return normalizeAddress(raw);
}

export function normalizeAddress(raw: string): string {
  const address = raw.split('%')[0]!;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

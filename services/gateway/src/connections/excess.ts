import { ConnectionCounts } from '@parley/contracts';

/**
 * How many of a user's `here` connections on gateway `self` to close when, with the counts the
 * other gateways reported, the user holds more than `cap` in all. Every gateway decides from the
 * same announcement, so the excess is split without talking: it falls on the gateways in
 * descending order of id, each closing what those after it cannot. A gateway counts its own
 * connections as they are now, so a gateway whose count grew since it was announced may close
 * some that another also closes; the next announcement shows the user at or under the cap.
 */
export function excessHere(connections: ConnectionCounts, self: string, here: number, cap: number): number {
  let total = here;
  let after = 0;
  for (const gatewayId in connections) {
    if (gatewayId === self) continue;
    total += connections[gatewayId]!;
    if (gatewayId > self) after += connections[gatewayId]!;
  }
  return Math.min(here, Math.max(0, total - cap - after));
}

import { TestSystem } from '@parley/testing';
import { BenchClient } from './bench-client';
import { Flags } from './flags';
import { Pair } from './population';

/** What every scenario runs against: the started system and the main population of friends. */
export interface Context {
  system: TestSystem;
  flags: Flags;
  clients: BenchClient[];
  pairs: Pair[];
  /** A message body of `flags.size` bytes. */
  text: string;
}

/**
 * How long a phase waits for its last deliveries: until nothing arrived for DRAIN_QUIET_MS (what is
 * missing then counts as lost) and never longer than DRAIN_MAX_MS.
 */
export const DRAIN_QUIET_MS = 10_000;
export const DRAIN_MAX_MS = 180_000;

/** The gateways ping every connection this often during the run (the production default is 15 s). */
export const HEARTBEAT_MS = 2000;

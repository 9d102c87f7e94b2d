/**
 * What the messaging layer tells about its own work, for whichever metrics backend the process
 * uses (libs/platform's is Prometheus); the messaging layer itself knows no backend.
 */
export interface MessagingMetrics {
  /** A batch of `size` broker messages from `queue` handed to its handler (retries not counted again). */
  batchTaken(queue: string, size: number): void;
  /** An RPC call ended after `seconds`: `outcome` is `ok` or the code of the error it ended with. */
  rpcEnded(rpc: string, outcome: string, seconds: number): void;
}

/** For a bus whose work nobody measures, such as one built in a test. */
export const UNMEASURED: MessagingMetrics = {
  batchTaken: () => undefined,
  rpcEnded: () => undefined,
};

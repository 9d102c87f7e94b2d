import { MessagingMetrics } from '@parley/messaging';
import { LATENCY_BUCKETS_SECONDS, Metrics } from './metrics';

/** Broker messages per batch: 1 when idle, up to a consumer's prefetch under load. */
const BATCH_SIZE_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

/** The messaging layer's batches and RPC calls as Prometheus series. */
export function prometheusMessagingMetrics(metrics: Metrics): MessagingMetrics {
  const batches = metrics.histogram({
    name: 'parley_consumer_batch_size',
    help: 'Broker messages per batch handed to a batch consumer, by queue',
    labelNames: ['queue'],
    buckets: BATCH_SIZE_BUCKETS,
  });
  const rpc = metrics.histogram({
    name: 'parley_rpc_client_duration_seconds',
    help: 'RPC calls made by this service, from call to reply, by RPC and outcome (ok, or the error code)',
    labelNames: ['rpc', 'outcome'],
    buckets: LATENCY_BUCKETS_SECONDS,
  });
  return {
    batchTaken: (queue, size) => batches.observe({ queue }, size),
    rpcEnded: (name, outcome, seconds) => rpc.observe({ rpc: name, outcome }, seconds),
  };
}

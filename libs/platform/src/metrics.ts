import {
  Counter,
  CounterConfiguration,
  Gauge,
  GaugeConfiguration,
  Histogram,
  HistogramConfiguration,
  Registry,
  collectDefaultMetrics,
} from 'prom-client';

export type { Counter, Gauge, Histogram } from 'prom-client';

/** Buckets for latencies between processes, in seconds: from a millisecond to half a minute. */
export const LATENCY_BUCKETS_SECONDS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

/**
 * Seconds from an ISO timestamp another process set to now, for a latency between processes: on
 * one host exact, across hosts as good as their clocks (never below zero when they disagree).
 */
export function secondsSince(isoTime: string, now = Date.now()): number {
  return Math.max(0, now - Date.parse(isoTime)) / 1000;
}

/**
 * This app's Prometheus registry, served at `GET /metrics`: one per app rather than prom-client's
 * global one, so that two apps in one process (tests) never share or collide on a series. Every
 * series carries the label `service`, and the registry holds prom-client's default process series
 * (memory, CPU, event-loop lag, GC, handles). Features make their series here and keep them in a
 * small provider of their own, which their domain code calls.
 */
export class Metrics {
  readonly registry = new Registry();

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
    return new Counter({ ...config, registers: [this.registry] });
  }

  gauge<L extends string>(config: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
    return new Gauge({ ...config, registers: [this.registry] });
  }

  histogram<L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
    return new Histogram({ ...config, registers: [this.registry] });
  }

  /** The text exposition format, as Prometheus scrapes it. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { Counter, Metrics } from '@parley/platform';
import { ConnectionRegistry } from './connection-registry';

/** The WebSocket connections of this instance, as Prometheus series. */
@Injectable()
export class ConnectionMetrics {
  private readonly welcomed: Counter;

  constructor(@Inject(Metrics) metrics: Metrics, registry: ConnectionRegistry) {
    metrics.gauge({
      name: 'parley_gateway_connections',
      help: 'Open, authenticated WebSocket connections of this gateway',
      collect() {
        this.set(registry.size);
      },
    });
    this.welcomed = metrics.counter({
      name: 'parley_gateway_connections_welcomed_total',
      help: 'WebSocket connections that presented a valid token and were welcomed',
    });
  }

  welcome(): void {
    this.welcomed.inc();
  }
}

import { Controller, Get, Header, Inject } from '@nestjs/common';
import { HTTP_ROUTES } from '@parley/contracts';
import { Registry } from 'prom-client';
import { Metrics } from './metrics';

/** `GET /metrics` beside `/health`, on the service's HTTP port: what Prometheus scrapes. */
@Controller(HTTP_ROUTES.metrics)
export class MetricsController {
  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  exposition(): Promise<string> {
    return this.metrics.exposition();
  }
}

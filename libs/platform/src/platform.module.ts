import {
  DynamicModule,
  Global,
  Inject,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { APP_FILTER, DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AmqpBus, AmqpConnection, Bus, declareTopology } from '@parley/messaging';
import { BaseConfig } from './config';
import { HealthController, HealthRegistry } from './health';
import { HttpErrorFilter } from './http-error.filter';
import { Logger } from './logger';
import { prometheusMessagingMetrics } from './messaging-metrics';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';
import { QueueLag } from './queue-lag';
import { ServedRoutes } from './served-routes';
import { CONFIG, LOGGER } from './tokens';

export interface PlatformOptions {
  service: string;
  config: BaseConfig;
  logger: Logger;
}

/** Opens the broker in the background once the app is wired, and closes it last. */
class PlatformLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(AmqpConnection) private readonly broker: AmqpConnection) {}

  onApplicationBootstrap(): void {
    void this.broker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.broker.close();
  }
}

/**
 * What every Parley service stands on: config, logger, the broker's connection and bus, health,
 * metrics (one registry per app), and HTTP failures in the contracts' `{ error }` shape. A service that stores something adds
 * DatabaseModule from @parley/database.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot({ service, config, logger }: PlatformOptions): DynamicModule {
    const broker = new AmqpConnection({
      url: config.RABBITMQ_URL,
      name: `parley-${service}`,
      logger,
      declare: declareTopology,
    });
    const metrics = new Metrics(service);
    return {
      module: PlatformModule,
      imports: [TerminusModule.forRoot({ logger: false }), DiscoveryModule],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: AmqpConnection, useValue: broker },
        { provide: Bus, useValue: new AmqpBus(broker, logger, prometheusMessagingMetrics(metrics)) },
        { provide: Metrics, useValue: metrics },
        QueueLag,
        HealthRegistry,
        PlatformLifecycle,
        ServedRoutes,
        { provide: APP_FILTER, useClass: HttpErrorFilter },
      ],
      exports: [CONFIG, LOGGER, AmqpConnection, Bus, HealthRegistry, Metrics, QueueLag],
    };
  }
}

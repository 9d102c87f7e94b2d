import 'reflect-metadata';
import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { HTTP_MAX_BODY_BYTES, RpcQueue } from '@parley/contracts';
import { AmqpConnection, AmqpRpcServer } from '@parley/messaging';
import { z } from 'zod';
import { BaseConfig, ConfigError, loadConfig } from './config';
import { Logger, NestPinoLogger, createLogger } from './logger';

export interface ServiceDefinition<C extends BaseConfig> {
  name: string;
  config: z.ZodType<C>;
  module: (config: C, logger: Logger) => DynamicModule;
  /** The queues of the requests this service answers over the broker. */
  rpc?: readonly RpcQueue[];
}

/**
 * Starts a service: validated config (or exit 1 naming each bad variable), JSON logs, the HTTP
 * server for health (JSON bodies of at most HTTP_MAX_BODY_BYTES), the RPC transport, and a
 * graceful stop on SIGTERM/SIGINT that exits 0 once everything held is finished or returned, or 1
 * if that takes longer than SHUTDOWN_TIMEOUT_MS.
 */
export async function runService<C extends BaseConfig>(
  definition: ServiceDefinition<C>,
): Promise<INestApplication> {
  let config: C;
  try {
    config = loadConfig(definition.config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    createLogger(definition.name, 'info').fatal(
      { problems: error.problems },
      `cannot start: ${error.message}`,
    );
    process.exit(1);
  }
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  process.on('unhandledRejection', (reason) =>
    logger.error({ err: String((reason as Error)?.stack ?? reason) }, 'unhandled rejection'),
  );

  const app = await NestFactory.create<NestExpressApplication>(definition.module(config, logger), {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
    bodyParser: false,
  });
  // Bodies are JSON and nothing else: Nest's default parsers also read form bodies, each with its
  // own implicit limit. Any JSON value is read; JsonObjectBody says when it is not an object.
  app.useBodyParser('json', { limit: HTTP_MAX_BODY_BYTES, strict: false });
  if (definition.rpc?.length) {
    const strategy = new AmqpRpcServer({
      connection: app.get(AmqpConnection),
      queues: definition.rpc,
      logger,
    });
    app.connectMicroservice({ strategy }, { inheritAppConfig: true });
  }
  installShutdown(app, logger, config.SHUTDOWN_TIMEOUT_MS);
  await app.startAllMicroservices();
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  logger.info({ port: config.HTTP_PORT, host: config.HTTP_HOST }, `${definition.name} started`);
  return app;
}

function installShutdown(app: INestApplication, logger: Logger, timeoutMs: number): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, timeoutMs).unref();
    app.close().then(
      () => {
        logger.info({}, 'stopped');
        process.exit(0);
      },
      (error: Error) => {
        logger.error({ err: error.stack }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

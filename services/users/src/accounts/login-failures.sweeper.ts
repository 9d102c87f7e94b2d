import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { LOGGER, Logger } from '@parley/platform';
import { LoginFailuresRepository } from './login-failures.repository';

const SWEEP_EVERY_MS = 10 * 60_000;

/** Deletes forgotten login failures now and then, since FerretDB has no TTL index to do it. */
@Injectable()
export class LoginFailuresSweeper implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(LoginFailuresRepository) private readonly failures: LoginFailuresRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async sweep(): Promise<void> {
    try {
      const deleted = await this.failures.sweep(Date.now());
      if (deleted > 0) this.logger.debug({ deleted }, 'swept forgotten login failures');
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'could not sweep forgotten login failures');
    }
  }
}

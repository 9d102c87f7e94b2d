import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { CONFIG, LOGGER, Logger } from '@parley/platform';
import { UsersConfig } from '../config';
import { SessionsRepository } from './sessions.repository';

/**
 * Deletes spent refresh tokens, ended sessions and revocations once they can no longer matter
 * (FerretDB has no TTL indexes). Each sweep reads those collections whole on FerretDB, so it runs
 * every SESSIONS_SWEEP_MS, off every request's path; several users instances sweep alike, harmlessly.
 */
@Injectable()
export class SessionSweeper implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(
    @Inject(SessionsRepository) private readonly repository: SessionsRepository,
    @Inject(CONFIG) private readonly config: UsersConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.SESSIONS_SWEEP_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const deleted = await this.repository.sweep(new Date());
      if (deleted > 0) this.logger.info({ deleted }, 'swept what no longer ends a session');
    } catch (error) {
      this.logger.warn(
        { err: (error as Error).message },
        'could not sweep ended sessions; trying again later',
      );
    } finally {
      this.sweeping = false;
    }
  }
}

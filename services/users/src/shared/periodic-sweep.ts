import { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Logger } from '@parley/platform';

/**
 * Deletes, every `everyMs`, what a collection no longer needs, since FerretDB has no TTL index to
 * do it. A sweep reads its collection whole on FerretDB, so it runs off every request's path, one
 * at a time; several users instances sweep alike, harmlessly.
 */
export class PeriodicSweep implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(
    /** What is deleted, for the log: "forgotten login failures". */
    private readonly what: string,
    private readonly everyMs: number,
    /** Deletes what is over at `now`, answering how many documents went. */
    private readonly sweep: (now: Date) => Promise<number>,
    private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.run(), this.everyMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async run(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const deleted = await this.sweep(new Date());
      if (deleted > 0) this.logger.info({ deleted }, `swept ${this.what}`);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, `could not sweep ${this.what}; trying again later`);
    } finally {
      this.sweeping = false;
    }
  }
}

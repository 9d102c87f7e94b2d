import { Inject, Injectable } from '@nestjs/common';
import { ParleyError } from '@parley/contracts';
import { Counter, Metrics } from '@parley/platform';

/** Logins by outcome, as a Prometheus series. */
@Injectable()
export class LoginMetrics {
  private readonly logins: Counter<'outcome'>;

  constructor(@Inject(Metrics) metrics: Metrics) {
    this.logins = metrics.counter({
      name: 'parley_logins_total',
      help: 'Password logins by outcome: ok, or the error code (INVALID_CREDENTIALS, TOO_MANY_ATTEMPTS, ...)',
      labelNames: ['outcome'],
    });
  }

  /** Counts the login `attempt` once it has ended, and passes on what it ended with. */
  async counted<T>(attempt: Promise<T>): Promise<T> {
    try {
      const result = await attempt;
      this.logins.inc({ outcome: 'ok' });
      return result;
    } catch (error) {
      this.logins.inc({ outcome: error instanceof ParleyError ? error.code : 'INTERNAL' });
      throw error;
    }
  }
}

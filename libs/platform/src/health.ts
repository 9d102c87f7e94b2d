import {
  ArgumentsHost,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  Inject,
  Injectable,
  ServiceUnavailableException,
  UseFilters,
} from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { AmqpConnection } from '@parley/messaging';

export interface HealthProbe {
  name: string;
  /** null when healthy, else what is wrong. */
  problem(): string | null;
}

/** Where features add what "healthy" means for them, such as "my consumer is attached". */
@Injectable()
export class HealthRegistry {
  readonly probes: HealthProbe[] = [];

  add(probe: HealthProbe): void {
    this.probes.push(probe);
  }
}

/**
 * A failed check is still the answer asked for: terminus's report of every probe, which monitors
 * and the tests read, with its 503; not an error of the request, so not in the `{ error }` shape.
 */
@Catch(ServiceUnavailableException)
class HealthReport implements ExceptionFilter {
  catch(exception: ServiceUnavailableException, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse<{ status(code: number): { json(body: unknown): void } }>()
      .status(exception.getStatus())
      .json(exception.getResponse());
  }
}

@Controller('health')
@UseFilters(HealthReport)
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(AmqpConnection) private readonly broker: AmqpConnection,
    private readonly registry: HealthRegistry,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    const probes: HealthProbe[] = [
      { name: 'broker', problem: () => (this.broker.isReady ? null : this.broker.status) },
      ...this.broker.channels,
      ...this.registry.probes,
    ];
    return this.health.check(probes.map((probe) => async () => this.indicate(probe)));
  }

  private indicate(probe: HealthProbe): HealthIndicatorResult {
    const problem = probe.problem();
    const session = this.indicators.check(probe.name);
    return problem === null ? session.up() : session.down({ message: problem });
  }
}

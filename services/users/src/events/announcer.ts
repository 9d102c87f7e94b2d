import { Inject, Injectable } from '@nestjs/common';
import { Envelope, EventContract } from '@parley/contracts';
import { Bus } from '@parley/messaging';
import { LOGGER, Logger } from '@parley/platform';
import { z } from 'zod';

/**
 * Announces what a request changed, after the change is stored. A refused publish is logged and
 * not returned to the caller: the change has happened, and repeating the request would now be
 * refused (already taken, already friends), so an error would only mislead.
 */
@Injectable()
export class Announcer {
  constructor(
    @Inject(Bus) private readonly bus: Bus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async announce<T extends string, S extends z.ZodType>(
    contract: EventContract<T, S, never>,
    event: NoInfer<Envelope<z.infer<S>, T>>,
  ): Promise<void> {
    try {
      await this.bus.publish(contract, event);
    } catch (error) {
      this.logger.error(
        {
          routingKey: contract.routingKey(event.data),
          type: event.type,
          eventId: event.id,
          err: (error as Error).message,
        },
        'could not publish an event',
      );
    }
  }
}

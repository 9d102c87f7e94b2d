import { ServerEvent, StoredMessage } from '@parley/contracts';
import { TestClient } from '@parley/testing';

/** Called for every message pushed to a client, with its arrival time (performance.now). */
export type MessageListener = (message: StoredMessage, arrivedAt: number) => void;

/**
 * TestClient keeps every pushed event in `events`: under load that is memory growing without
 * bound, and it records no arrival time. This array timestamps each message as TestClient stores
 * it and hands it to the listener instead of keeping it; every other event is kept, so connect()
 * still finds its welcome and waitFor() still works.
 */
class EventLog extends Array<ServerEvent> {
  // slice() and friends must build plain arrays: this constructor does not take Array's arguments.
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  onMessage: MessageListener | null = null;

  override push(...events: ServerEvent[]): number {
    const arrivedAt = performance.now();
    for (const event of events) {
      if (event.event === 'message' && this.onMessage) this.onMessage(event.message, arrivedAt);
      else super.push(event);
    }
    return this.length;
  }
}

/** A TestClient whose pushed messages go to a listener with their arrival time. */
export class BenchClient extends TestClient {
  override readonly events = new EventLog();

  onMessage(listener: MessageListener | null): void {
    this.events.onMessage = listener;
  }
}

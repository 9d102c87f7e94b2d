import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import {
  ConnectionCounts,
  EventData,
  GatewayHeartbeat,
  PresenceChanged,
  PresenceReported,
  QUEUES,
  envelope,
} from '@parley/contracts';
import { Bus, Consumer, Delivery } from '@parley/messaging';
import { LOGGER, Logger } from '@parley/platform';
import { PresenceChange, PresenceTracker } from './presence-tracker';
import { UserPresence, PresenceRepository } from './presence.repository';

type PresenceEvent = EventData<typeof PresenceReported> | EventData<typeof GatewayHeartbeat>;

/** A user's state since it was last announced: `flipped` if the verdict differs from the one announced. */
interface Unannounced {
  presence: UserPresence;
  flipped: boolean;
  /** The counts last announced. */
  before: ConnectionCounts;
}

/** Big batches are what coalesce a burst of connects into a few writes. */
const BATCH = 5000;
const SWEEP_EVERY_MS = 1000;

/**
 * Turns the gateways' reports into one verdict per user. The presence queue has a single active
 * consumer, so one instance at a time holds the tracker; it builds it from the database when its
 * first batch arrives (that is when it became the active one) and drops it when the broker
 * connection is lost, since another instance may take over meanwhile.
 *
 * Each batch is applied in memory, then every user it touched is written, in one update per
 * bucket, then every user whose verdict or connection counts changed is announced, and only then
 * is the batch acked. What is not
 * yet written or published stays pending and goes with the next attempt, so a failed write loses
 * nothing, and a redelivered batch changes nothing twice.
 */
@Injectable()
export class PresenceService implements OnModuleInit, OnModuleDestroy {
  private tracker: PresenceTracker | null = null;
  private readonly unsaved = new Map<string, UserPresence>();
  private readonly unannounced = new Map<string, Unannounced>();
  private work: Promise<unknown> = Promise.resolve();
  private sweeper: NodeJS.Timeout | null = null;
  private consumer: Consumer | null = null;

  constructor(
    @Inject(PresenceRepository) private readonly repository: PresenceRepository,
    @Inject(Bus) private readonly bus: Bus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.sweeper = setInterval(
      () => void this.serially(() => this.sweep()).catch(() => undefined),
      SWEEP_EVERY_MS,
    );
    this.consumer = this.bus.consumeBatches<PresenceEvent>(QUEUES.usersPresence, {
      handler: (batch) => this.serially(() => this.apply(batch)),
      prefetch: BATCH,
      maxBatch: BATCH,
      // Deliveries unsettled on a lost channel come again: what was counted from them is forgotten.
      onSubscribe: () => this.forget(),
    });
  }

  async onModuleDestroy(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.consumer?.stop();
    await this.work;
  }

  private async apply(batch: readonly Delivery<PresenceEvent>[]): Promise<void> {
    const tracker = (this.tracker ??= await this.restore());
    const now = Date.now();
    for (const { event } of batch) {
      if (event.type === PresenceReported.type) {
        const { gatewayId, reports } = event.data as EventData<typeof PresenceReported>;
        for (const report of reports) this.note(tracker.reported({ gatewayId, ...report }, now));
      } else tracker.heartbeat(event.data as EventData<typeof GatewayHeartbeat>, now);
    }
    for (const change of tracker.expire(now)) this.note(change);
    await this.flush();
  }

  /** Runs only in the instance holding the tracker, between batches. */
  private async sweep(): Promise<void> {
    if (!this.tracker) return;
    for (const change of this.tracker.expire(Date.now())) this.note(change);
    await this.flush();
  }

  private note(change: PresenceChange | null): void {
    if (!change) return;
    const { presence, flipped, before } = change;
    this.unsaved.set(presence.userId, presence);
    const pending = this.unannounced.get(presence.userId);
    if (!pending) {
      this.unannounced.set(presence.userId, { presence, flipped, before });
      return;
    }
    pending.presence = presence;
    // A flip that undoes one not yet announced leaves the verdict as it was announced.
    pending.flipped = pending.flipped !== flipped;
  }

  /** Stores first, then announces, so that a friends list asked for on hearing an event agrees with it. */
  private async flush(): Promise<void> {
    const started = Date.now();
    // Nothing to say of a user back where they were announced (a reconnect to the same gateway).
    for (const [userId, { flipped, presence, before }] of this.unannounced)
      if (!flipped && sameCounts(before, presence.connections)) this.unannounced.delete(userId);
    const counts = { saved: this.unsaved.size, announced: this.unannounced.size };
    if (this.unsaved.size > 0) {
      await this.repository.save([...this.unsaved.values()]);
      this.unsaved.clear();
    }
    if (this.tracker) await this.repository.saveLiveness(this.tracker.liveness(), this.tracker.lastRev());
    const savedAt = Date.now();
    if (this.unannounced.size > 0) {
      const changed = [...this.unannounced.values()];
      await this.bus.publishAll(
        PresenceChanged,
        changed.map(({ presence: p }) =>
          envelope(PresenceChanged, {
            userId: p.userId,
            online: p.online,
            lastSeen: p.lastSeen,
            rev: p.rev,
            connections: p.connections,
          }),
        ),
      );
      for (const pending of changed)
        if (this.unannounced.get(pending.presence.userId) === pending)
          this.unannounced.delete(pending.presence.userId);
    }
    if (counts.saved > 0)
      this.logger.debug(
        { ...counts, saveMs: savedAt - started, publishMs: Date.now() - savedAt },
        'presence flushed',
      );
  }

  private async restore(): Promise<PresenceTracker> {
    const [stored, { gateways, lastRev }] = await Promise.all([
      this.repository.loadOnline(),
      this.repository.loadLiveness(),
    ]);
    this.logger.info({ online: stored.length }, 'presence consumer is active; restored who is online');
    return PresenceTracker.restore(stored, gateways, Date.now(), lastRev);
  }

  private forget(): void {
    this.tracker = null;
    this.unsaved.clear();
    this.unannounced.clear();
  }

  /** Batches and sweeps touch the tracker one at a time. */
  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.work.then(task);
    this.work = run.catch((error: Error) =>
      this.logger.warn({ err: error.message }, 'presence update failed; will retry'),
    );
    return run;
  }
}

function sameCounts(a: ConnectionCounts, b: ConnectionCounts): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((gatewayId) => a[gatewayId] === b[gatewayId]);
}

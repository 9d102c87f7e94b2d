import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { backoffDelay, sleep } from '@parley/async';
import { sessionOf, verifyAccessToken } from '@parley/auth';
import {
  AccessClaims,
  ParleyError,
  SessionEndReason,
  SessionRef,
  SessionRevocation,
  sessionEnded,
  usersRpc,
} from '@parley/contracts';
import { Bus } from '@parley/messaging';
import { CONFIG, LOGGER, Logger } from '@parley/platform';
import { GatewayConfig } from '../config';
import { RevocationList } from './revocation-list';

const PRUNE_EVERY_MS = 60_000;

/**
 * Which sessions ended, as this gateway knows it: every `sessions.revoked` event, plus the list of
 * those still in force loaded from the users service each time the gateway's queue is (re)bound,
 * so that nothing published before the binding, or while the broker was away, is missed. A token
 * presented before the first list has arrived waits for it (as long as an RPC may take), then is
 * refused with UNAVAILABLE; the gateway's health does not depend on it, as it does not on the users
 * service elsewhere.
 */
@Injectable()
export class SessionRevocations implements OnModuleInit, OnModuleDestroy {
  private readonly list = new RevocationList();
  private readonly listeners = new Set<(revocation: SessionRevocation) => void>();
  private loaded = false;
  private markLoaded!: () => void;
  private readonly firstLoad = new Promise<void>((resolve) => (this.markLoaded = resolve));
  private stopped = false;
  private pruner: NodeJS.Timeout | null = null;

  constructor(
    @Inject(Bus) private readonly bus: Bus,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.pruner = setInterval(() => this.list.prune(Date.now()), PRUNE_EVERY_MS);
    this.pruner.unref();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    if (this.pruner) clearInterval(this.pruner);
  }

  /** Verifies an access token and refuses one of an ended session. */
  async authenticate(token: string): Promise<AccessClaims> {
    const claims = verifyAccessToken(token, this.config.JWT_SECRET);
    if (!this.loaded) await Promise.race([this.firstLoad, sleep(this.config.RPC_TIMEOUT_MS)]);
    if (!this.loaded)
      throw new ParleyError(
        'UNAVAILABLE',
        'this gateway is still loading which sessions ended; try again shortly',
      );
    const reason = this.endReason(sessionOf(claims));
    if (reason) throw sessionEnded(reason);
    return claims;
  }

  endReason(session: SessionRef): SessionEndReason | null {
    return this.list.endReason(session, Date.now());
  }

  /** Called with every revocation new here, from an event or a loaded list. */
  subscribe(listener: (revocation: SessionRevocation) => void): void {
    this.listeners.add(listener);
  }

  take(revocation: SessionRevocation): void {
    if (!this.list.add(revocation, Date.now())) return;
    for (const listener of this.listeners) listener(revocation);
  }

  /** Loads the revocations in force, retrying until the users service answers. */
  async load(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        const { revocations } = await this.bus.call(usersRpc.revocations, {}, this.config.RPC_TIMEOUT_MS);
        for (const revocation of revocations) this.take(revocation);
        this.loaded = true;
        this.markLoaded();
        return;
      } catch (error) {
        const retryInMs = backoffDelay(attempt);
        this.logger.warn({ err: (error as Error).message, retryInMs }, 'could not load the ended sessions');
        await sleep(retryInMs);
      }
    }
  }
}

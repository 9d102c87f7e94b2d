import { ParleyError, parseOrThrow, wsRequests } from '@parley/contracts';
import type { ClientFrame, ServerFrame, WsParams, WsRequestType, WsResult } from '@parley/contracts';

interface Pending {
  type: WsRequestType;
  resolve: (result: unknown) => void;
  reject: (error: ParleyError) => void;
  timer: NodeJS.Timeout;
}

export type Reply = Extract<ServerFrame, { type: 'reply' }>;

/**
 * Pairs requests with their replies by frame id. Params are checked against the contract before
 * they leave, results after they arrive, so a bad frame fails here with the field named.
 */
export class RequestTracker {
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;

  constructor(private readonly timeoutMs: number) {}

  get size(): number {
    return this.pending.size;
  }

  /** `send` puts the frame on the wire; it throws when there is no connection to put it on. */
  request<T extends WsRequestType>(
    send: (frame: ClientFrame) => void,
    type: T,
    params: WsParams<T>,
  ): Promise<WsResult<T>> {
    const checked: unknown = parseOrThrow(wsRequests[type].params, params);
    const id = String(this.nextId++);
    return new Promise<WsResult<T>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new ParleyError(
            'UNAVAILABLE',
            `No answer to ${type} within ${Math.round(this.timeoutMs / 1000)} s`,
          ),
        );
      }, this.timeoutMs);
      this.pending.set(id, { type, resolve: resolve as (r: unknown) => void, reject, timer });
      try {
        send({ id, type, params: checked });
      } catch (error) {
        this.settle(id)?.reject(
          error instanceof ParleyError
            ? error
            : new ParleyError('UNAVAILABLE', 'Not connected to the gateway'),
        );
      }
    });
  }

  /** Returns false for a reply that matches no request (late after a timeout, or a frame-level error). */
  handleReply(reply: Reply): boolean {
    if (reply.id === null) return false;
    const pending = this.settle(reply.id);
    if (!pending) return false;
    if (!reply.ok) {
      pending.reject(ParleyError.fromBody(reply.error));
      return true;
    }
    const parsed = wsRequests[pending.type].result.safeParse(reply.result);
    if (parsed.success) pending.resolve(parsed.data);
    else
      pending.reject(
        new ParleyError(
          'INVALID_FRAME',
          `Malformed reply to ${pending.type}: ${parsed.error.issues[0]?.message}`,
        ),
      );
    return true;
  }

  /** A closed connection answers nothing more: everything in flight fails now, not at its timeout. */
  failAll(error: ParleyError): void {
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(error);
  }

  private settle(id: string): Pending | undefined {
    const pending = this.pending.get(id);
    if (!pending) return undefined;
    clearTimeout(pending.timer);
    this.pending.delete(id);
    return pending;
  }
}

import { Correlator } from '@parley/async';
import { ParleyError, parseOrThrow, wsRequests } from '@parley/contracts';
import type { ClientFrame, ServerFrame, WsParams, WsRequestType, WsResult } from '@parley/contracts';

export type Reply = Extract<ServerFrame, { type: 'reply' }>;

/**
 * Pairs requests with their replies by frame id. Params are checked against the contract before
 * they leave, results after they arrive, so a bad frame fails here with the field named.
 */
export class RequestTracker {
  private readonly replies = new Correlator<unknown>();

  constructor(private readonly timeoutMs: number) {}

  get size(): number {
    return this.replies.size;
  }

  /** `send` puts the frame on the wire; it throws when there is no connection to put it on. */
  request<T extends WsRequestType>(
    send: (frame: ClientFrame) => void,
    type: T,
    params: WsParams<T>,
  ): Promise<WsResult<T>> {
    const checked: unknown = parseOrThrow(wsRequests[type].params, params);
    const id = this.replies.nextId();
    const reply = this.replies.expect(
      id,
      this.timeoutMs,
      () =>
        new ParleyError('UNAVAILABLE', `No answer to ${type} within ${Math.round(this.timeoutMs / 1000)} s`),
    );
    try {
      send({ id, type, params: checked });
    } catch (error) {
      this.replies.settle(
        id,
        error instanceof ParleyError ? error : new ParleyError('UNAVAILABLE', 'Not connected to the gateway'),
      );
    }
    return reply.then((result) => {
      const parsed = wsRequests[type].result.safeParse(result);
      if (parsed.success) return parsed.data as WsResult<T>;
      throw new ParleyError(
        'INVALID_FRAME',
        `Malformed reply to ${type}: ${parsed.error.issues[0]?.message}`,
      );
    });
  }

  /** Returns false for a reply that matches no request (late after a timeout, or a frame-level error). */
  handleReply(reply: Reply): boolean {
    if (reply.id === null) return false;
    return this.replies.settle(reply.id, reply.ok ? reply.result : ParleyError.fromBody(reply.error));
  }

  /** A closed connection answers nothing more: everything in flight fails now, not at its timeout. */
  failAll(error: ParleyError): void {
    this.replies.failAll(error);
  }
}

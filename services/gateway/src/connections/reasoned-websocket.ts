import { WS_MAX_FRAME_BYTES } from '@parley/contracts';
import { WebSocket } from 'ws';

/** The largest frame read at all; up to it, a frame over WS_MAX_FRAME_BYTES is answered FRAME_TOO_LARGE. */
export const WS_READ_LIMIT_BYTES = 4 * WS_MAX_FRAME_BYTES;

/** Why `ws` itself closes a connection, for the closes it makes without saying. */
const REASONS: Record<number, string> = {
  1002: 'the frame breaks the WebSocket protocol',
  1007: 'text frames must be valid UTF-8',
  1009: `frames over ${WS_READ_LIMIT_BYTES} bytes are not read`,
};

/**
 * The gateway's WebSocket: every close it sends carries a reason. `ws` closes on a frame it will not
 * read (too big, not UTF-8, not the protocol) with a code alone; this names the reason for those.
 */
export class ReasonedWebSocket extends WebSocket {
  override close(code?: number, reason?: string | Buffer): void {
    super.close(code, reason ?? (code === undefined ? undefined : REASONS[code]));
  }
}

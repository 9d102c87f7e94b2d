import { Inject, Injectable } from '@nestjs/common';
import {
  ClientFrame,
  ErrorBody,
  ParleyError,
  WS_MAX_FRAME_BYTES,
  WsRequestType,
  WsResult,
  invalidField,
  isWsRequestType,
  wsRequests,
} from '@parley/contracts';
import { LOGGER, Logger } from '@parley/platform';
import { z } from 'zod';
import { ClientConnection } from '../connections/client-connection';
import { ConversationsHandlers } from './conversations.handlers';
import { ContactsHandlers } from './contacts.handlers';
import { MessagesHandlers } from './messages.handlers';
import { ParsedParams, RequestHandler, RequestHandlers } from './request-handler';
import { SessionsHandlers } from './sessions.handlers';

/** The answer to every request that reaches a connection the server is closing. */
const CLOSING: ErrorBody = {
  code: 'UNAVAILABLE',
  message: 'this connection is closing; send it again once connected anew',
};

/**
 * Every frame from a client passes here: size, JSON, envelope, rate, type and params are checked
 * in that order, and the first failure is answered with an error naming what is wrong. Every frame
 * gets its reply, the one that trips a limit too, before anything is counted against the
 * connection. The connection lives on; only persistent abuse ends it.
 */
@Injectable()
export class FrameRouter {
  private readonly handlers: RequestHandlers;

  constructor(
    messages: MessagesHandlers,
    conversations: ConversationsHandlers,
    contacts: ContactsHandlers,
    sessions: SessionsHandlers,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.handlers = {
      'message.send': messages.send,
      receipt: messages.receipt,
      'conversation.open': conversations.open,
      'conversation.page': conversations.page,
      'contacts.list': contacts.list,
      'contacts.add': contacts.add,
      'contacts.remove': contacts.remove,
      'contacts.block': contacts.block,
      'contacts.unblock': contacts.unblock,
      'contacts.ignore': contacts.ignore,
      'users.search': contacts.search,
      'session.refresh': sessions.refresh,
    };
  }

  route(connection: ClientConnection, data: Buffer, isBinary: boolean): void {
    const now = Date.now();
    let frame: ClientFrame;
    try {
      frame = this.parse(data, isBinary);
    } catch (error) {
      connection.fail(null, (error as ParleyError).toBody());
      connection.misbehaved(now);
      return;
    }
    if (connection.closing) return connection.fail(frame.id, CLOSING);
    const retryAfterMs = connection.bucket.take(now);
    if (retryAfterMs > 0) {
      connection.fail(frame.id, {
        code: 'RATE_LIMITED',
        message: `too many frames; wait ${retryAfterMs} ms`,
        retryAfterMs,
      });
      if (connection.bucket.early) connection.misbehaved(now);
      return;
    }
    void this.dispatch(connection, frame);
  }

  private parse(data: Buffer, isBinary: boolean): ClientFrame {
    if (data.length > WS_MAX_FRAME_BYTES) {
      throw new ParleyError(
        'FRAME_TOO_LARGE',
        `frames are limited to ${WS_MAX_FRAME_BYTES} bytes; this one has ${data.length}`,
      );
    }
    if (isBinary) throw new ParleyError('INVALID_FRAME', 'binary frames are not accepted; send JSON text');
    let json: unknown;
    try {
      json = JSON.parse(data.toString('utf8'));
    } catch {
      throw new ParleyError('INVALID_FRAME', 'the frame is not valid JSON');
    }
    const frame = ClientFrame.safeParse(json);
    if (!frame.success) throw invalidField(frame.error, 'INVALID_FRAME');
    return frame.data;
  }

  /** Serves an accepted request; the connection, should it be ended meanwhile, waits for the reply. */
  private async dispatch(connection: ClientConnection, frame: ClientFrame): Promise<void> {
    connection.began();
    let invalid = false;
    try {
      if (!isWsRequestType(frame.type))
        throw new ParleyError('UNKNOWN_TYPE', `unknown request type: ${frame.type}`, { field: 'type' });
      const params = parseParams(frame.type, frame.params ?? {});
      if (!params.success) {
        invalid = true;
        throw invalidField(params.error);
      }
      connection.reply(frame.id, await this.serve(connection, frame.type, params.data));
    } catch (error) {
      connection.fail(frame.id, this.describe(error, frame.type));
    } finally {
      connection.answered();
    }
    if (invalid) connection.misbehaved(Date.now());
  }

  /** The handler of a request's type, given params of that type. */
  private serve<T extends WsRequestType>(
    connection: ClientConnection,
    type: T,
    params: ParsedParams<T>,
  ): Promise<WsResult<T>> {
    const handler: RequestHandler<T> = this.handlers[type];
    return handler(connection, params);
  }

  private describe(error: unknown, type: string): ErrorBody {
    if (error instanceof ParleyError) return error.toBody();
    this.logger.error({ type, err: (error as Error)?.stack ?? String(error) }, 'request failed');
    return { code: 'INTERNAL', message: 'the gateway failed to handle the request' };
  }
}

/** Every request type's params, typed by the type: what lets a generic type pick its own schema. */
const PARAMS: { readonly [T in WsRequestType]: { readonly params: z.ZodType<ParsedParams<T>> } } = wsRequests;

/** A request's params as the contract of its type reads them. */
function parseParams<T extends WsRequestType>(
  type: T,
  params: unknown,
): z.ZodSafeParseResult<ParsedParams<T>> {
  return PARAMS[type].params.safeParse(params);
}

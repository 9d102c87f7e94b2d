import { WsRequestType, WsResult, wsRequests } from '@parley/contracts';
import { z } from 'zod';
import { ClientConnection } from '../connections/client-connection';

export type ParsedParams<T extends WsRequestType> = z.infer<(typeof wsRequests)[T]['params']>;

/** Serves one kind of client request for the connection's own user. */
export type RequestHandler<T extends WsRequestType> = (
  connection: ClientConnection,
  params: ParsedParams<T>,
) => Promise<WsResult<T>>;

export type RequestHandlers = { [T in WsRequestType]: RequestHandler<T> };

import type { WsParams, WsRequestType, WsResult } from '@parley/contracts';

export interface Notice {
  text: string;
  level: 'info' | 'warn' | 'error';
  at: number;
}

/** What every part of the client needs of the whole: the gateway, and a way to say what changed. */
export interface CoreContext {
  request<T extends WsRequestType>(type: T, params: WsParams<T>): Promise<WsResult<T>>;
  readonly isOnline: boolean;
  notice(text: string, level: Notice['level']): void;
  /** Anything shown changed. */
  changed(): void;
}

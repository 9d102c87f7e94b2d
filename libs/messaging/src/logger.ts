/** The part of a logger this library needs; pino and Nest's logger both fit behind it. */
export interface MessagingLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export * from './bootstrap';
export * from './config';
export * from './database';
export * from './health';
export * from './logger';
export * from './platform.module';
export * from './rpc-errors.filter';
export * from './tokens';

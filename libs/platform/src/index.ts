export * from './bootstrap';
export * from './config';
export * from './health';
export * from './json-object.pipe';
export * from './logger';
export * from './platform.module';
export * from './rpc-errors.filter';
export * from './tokens';

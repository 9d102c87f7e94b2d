export * from './infra';
export * from './namespace';
export * from './service-process';

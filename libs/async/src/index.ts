export * from './backoff';
export * from './correlator';
export * from './sleep';

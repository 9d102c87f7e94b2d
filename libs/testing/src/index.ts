export * from './infra';
export * from './namespace';
export * from './service-process';
export * from './system';
export * from './test-client';
export * from './eventually';
export * from './infrastructure-faults';
export * from './tmux-pane';

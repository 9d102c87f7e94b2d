export * from './database';
export * from './database-config';
export * from './database.module';
export * from './shard-consumers';

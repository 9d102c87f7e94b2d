import { z } from 'zod';

/** Variables every service reads. Services extend this with their own. */
export const BaseConfig = z.object({
  RABBITMQ_URL: z.string().regex(/^amqps?:\/\//, 'must be an amqp:// or amqps:// URL'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535),
  HTTP_HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** How long a consumer may hold one batch before the health check reports the service stuck. */
  STALL_AFTER_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
});
export type BaseConfig = z.infer<typeof BaseConfig>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once; every problem is reported, each naming its variable. */
export function loadConfig<S extends z.ZodType<BaseConfig>>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const value = env[name];
    return value === undefined ? `${name} is required but not set` : `${name} ${issue.message}`;
  });
  throw new ConfigError(problems);
}

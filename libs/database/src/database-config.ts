import { z } from 'zod';

/** What a service that stores something adds to its config; the gateway, which stores nothing, has none of it. */
export const DatabaseConfig = z.object({
  MONGO_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/[^/]+\/[^/?]+/, 'must be a mongodb:// URL that names a database'),
});
export type DatabaseConfig = z.infer<typeof DatabaseConfig>;

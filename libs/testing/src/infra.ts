/**
 * Where tests find RabbitMQ and MongoDB. scripts/run-tests.mjs resolves them once per run
 * (Testcontainers when a Docker engine answers, else RABBITMQ_URL and MONGO_URL) and passes them on.
 */
export interface TestInfra {
  rabbitUrl: string;
  rabbitManagementUrl: string | null;
  mongoUrl: string;
}

export function testInfra(): TestInfra {
  const rabbitUrl = process.env.RABBITMQ_URL;
  const mongoUrl = process.env.MONGO_URL;
  if (!rabbitUrl || !mongoUrl) {
    throw new Error(
      'Integration tests need RabbitMQ and MongoDB. Either run a Docker engine (Testcontainers starts both), ' +
        'or set RABBITMQ_URL and MONGO_URL (scripts/infra.sh up starts them locally), then run `npm test`.',
    );
  }
  return { rabbitUrl, mongoUrl, rabbitManagementUrl: process.env.RABBITMQ_MANAGEMENT_URL ?? null };
}

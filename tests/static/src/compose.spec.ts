import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  COMPOSE_FILE,
  ComposeService,
  SECRET_NAME,
  USER_NAME,
  buildArgsOf,
  dependsOnOf,
  environmentOf,
  folders,
  loadCompose,
  loadEnvExample,
  ROOT,
  readJson,
  readText,
  varRefs,
} from './repo';

/**
 * docker-compose.yml, checked without a Docker engine: what `docker compose up` would need in
 * order to start every service healthy, with no default credentials anywhere.
 */
const { raw, compose } = loadCompose();
const services = compose.services ?? {};
const serviceFolders = folders('services');
const INFRA = ['rabbitmq', 'mongo'];

/** A service stores something exactly when it depends on the database driver; only those get the database. */
function storesSomething(name: string): boolean {
  const { dependencies } = readJson(join(ROOT, 'services', name, 'package.json')) as {
    dependencies?: Record<string, string>;
  };
  return Boolean(dependencies?.mongoose);
}

function healthcheckText(service: ComposeService): string {
  const test = service.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}

function hasHealthcheck(service: ComposeService): boolean {
  const test = service.healthcheck?.test;
  if (!test || service.healthcheck?.disable) return false;
  const first = Array.isArray(test) ? test[0] : test;
  return first !== 'NONE' && healthcheckText(service).trim() !== '';
}

describe(COMPOSE_FILE, () => {
  it('parses, and names the services folder by folder', () => {
    assert.ok(Object.keys(services).length > 0, `${COMPOSE_FILE} has no services`);
    assert.ok(serviceFolders.length > 0, 'no folders under services/');
  });

  it('runs RabbitMQ 4 with its management UI and MongoDB 8 on a named volume, both with healthchecks', () => {
    const rabbit = services.rabbitmq;
    const mongo = services.mongo;
    assert.ok(rabbit, 'no "rabbitmq" service');
    assert.ok(mongo, 'no "mongo" service');
    assert.match(
      rabbit.image ?? '',
      /^rabbitmq:4(\.\d+)*-management(-alpine)?$/,
      'rabbitmq must be rabbitmq:4-management',
    );
    assert.match(mongo.image ?? '', /^mongo:8(\.\d+)*(-[a-z0-9]+)?$/, 'mongo must be mongo:8');
    for (const name of INFRA) assert.ok(hasHealthcheck(services[name]!), `${name} has no healthcheck`);
    const ports = (rabbit.ports ?? []).map(String).join(' ');
    assert.match(ports, /:5672\b/, 'rabbitmq does not publish AMQP 5672');
    assert.match(ports, /:15672\b/, 'rabbitmq does not publish the management UI 15672');
    const named = Object.keys(compose.volumes ?? {});
    const dataVolume = (mongo.volumes ?? []).map(String).find((v) => v.endsWith(':/data/db'));
    assert.ok(dataVolume, 'mongo has no volume on /data/db');
    assert.ok(named.includes(dataVolume.split(':')[0]!), `mongo's ${dataVolume} is not a named volume`);
  });

  for (const name of serviceFolders) {
    describe(`service ${name} (services/${name})`, () => {
      const service = services[name];
      const stores = storesSomething(name);
      const infra = stores ? INFRA : ['rabbitmq'];

      it('has a compose entry built from the root Dockerfile with SERVICE set to its folder', () => {
        assert.ok(service, `services/${name} has no service "${name}" in ${COMPOSE_FILE}`);
        const build = service.build;
        assert.ok(
          build && typeof build === 'object',
          `${name}: needs build: { context: ., args: { SERVICE: ${name} } }`,
        );
        assert.equal(build.context ?? '.', '.', `${name}: build context must be the repository root`);
        assert.equal(build.dockerfile ?? 'Dockerfile', 'Dockerfile', `${name}: must use the root Dockerfile`);
        assert.equal(buildArgsOf(service).SERVICE, name, `${name}: build arg SERVICE must be "${name}"`);
      });

      it('has a healthcheck on GET /health at its HTTP_PORT, with Node (the slim image has no curl)', () => {
        assert.ok(service && hasHealthcheck(service), `${name}: no healthcheck`);
        const text = healthcheckText(service);
        assert.match(text, /\/health\b/, `${name}: the healthcheck does not call /health`);
        assert.doesNotMatch(text, /\b(curl|wget)\b/, `${name}: curl and wget are not in the runtime image`);
        assert.match(text, /\bnode\b/, `${name}: the healthcheck should run node -e "fetch(…)"`);
      });

      it(`waits for healthy ${infra.join(' and ')} only, and restarts unless stopped`, () => {
        assert.ok(service, `no service ${name}`);
        const deps = dependsOnOf(service);
        for (const needed of infra) {
          assert.equal(
            deps[needed],
            'service_healthy',
            `${name}: depends_on ${needed} must have condition: service_healthy`,
          );
        }
        if (!stores)
          assert.equal(deps.mongo, undefined, `${name} stores nothing: it must not depend on mongo`);
        assert.ok(
          ['unless-stopped', 'always', 'on-failure'].includes((service.restart ?? '').split(':')[0]!),
          `${name}: restart policy is "${service.restart ?? 'none'}"`,
        );
      });

      it(`gets its configuration from the environment: broker, ${stores ? 'database' : 'no database'}, HTTP port on 0.0.0.0, log level`, () => {
        assert.ok(service, `no service ${name}`);
        const env = environmentOf(service);
        for (const key of ['RABBITMQ_URL', 'HTTP_PORT', 'HTTP_HOST', 'LOG_LEVEL']) {
          assert.ok(env[key], `${name}: environment lacks ${key}`);
        }
        assert.match(
          env.RABBITMQ_URL!,
          /^amqps?:\/\/[^@]+@rabbitmq(:\d+)?(\/.*)?$/,
          `${name}: RABBITMQ_URL must point at the rabbitmq service`,
        );
        if (stores)
          assert.match(
            env.MONGO_URL ?? '',
            /^mongodb:\/\/([^@]+@)?mongo(:\d+)?\/\w+/,
            `${name}: MONGO_URL must name a database on the mongo service`,
          );
        else assert.equal(env.MONGO_URL, undefined, `${name} stores nothing: it must not be given MONGO_URL`);
        assert.equal(
          env.HTTP_HOST,
          '0.0.0.0',
          `${name}: HTTP_HOST must be 0.0.0.0 to be reachable from other containers`,
        );
        assert.match(env.HTTP_PORT!, /^\d+$/, `${name}: HTTP_PORT must be a number`);
      });
    });
  }

  it('gives the gateway and the users service the JWT secret, and publishes the gateway port', () => {
    for (const name of ['gateway', 'users'].filter((n) => services[n])) {
      assert.ok(environmentOf(services[name]!).JWT_SECRET, `${name}: environment lacks JWT_SECRET`);
    }
    const gateway = services.gateway;
    if (gateway) {
      const port = environmentOf(gateway).HTTP_PORT;
      assert.ok(
        (gateway.ports ?? []).map(String).some((p) => p.endsWith(`:${port}`)),
        `the gateway does not publish its HTTP_PORT ${port}`,
      );
    }
  });

  it('runs the TUI with `docker compose run --rm tui`: a profile, a terminal, the gateway healthy first', () => {
    const tui = services.tui;
    assert.ok(tui, 'no "tui" service');
    assert.ok(
      (tui.profiles ?? []).length > 0,
      'tui must be under a profile, so that `docker compose up` does not start it',
    );
    assert.equal(tui.stdin_open, true, 'tui needs stdin_open: true');
    assert.equal(tui.tty, true, 'tui needs tty: true');
    assert.equal(dependsOnOf(tui).gateway, 'service_healthy', 'tui must depend on a healthy gateway');
    assert.equal(buildArgsOf(tui).SERVICE, 'tui', 'tui: build arg SERVICE must be "tui"');
    assert.equal(buildArgsOf(tui).APP_DIR, 'clients/tui', 'tui: build arg APP_DIR must be clients/tui');
    const gatewayPort = services.gateway ? environmentOf(services.gateway).HTTP_PORT : '8080';
    const urls = Object.values(environmentOf(tui));
    assert.ok(
      urls.includes(`http://gateway:${gatewayPort}`),
      `tui must be told the gateway is at http://gateway:${gatewayPort}`,
    );
  });

  it('publishes every port on 127.0.0.1 unless PUBLISH_ADDRESS says otherwise, each on a port of its own variable', () => {
    for (const [name, service] of Object.entries(services))
      for (const port of (service.ports ?? []).map(String)) {
        const [address, published, target] = port.split(/:(?![^{]*\})/);
        assert.equal(
          address,
          '${PUBLISH_ADDRESS:-127.0.0.1}',
          `${name} publishes ${port} on every interface: prefix it with \${PUBLISH_ADDRESS:-127.0.0.1}:`,
        );
        assert.match(
          published ?? '',
          /^\$\{[A-Z_]+_PORT:-\d+\}$/,
          `${name}: ${port} cannot be moved by a variable`,
        );
        assert.ok(target, `${name}: ${port} names no container port`);
      }
  });

  it('runs the terminal client with --no-deps wherever the repository says how', () => {
    // Without it, a variable the shell exported (docs/running.md exports JWT_SECRET for the path
    // without Docker) recreates the gateway with another secret than the users service holds.
    for (const file of ['README.md', 'docs/running.md', COMPOSE_FILE])
      for (const line of readText(file)
        .split('\n')
        .filter((l) => /docker compose run\b/.test(l)))
        assert.match(line, /docker compose run --rm --no-deps tui/, `${file}: ${line.trim()}`);
  });

  it('waits only on dependencies that have a healthcheck', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dep, condition] of Object.entries(dependsOnOf(service))) {
        assert.ok(services[dep], `${name} depends on unknown service ${dep}`);
        if (condition === 'service_healthy')
          assert.ok(
            hasHealthcheck(services[dep]!),
            `${name} waits for ${dep} to be healthy, but ${dep} has no healthcheck`,
          );
      }
    }
  });

  it('pins every image at least to a major version (no :latest, no untagged)', () => {
    for (const [name, service] of Object.entries(services)) {
      if (!service.image) {
        assert.ok(service.build, `${name} has neither image nor build`);
        continue;
      }
      const image = service.image;
      if (image.includes('@sha256:')) continue;
      const tag = /:([^/:]+)$/.exec(image)?.[1];
      assert.ok(tag, `${name}: image ${image} has no tag`);
      assert.notEqual(tag, 'latest', `${name}: image ${image} uses :latest`);
      assert.match(tag, /^v?\d/, `${name}: image ${image} is not pinned to a version`);
    }
  });

  describe('credentials', () => {
    it("never uses RabbitMQ's default guest/guest", () => {
      const hits = raw
        .split('\n')
        .flatMap((line, i) => (/guest/i.test(line) ? [`${COMPOSE_FILE}:${i + 1}: ${line.trim()}`] : []));
      assert.deepEqual(hits, [], 'guest appears in the compose file');
    });

    it('takes every secret and user name from ${VAR}, with no default value', () => {
      const problems: string[] = [];
      for (const [name, service] of Object.entries(services)) {
        for (const [key, value] of Object.entries(environmentOf(service))) {
          if (!SECRET_NAME.test(key) && !USER_NAME.test(key)) continue;
          const ref = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:?\?[^}]*)?\}$/.exec(value);
          if (!ref) problems.push(`${name}: ${key} must be \${VAR} or \${VAR:?message}, not "${value}"`);
        }
      }
      assert.deepEqual(problems, []);
    });

    it('puts no literal password in a URL', () => {
      const problems: string[] = [];
      for (const [name, service] of Object.entries(services)) {
        for (const [key, value] of Object.entries(environmentOf(service))) {
          const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^@/]+)@/i.exec(value)?.[1];
          if (!userinfo) continue;
          // Only ${VAR} references (and the ":" between user and password) may make up user:password.
          const literal = userinfo.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(:?\?[^}]*)?\}/g, '');
          if (literal !== '' && literal !== ':')
            problems.push(`${name}: ${key} has a literal credential in "${userinfo}"`);
        }
      }
      assert.deepEqual(problems, []);
    });
  });

  describe('.env.example', () => {
    const entries = loadEnvExample();
    const byName = new Map(entries.map((e) => [e.name, e]));
    const used = [...new Set(varRefs(raw).map((r) => r.name))].sort();

    it('lists every ${VAR} the compose file uses, each with a comment', () => {
      const missing = used.filter((name) => !byName.has(name));
      assert.deepEqual(missing, [], `.env.example does not list ${missing.join(', ')}`);
      const undocumented = entries
        .filter((e) => e.comment.trim() === '')
        .map((e) => `.env.example:${e.line} ${e.name}`);
      assert.deepEqual(undocumented, [], 'every variable needs a comment line above it');
    });

    it('ships no credential: secret values are empty, and the user is not guest', () => {
      for (const entry of entries) {
        if (SECRET_NAME.test(entry.name))
          assert.equal(
            entry.value,
            '',
            `.env.example:${entry.line} ${entry.name} must be empty (each install sets its own)`,
          );
        assert.doesNotMatch(entry.value, /^guest$/i, `.env.example:${entry.line} ${entry.name} is guest`);
      }
    });

    it('makes compose refuse to start while a secret is unset (${VAR:?…}, never a default)', () => {
      const problems = varRefs(raw)
        .filter((r) => SECRET_NAME.test(r.name) || USER_NAME.test(r.name))
        .filter((r) => r.operator !== ':?' && r.operator !== '?')
        .map((r) => `\${${r.name}${r.operator ?? ''}…}`);
      assert.deepEqual([...new Set(problems)], []);
    });
  });
});

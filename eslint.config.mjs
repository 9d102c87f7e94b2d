// ESLint for the whole workspace, configured once here (ESLint 9 flat config).
// `npm run lint` runs `eslint . --max-warnings=0` from the root; Prettier owns formatting.
//
// Besides the recommended JavaScript and TypeScript rules, the linter enforces Parley's
// architecture (see docs/architecture.md):
//   - a service never imports another service (by package name or by relative path);
//   - libs never import services or clients; libs/contracts imports no other Parley package;
//   - the gateway and libs/platform never import the database (mongoose, @parley/database);
//   - clients/tui/src/core never imports blessed (the core is UI-free and testable);
//   - no relative import leaves its own project folder: other projects are imported by their
//     package name, so that every dependency is declared and goes through a built library.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const root = dirname(fileURLToPath(import.meta.url));

/** Folders that hold one project each: services/<name>, libs/<name>, clients/<name>, tests/<name>. */
const PROJECT_GROUPS = ['services', 'libs', 'clients', 'tests'];

function projectsIn(group) {
  try {
    return readdirSync(join(root, group)).filter((name) => statSync(join(root, group, name)).isDirectory());
  } catch {
    return [];
  }
}

const services = projectsIn('services');
const clients = projectsIn('clients');
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const anyOf = (names) => names.map(escape).join('|');

/** `@parley/<name>` or a deep import into it. */
const packageRegex = (names) => `^@parley/(${anyOf(names)})(/|$)`;
/** A relative path that climbs out and into services/<name> or clients/<name>. */
const relativeRegex = (group, names) => `^(\\.\\./)+${group}/(${anyOf(names)})(/|$)`;

/**
 * A local plugin for what no-restricted-imports cannot see: it resolves relative specifiers
 * against the importing file (so `../../users/src/x` from services/gateway is caught whatever
 * the depth), and it also checks `require()` and `import()` against the restricted patterns.
 */
const parleyPlugin = {
  meta: { name: 'parley' },
  rules: {
    boundaries: {
      meta: {
        type: 'problem',
        docs: { description: 'Keeps imports inside project boundaries (see eslint.config.mjs).' },
        schema: [
          {
            type: 'object',
            properties: {
              restricted: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { regex: { type: 'string' }, message: { type: 'string' } },
                  required: ['regex', 'message'],
                  additionalProperties: false,
                },
              },
            },
            additionalProperties: false,
          },
        ],
        messages: {
          leavesProject:
            "'{{source}}' reaches outside {{project}}/ into {{target}}: import another project by its package name (@parley/...), and only where the architecture allows it.",
          restricted: "'{{source}}' is not allowed here: {{message}}",
        },
      },
      create(context) {
        const restricted = (context.options[0]?.restricted ?? []).map((r) => ({
          ...r,
          re: new RegExp(r.regex, 'u'),
        }));
        const file = context.physicalFilename ?? context.filename;
        const fromRoot = relative(root, file).split(sep);
        const project =
          fromRoot.length > 2 && PROJECT_GROUPS.includes(fromRoot[0]) ? fromRoot.slice(0, 2).join('/') : null;

        function check(node, source, dynamicForm) {
          if (typeof source !== 'string') return;
          if (dynamicForm) {
            const hit = restricted.find((r) => r.re.test(source));
            if (hit)
              context.report({ node, messageId: 'restricted', data: { source, message: hit.message } });
          }
          if (project && (source.startsWith('./') || source.startsWith('../'))) {
            const target = relative(root, resolve(dirname(file), source))
              .split(sep)
              .join('/');
            if (target !== project && !target.startsWith(`${project}/`)) {
              context.report({ node, messageId: 'leavesProject', data: { source, project, target } });
            }
          }
        }
        const literal = (node) => (node && node.type === 'Literal' ? node.value : undefined);

        return {
          ImportDeclaration: (node) => check(node, node.source.value, false),
          ExportNamedDeclaration: (node) => node.source && check(node, node.source.value, false),
          ExportAllDeclaration: (node) => check(node, node.source.value, false),
          TSImportEqualsDeclaration: (node) =>
            node.moduleReference.type === 'TSExternalModuleReference' &&
            check(node, literal(node.moduleReference.expression), false),
          ImportExpression: (node) => check(node, literal(node.source), true),
          CallExpression: (node) =>
            node.callee.type === 'Identifier' &&
            node.callee.name === 'require' &&
            node.arguments.length > 0 &&
            check(node, literal(node.arguments[0]), true),
        };
      },
    },
  },
};

/**
 * The import patterns forbidden in one project. Flat config replaces (does not merge) a rule's
 * options when two blocks match a file, so each file gets exactly one complete list.
 */
const SERVICE_RULE =
  'a service never imports another service; talk to it over the broker through @parley/contracts';
function restrictionsFor(group, name) {
  const list = [];
  if (group === 'services') {
    const others = services.filter((s) => s !== name);
    if (others.length) {
      list.push({ regex: packageRegex(others), message: SERVICE_RULE });
      list.push({ regex: relativeRegex('services', others), message: SERVICE_RULE });
    }
    if (clients.length)
      list.push({ regex: packageRegex(clients), message: 'a service never imports a client' });
  }
  if ((group === 'services' && name === 'gateway') || (group === 'libs' && name === 'platform')) {
    list.push({
      regex: '^(mongoose|@parley/database)(/|$)',
      message: `${group}/${name} is loaded by the gateway, which stores nothing: database code lives in libs/database`,
    });
  }
  if (group === 'libs') {
    if (services.length) {
      list.push({
        regex: packageRegex(services),
        message: 'libs never import services; services import libs',
      });
      list.push({
        regex: relativeRegex('services', services),
        message: 'libs never import services; services import libs',
      });
    }
    if (clients.length) list.push({ regex: packageRegex(clients), message: 'libs never import clients' });
    if (name === 'contracts') {
      list.push({
        regex: '^@parley/',
        message: 'libs/contracts is the single source of truth and depends on no other Parley package',
      });
    }
  }
  return list;
}

/** One architecture block: the files it covers and the import patterns forbidden there. */
function boundary(files, patterns) {
  return {
    files,
    plugins: { parley: parleyPlugin },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: patterns.map(({ regex, message }) => ({ regex, message })) },
      ],
      'parley/boundaries': ['error', { restricted: patterns }],
    },
  };
}

const TS = '**/*.{ts,mts,cts}';

export default defineConfig(
  globalIgnores([
    '**/dist/**',
    '**/node_modules/**',
    '.nx/**',
    '.infra/**',
    'coverage/**',
    'bench/results/**',
    '**/*.d.ts',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: [TS],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // tsc (noUnusedLocals/noUnusedParameters) reports unused code too; keep the lint rule but
      // allow the conventional `_` prefix for deliberately ignored values.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': 'off',
    },
  },
  {
    // Plain JavaScript at the root (scripts/*.mjs, this file) runs on Node.
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
      },
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' },
    },
  },

  // Every project: its own complete list (services, libs), and for all of them no relative
  // import that leaves the project.
  ...PROJECT_GROUPS.flatMap((group) =>
    projectsIn(group).map((name) => boundary([`${group}/${name}/${TS}`], restrictionsFor(group, name))),
  ),

  // The TUI's core (client state, protocol) knows nothing of the terminal UI library.
  boundary(
    [`clients/tui/src/core/${TS}`],
    [
      ...restrictionsFor('clients', 'tui'),
      {
        regex: '^(neo-|re)?blessed(/|$)',
        message: 'clients/tui/src/core is UI-free: only the view layer imports blessed',
      },
    ],
  ),
);

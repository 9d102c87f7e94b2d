import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as contracts from '@parley/contracts';
import ts from 'typescript';
import { ROOT, folders, rel } from './repo';

/**
 * libs/contracts is the single source of truth for the broker topology: every exchange, queue and
 * routing key is built there (broker.ts, queues.ts, the event contracts, users.ts, history.ts) and
 * nowhere else. This scans the string literals (and the literal parts of template strings) of
 * every other project's src/ and fails, naming file:line, where one spells out a broker name by
 * hand.
 *
 * The vocabulary is read from the built contracts, so a name added there is checked here too:
 * - exchange and queue names, exactly or as the start of a longer name ('parley.events',
 *   'store.messages', `store.messages.${shard}`, 'users.rpc');
 * - routing keys: the static start of each routing key followed by a dot ('messages.stored.',
 *   `presence.changed.${id}`). The bare event type ('messages.stored') is allowed: it is also the
 *   `type` of an envelope and of some WebSocket events, where the compiler checks the literal;
 * - binding patterns with two or more wildcards ('*.*.*.x.*', '#.x.#'), and any that starts
 *   with a known stem ('presence.changed.*');
 * - RabbitMQ's reserved names ('amq.rabbitmq.reply-to', 'amq.topic', …).
 */

/** Where broker names may not be written by hand: every project's src/ except libs/contracts. */
const SCANNED = [
  ...folders('services').map((f) => `services/${f}/src`),
  ...folders('clients').map((f) => `clients/${f}/src`),
  ...folders('libs')
    .filter((f) => f !== 'contracts')
    .map((f) => `libs/${f}/src`),
].filter((dir) => existsSync(join(ROOT, dir)));

interface Rule {
  describe: string;
  test: (text: string) => boolean;
}

const SENTINEL = '\u0001';

/** The leading words of a name that do not depend on a builder's argument (a placeholder or a shard). */
function staticWords(sample: string): string | null {
  const words: string[] = [];
  for (const word of sample.split('.')) {
    if (word.includes(SENTINEL) || /^\d+$/.test(word) || word === '*' || word === '#') break;
    words.push(word);
  }
  return words.length ? words.join('.') : null;
}

/** A queue declaration, or one built by a builder of a shard or an id (called with a placeholder, else shard 0). */
function declarationsOf(value: unknown): contracts.QueueDeclaration[] {
  if (typeof value !== 'function') return [value as contracts.QueueDeclaration];
  const build = value as (arg: unknown) => contracts.QueueDeclaration;
  try {
    return [build(SENTINEL)];
  } catch {
    return [build(0)];
  }
}

const isEventContract = (value: unknown): value is contracts.AnyEventContract =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { type?: unknown }).type === 'string' &&
  typeof (value as { binding?: unknown }).binding === 'function';

function buildRules(): Rule[] {
  const exact = new Set<string>(); // flagged when equal, or followed by a dot
  const dotted = new Set<string>(); // flagged only when followed by a dot
  const { EXCHANGES, QUEUES } = contracts;

  for (const name of Object.values(EXCHANGES)) exact.add(name);
  const patterns: string[] = [];
  for (const queue of Object.values(QUEUES).flatMap(declarationsOf)) {
    const words = staticWords(queue.name);
    // A one-word prefix ('gateway') is too common a word to forbid on its own.
    if (words) (words === queue.name || words.includes('.') ? exact : dotted).add(words);
    patterns.push(...queue.bindings, ...queue.retiredBindings);
  }
  // Every routing key is `<type>.<segment>`.
  for (const value of Object.values(contracts)) if (isEventContract(value)) dotted.add(value.type);
  for (const sample of patterns) {
    const words = sample.split('.').filter((w) => w !== '*' && w !== '#');
    const stem = sample.includes('*') || sample.includes('#') ? words.join('.') : sample;
    if (stem) dotted.add(stem);
  }
  // Every RPC queue named by a contract (users.rpc, history.rpc, and any added later).
  for (const value of Object.values(contracts)) {
    if (value && typeof value === 'object') {
      for (const member of Object.values(value as Record<string, unknown>)) {
        const queue = (member as { queue?: unknown; pattern?: unknown } | null)?.queue;
        if (typeof queue === 'string' && typeof (member as { pattern?: unknown }).pattern === 'string')
          exact.add(queue);
      }
    }
  }

  const startsWithName = (text: string, name: string) => text === name || text.startsWith(`${name}.`);
  return [
    { describe: "RabbitMQ's reserved amq.* names", test: (t) => t.startsWith('amq.') },
    ...[...exact].map((name) => ({
      describe: `the broker name '${name}'`,
      test: (t: string) => startsWithName(t, name),
    })),
    ...[...dotted].map((stem) => ({
      describe: `a routing key or queue '${stem}.…'`,
      test: (t: string) => t.startsWith(`${stem}.`),
    })),
    {
      // Two or more wildcard words: '*.*.*.<uid>.*'. One alone is too common ('*.password' is a
      // pino redact path); a pattern such as 'presence.changed.*' is caught by its stem above.
      describe: 'a binding pattern with * or #',
      test: (t) =>
        /^([\w-]+|\*|#)(\.([\w-]+|\*|#))+\.?$/.test(t) &&
        t.split('.').filter((w) => w === '*' || w === '#').length >= 2,
    },
  ];
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.(c|m)?tsx?$/.test(entry) && !entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Every string literal of a file with its line, template strings by their literal parts. */
function literals(path: string): { text: string; line: number }[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { text: string; line: number }[] = [];
  const add = (node: ts.Node, text: string) =>
    found.push({ text, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      // Module specifiers are package names, not broker names.
      if (!(
        node.parent &&
        (ts.isImportDeclaration(node.parent) ||
          ts.isExportDeclaration(node.parent) ||
          ts.isExternalModuleReference(node.parent))
      )) {
        add(node, node.text);
      }
    } else if (ts.isTemplateExpression(node)) {
      add(node.head, node.head.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('broker names live only in libs/contracts', () => {
  const rules = buildRules();

  it('derives a vocabulary from @parley/contracts', () => {
    assert.ok(rules.length > 5, 'found too few broker names in @parley/contracts: is it built?');
    const probe = (text: string) => rules.some((r) => r.test(text));
    for (const name of [
      'parley.events',
      'store.messages',
      'store.messages.3',
      'messages.stored.1',
      'history.rpc',
      'amq.rabbitmq.reply-to',
      '*.*.*.u1.*',
      '*.*.*.',
      'presence.changed.',
      'presence.changed.*',
      '#.x.#',
    ]) {
      assert.ok(probe(name), `the rules do not catch '${name}'`);
    }
    for (const fine of [
      'messages.stored',
      'friend.added',
      'gateway',
      'users.register',
      '*',
      '*.password',
      'a.b',
      'http://127.0.0.1:8080',
      'v1.2.3',
    ]) {
      assert.ok(!probe(fine), `the rules wrongly catch '${fine}'`);
    }
  });

  for (const dir of SCANNED) {
    it(`${dir} spells out no exchange, queue or routing key`, () => {
      const hits: string[] = [];
      for (const file of sourceFiles(join(ROOT, dir))) {
        for (const { text, line } of literals(file)) {
          const rule = rules.find((r) => r.test(text));
          if (rule)
            hits.push(
              `${rel(file)}:${line}: '${text}' looks like ${rule.describe}; use the builders of @parley/contracts`,
            );
        }
      }
      assert.deepEqual(hits, [], `\n${hits.join('\n')}\n`);
    });
  }
});

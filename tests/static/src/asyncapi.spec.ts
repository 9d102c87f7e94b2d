import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Parser } from '@asyncapi/parser';
import { EVENTS, QUEUES, asyncApiDocument, rpcContractsOf } from '@parley/contracts';
import { ROOT, readJson, readText } from './repo';

/**
 * docs/asyncapi.json is generated from libs/contracts; this fails when the committed file is no
 * longer what the contracts generate, and when the official parser finds the document invalid.
 */

const FILE = 'docs/asyncapi.json';
const REGENERATE = 'npm run asyncapi';

const generated = () => asyncApiDocument(readJson(join(ROOT, 'package.json')).version as string);
// Formatting is prettier's, checked with the rest of the repository: compared here is the content, keys in order.
const canonical = (value: unknown) => JSON.stringify(value, null, 2);

describe(FILE, () => {
  it('is what libs/contracts generates', () => {
    const committed = canonical(JSON.parse(readText(FILE)));
    assert.ok(
      committed === canonical(generated()),
      `${FILE} is stale: the contracts in libs/contracts generate another document. Run \`${REGENERATE}\` and commit ${FILE}.`,
    );
  });

  it('is a valid AsyncAPI document, with no error or warning of the official parser', async () => {
    const { document, diagnostics } = await new Parser().parse(readText(FILE));
    // Severities: 0 error, 1 warning, 2 information (such as "3.1.0 is out"), 3 hint.
    const problems = diagnostics
      .filter((d) => d.severity <= 1)
      .map((d) => `${d.code} at ${d.path.join('/')}: ${d.message}`);
    assert.deepEqual(problems, []);
    assert.ok(document, 'the parser returned no document');
    const messages = new Set(
      document
        .components()
        .messages()
        .all()
        .map((message) => message.id()),
    );
    const expected = [
      ...EVENTS.map((event) => event.type),
      ...[QUEUES.usersRpc, QUEUES.historyRpc]
        .flatMap(rpcContractsOf)
        .flatMap(({ pattern }) => [pattern, `${pattern}.reply`]),
    ];
    assert.deepEqual(
      expected.filter((id) => !messages.has(id)),
      [],
      'every event, RPC request and RPC reply has its message',
    );
  });
});

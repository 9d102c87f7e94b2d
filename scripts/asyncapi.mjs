// Writes docs/asyncapi.json from the built libs/contracts: `npm run asyncapi` builds them first.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { asyncApiDocument } = require(join(root, 'libs/contracts/dist/src/index.js'));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const file = join(root, 'docs/asyncapi.json');
const options = await prettier.resolveConfig(file);
writeFileSync(
  file,
  await prettier.format(JSON.stringify(asyncApiDocument(version)), { ...options, filepath: file }),
);
console.log(`wrote ${file}`);

#!/usr/bin/env node
// A minimal stand-in for mongosh, enough for a healthcheck:
//   mongosh [--quiet] [mongodb://…] --eval "<expression>"
// evaluates the expression with `db` (adminCommand, runCommand) and `quit`, against the server on
// 127.0.0.1:27017 unless a URL is given. mongosh waits for the driver's promises by itself; here a
// command runs synchronously in a child process (this same file with --command), so that
// `db.adminCommand({ ping: 1 }).ok` reads as it does in mongosh.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const args = process.argv.slice(2);
const url = args.find((a) => a.startsWith('mongodb://')) ?? 'mongodb://127.0.0.1:27017/test';

async function command(database, text) {
  const { MongoClient } = await import('mongodb');
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 3000, directConnection: true });
  try {
    process.stdout.write(JSON.stringify(await client.db(database).command(JSON.parse(text))));
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } finally {
    await client.close();
  }
}

function evaluate(expression) {
  const self = fileURLToPath(import.meta.url);
  const run = (database) => (cmd) =>
    JSON.parse(
      execFileSync(process.execPath, [self, '--command', database, JSON.stringify(cmd), url], {
        encoding: 'utf8',
      }),
    );
  const db = { adminCommand: run('admin'), runCommand: run(new URL(url).pathname.slice(1) || 'test') };
  try {
    const result = vm.runInNewContext(expression, {
      db,
      quit: (code = 0) => process.exit(code),
      print: console.log,
    });
    if (result !== undefined && !args.includes('--quiet')) console.log(result);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

const at = args.indexOf('--eval');
if (args[0] === '--command') await command(args[1], args[2]);
else if (at >= 0 && at + 1 < args.length) evaluate(args[at + 1]);
else {
  process.stderr.write('this stand-in mongosh only runs: mongosh [--quiet] [url] --eval "<expression>"\n');
  process.exit(2);
}

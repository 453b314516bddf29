// npm run mutation [-- stryker options]: Stryker over the judgement code (stryker.config.mjs, docs/mutation.md).
// Stryker and its ~140 packages live in tools/mutation, installed there from its own lockfile on the first run
// (and again when that lockfile changes), so that they are not part of every npm ci.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tools = fileURLToPath(new URL('../tools/mutation/', import.meta.url));
const installed = `${tools}node_modules/.package-lock.json`;
const run = (command, args, cwd) => {
  const r = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(`${tools}package-lock.json`).mtimeMs) {
  process.stdout.write('Installing Stryker into tools/mutation (once)…\n');
  run('npm', ['ci', '--no-audit', '--no-fund'], tools);
}
run(
  process.execPath,
  [`${tools}node_modules/@stryker-mutator/core/bin/stryker.js`, 'run', ...process.argv.slice(2)],
  root,
);

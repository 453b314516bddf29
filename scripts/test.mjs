// npm test: the build when dist/ is older than its sources, then the type check of src/ and test/, the linters
// (npm run lint) and the tests (vitest; arguments go to it) at once. The tests often wait on the programs they
// start, and the type check and linters use that time; run one after another they took ~10 s more. The tests print
// as they run; the type check's and linters' output is printed when they end. Exits non-zero if any of the three
// failed.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (file) => fileURLToPath(new URL(`../node_modules/${file}`, import.meta.url));

/**
 * Whether dist/ was built after the last change to what the build reads: `npm ci` (its prepare step) has just
 * built it, and building again costs seconds before the first test. The build writes dist/collect.ps1 last, so a
 * build that stopped half-way leaves it older. Folders count too: adding or removing a file changes theirs.
 */
function builtAfterEveryChange() {
  const built = statSync(path.join(root, 'dist', 'collect.ps1'), { throwIfNoEntry: false })?.mtimeMs;
  if (built === undefined) return false;
  const newer = (file) => (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) > built;
  const inputs = ['src', 'rules', 'scripts'].map((folder) => path.join(root, folder));
  const files = inputs.flatMap((folder) => [
    folder,
    ...readdirSync(folder, { recursive: true }).map((name) => path.join(folder, String(name))),
  ]);
  files.push(
    ...['package.json', 'package-lock.json', 'node_modules/.package-lock.json'].map((f) => path.join(root, f)),
  );
  return !files.some(newer);
}

/** Runs a program; `live` shares this terminal, otherwise its output is kept for the end. */
function run(name, command, args, live) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout?.on('data', (chunk) => output.push(chunk));
    child.stderr?.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => resolve({ name, code: 1, output: `${name}: ${error.message}\n` }));
    child.on('close', (code, signal) =>
      resolve({ name, code: code ?? 1, signal, output: Buffer.concat(output).toString() }),
    );
  });
}

/** `npm run --silent SCRIPT`, through the npm that runs this one when there is one. */
const npm = process.env.npm_execpath;
const npmRun = (name, script, live) =>
  npm
    ? run(name, process.execPath, [npm, 'run', '--silent', script], live)
    : run(name, 'npm', ['run', '--silent', script], live);

if (builtAfterEveryChange()) process.stdout.write('dist/ is built from the current sources: not built again\n');
else if ((await npmRun('build (npm run build)', 'build', true)).code !== 0) {
  process.stdout.write('npm test FAILED: the build (npm run build)\n');
  process.exit(1);
}

const checks = [
  run('type check (tsc -p tsconfig.test.json)', process.execPath, [
    bin('typescript/bin/tsc'),
    '-p',
    'tsconfig.test.json',
    // One thread: it runs beside the tests, and its threads would take as much time from them as they save it.
    '--singleThreaded',
  ]),
  npmRun('lint (npm run lint)', 'lint', false),
];
// A whole run (no arguments for vitest) must end with the parity check (test/parity/global.ts): a run it took for a
// partial one would otherwise skip the check in silence, as it once did.
const whole = process.argv.length === 2;
if (whole) process.env.SHOP_AUDIT_PARITY = 'required';
const tests = await run(
  'tests (vitest run)',
  process.execPath,
  [bin('vitest/vitest.mjs'), 'run', ...process.argv.slice(2)],
  true,
);
const results = [...(await Promise.all(checks)), tests];
for (const { name, code, signal, output } of results.slice(0, -1)) {
  if (output.trim()) process.stdout.write(`\n${name}:\n${output}`);
  if (code !== 0) process.stdout.write(`${name} FAILED (${signal ?? `exit code ${code}`})\n`);
}
const failed = results.filter((r) => r.code !== 0);
process.stdout.write(
  failed.length === 0
    ? '\nnpm test: type check, lint and tests passed\n'
    : `\nnpm test FAILED: ${failed.map((r) => r.name).join(', ')}\n`,
);
process.exitCode = failed.length === 0 ? 0 : 1;

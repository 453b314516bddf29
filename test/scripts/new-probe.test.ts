import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/host.js';

// `npm run new:probe NAME` on a temporary copy of the repository: the probe it makes type-checks and
// its own tests pass. The template is not a product probe, so it is made only here and removed after.
const execFileAsync = promisify(execFile);
/** Runs a program; its failure shows what it printed (tsc's errors, vitest's report). */
const run = (file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  execFileAsync(file, args, options).catch((error: { stdout?: string; stderr?: string }) => {
    throw Object.assign(new Error(`${file} ${args.join(' ')}:\n${error.stdout ?? ''}${error.stderr ?? ''}`), error);
  });
const copy = await mkdtemp(path.join(tmpdir(), 'shop-audit-new-probe-'));
afterAll(() => rm(copy, { recursive: true, force: true }));

describe('npm run new:probe', () => {
  it('makes a probe that type-checks, is registered, and whose tests pass', async () => {
    const parts = ['src', 'rules', 'scripts', 'test/helpers', 'test/parity', 'test/setup', 'test/fixtures'];
    const files = ['package.json', 'tsconfig.json', 'tsconfig.test.json', 'vitest.config.ts'];
    await Promise.all([...parts, ...files].map((p) => cp(path.join(REPO, p), path.join(copy, p), { recursive: true })));
    await symlink(path.join(REPO, 'node_modules'), path.join(copy, 'node_modules'));

    const made = await run(process.execPath, ['scripts/new-probe.mjs', 'till_printer'], { cwd: copy });
    expect(made.stdout).toContain('src/probes/till_printer/facts.ts');
    const list = await readFile(path.join(copy, 'src/probes/index.ts'), 'utf8');
    expect(list).toContain("import { tillPrinter } from './till_printer/index.js';");
    expect(list).toMatch(/PROBES: readonly Probe\[\] = \[\n(?: {2}\w+,\n)+ {2}tillPrinter,\n\];/);

    // The type check and the probe's tests at once; one vitest worker: four small files share its module graph
    // instead of two workers importing src/ each. The type check is of the new probe's files and what they
    // import (npm test checks the rest): the registry imports every probe, and its new line is checked above.
    const tsc = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
    const include = ['src/probes/till_printer/**/*.ts', 'test/probes/till_printer/**/*.ts'];
    await writeFile(
      path.join(copy, 'tsconfig.new-probe.json'),
      JSON.stringify({ extends: './tsconfig.test.json', include }),
    );
    const vitest = path.join(REPO, 'node_modules', 'vitest', 'vitest.mjs');
    const env = { ...process.env, SHOP_AUDIT_PARITY: 'off' };
    const args = [vitest, 'run', 'test/probes/till_printer', '--reporter=json', '--maxWorkers=1'];
    const [, tests] = await Promise.all([
      // One thread: beside the other tests its checkers' threads cost more CPU than they save time.
      run(process.execPath, [tsc, '-p', 'tsconfig.new-probe.json', '--noEmit', '--singleThreaded'], { cwd: copy }),
      run(process.execPath, args, { cwd: copy, env }),
    ]);
    type Results = { numPassedTests: number; numFailedTests: number; testResults: { name: string }[] };
    const result = JSON.parse(tests.stdout) as Results;
    expect(result.testResults.map((t) => path.basename(t.name)).sort()).toEqual([
      'linux.test.ts',
      'macos.test.ts',
      'parse.test.ts',
      'windows.test.ts',
    ]);
    expect(result).toMatchObject({ numFailedTests: 0, numPassedTests: 9 });
  }, 240_000);

  it('refuses a name that is not a probe id, or one that exists', async () => {
    const bad = run(process.execPath, [path.join(REPO, 'scripts/new-probe.mjs'), '--root', copy, 'Till-Printer']);
    await expect(bad).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('is not a probe id') });
    const taken = run(process.execPath, [path.join(REPO, 'scripts/new-probe.mjs'), '--root', REPO, 'firewall']);
    const exists = expect.stringContaining('src/probes/firewall exists already');
    await expect(taken).rejects.toMatchObject({ code: 2, stderr: exists });
  });
});

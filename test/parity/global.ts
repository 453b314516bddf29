import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { PARITY_EXCEPTIONS } from './exceptions.js';
import { parityGaps, type ParityRecord } from './gaps.js';

// vitest globalSetup: a temporary folder for record.ts, and after a run of every test file the
// parity check (gaps.ts). A run of some files only (a path or -t filter) is not checked; with
// SHOP_AUDIT_PARITY=off (the new:probe test runs a made-up probe's tests in a copy) vitest.config.ts
// leaves this and record.ts out.

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function readRecords(folder: string): ParityRecord[] {
  return readdirSync(folder).flatMap((f) =>
    readFileSync(path.join(folder, f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ParityRecord),
  );
}

export default function setup(project: TestProject) {
  const folder = mkdtempSync(path.join(tmpdir(), 'shop-audit-parity-'));
  project.provide('parityFolder', folder);
  return async () => {
    const records = readRecords(folder);
    rmSync(folder, { recursive: true, force: true });
    const ran = new Set(records.flatMap((r) => (r.kind === 'file' ? [path.relative(REPO, r.file)] : [])));
    // Every file this configuration runs (test/exe has its own config): a run of fewer is not checked.
    const { testFiles } = await project.globTestFiles();
    const notRun = testFiles.map((f) => path.relative(REPO, f)).filter((f) => !ran.has(f));
    const partial = project.vitest.config.testNamePattern !== undefined || notRun.length > 0;
    if (partial && process.env.SHOP_AUDIT_PARITY === 'required') {
      console.error(`\nParity check (test/parity): npm test ran the whole suite, but not these: ${notRun.join(', ')}`);
      process.exitCode = 1;
    }
    if (partial) return;
    // Imported only now: at the start, importing src/ here held back the first test by ~4 s while one core idled.
    const [{ readRuleSources }, { PROBES }, { loadRuleSet }] = await Promise.all([
      import('../../src/files/read.js'),
      import('../../src/probes/index.js'),
      import('../../src/rule-set.js'),
    ]);
    const { rules } = loadRuleSet(await readRuleSources([path.join(REPO, 'rules')]));
    const gaps = parityGaps(records, { rules, probes: PROBES }, PARITY_EXCEPTIONS);
    // Said on every whole run: a check that stopped running would otherwise look like one that passed (it did not
    // run from 2026-12-06 to 12-07: it counted test/exe, which this configuration leaves out, as not run).
    if (gaps.length === 0) {
      console.log(`\nParity check (test/parity): ${rules.length} rules and ${PROBES.length} probes, no gap.`);
      return;
    }
    console.error(`\nParity check (test/parity): ${gaps.length} gap(s). Add the test, or an exception and its reason:`);
    for (const gap of gaps) console.error(`  ${gap}`);
    process.exitCode = 1;
  };
}

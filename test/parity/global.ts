import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { readRuleSources } from '../../src/files/read.js';
import { PROBES } from '../../src/probes/index.js';
import { loadRuleSet } from '../../src/rule-set.js';
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
    const every = (readdirSync(path.join(REPO, 'test'), { recursive: true }) as string[])
      .map((f) => path.join('test', f))
      .filter((f) => f.endsWith('.test.ts') && existsSync(path.join(REPO, f)));
    const partial = project.vitest.config.testNamePattern !== undefined || every.some((f) => !ran.has(f));
    if (partial) return;
    const { rules } = loadRuleSet(await readRuleSources([path.join(REPO, 'rules')]));
    const gaps = parityGaps(records, { rules, probes: PROBES }, PARITY_EXCEPTIONS);
    if (gaps.length === 0) return;
    console.error(`\nParity check (test/parity): ${gaps.length} gap(s). Add the test, or an exception and its reason:`);
    for (const gap of gaps) console.error(`  ${gap}`);
    process.exitCode = 1;
  };
}

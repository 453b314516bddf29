import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { expect, inject, vi } from 'vitest';
import type { OsName } from '../../src/host/types.js';
import { PROBES } from '../../src/probes/index.js';
import type { ParityRecord } from './gaps.js';

// Loaded before every test file (vitest setupFiles): writes what the tests do for the parity check
// (gaps.ts) into the run's temporary folder — each scan's rule results with the PC's OS, and each
// probe collector that runs.

const folder = inject('parityFolder');
const file = path.join(folder, `${process.pid}-${threadId}.jsonl`);
const written = new Set<string>();
/** Writes each record once per test file: a scan of every probe runs hundreds of collectors. */
function record(r: ParityRecord) {
  const line = JSON.stringify(r);
  if (written.has(line)) return;
  written.add(line);
  appendFileSync(file, `${line}\n`);
}

record({ kind: 'file', file: expect.getState().testPath ?? '' });

vi.mock('../../src/scan.js', async (original) => {
  const scanModule = await original<typeof import('../../src/scan.js')>();
  return {
    ...scanModule,
    scan: async (...args: Parameters<typeof scanModule.scan>) => {
      const report = await scanModule.scan(...args);
      for (const r of report.results) record({ kind: 'rule', rule: r.id, os: report.machine.os, status: r.status });
      return report;
    },
  };
});

// The test files of a worker share the probes (isolate: false): each collector is wrapped once.
const WRAPPED = Symbol.for('shop-audit.parity.wrapped');
for (const probe of PROBES) {
  const collect = probe.collect as Partial<Record<OsName, (typeof probe.collect)[OsName]>>;
  for (const os of Object.keys(collect) as OsName[]) {
    const collector = collect[os]!;
    if (WRAPPED in collector) continue;
    collect[os] = Object.assign(
      async (...args: Parameters<typeof collector>) => {
        const output = await collector(...args);
        record({ kind: 'probe', probe: probe.id, os });
        return output;
      },
      { [WRAPPED]: true },
    );
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    parityFolder: string;
  }
}

import { describe, expect, it } from 'vitest';
import type { Host } from '../../src/host/types.js';
import { PROBES } from '../../src/probes/index.js';
import { answerSchemas, POWERSHELL_ARGS } from '../../src/probes/windows/document.js';
import { scanWith } from '../helpers/scan.js';
import { windowsHost } from '../helpers/windows-samples.js';

// DESIGN.md: a PowerShell costs 0.3–1 s to start, so a Windows scan starts one, whatever the
// probes ask and whatever its script answers. A document with gaps or failed queries must not
// send any probe to start its own PowerShell or to fall back on reg.exe or netsh.

/** Every command the scan runs through `inner`. */
function counting(inner: Host): { host: Host; runs: string[] } {
  const runs: string[] = [];
  return {
    host: {
      ...inner,
      exec: (command, args, options) => {
        runs.push([command, ...args].join(' '));
        return inner.exec(command, args, options);
      },
    },
    runs,
  };
}

describe('Windows: one PowerShell for the whole scan, with every probe', () => {
  const failed = Object.fromEntries(
    Object.keys(answerSchemas()).map((name) => [
      name,
      { type: 'System.Management.Automation.RuntimeException', message: `${name} failed` },
    ]),
  );
  for (const [what, host] of [
    ['a document that answers nothing', windowsHost({})],
    ['a document where every query failed', windowsHost({}, { failed })],
  ] as const) {
    it(`${what}: powershell.exe runs once, nothing else runs, and every probe was asked`, async () => {
      const { host: counted, runs } = counting(host);
      const report = await scanWith(counted);
      expect(runs).toEqual([
        ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', ...POWERSHELL_ARGS].join(' '),
      ]);
      expect(report.probes.map((p) => p.id).sort()).toEqual(PROBES.map((p) => p.id).sort());
    });
  }
});

import { describe, expect, it } from 'vitest';
import { PROBES } from '../../src/probes/index.js';
import { answerSchemas, POWERSHELL_ARGS } from '../../src/probes/windows/document.js';
import { noteCommands } from '../helpers/host.js';
import { scanWith } from '../helpers/scan.js';
import { windowsHost } from '../helpers/windows-samples.js';

// DESIGN.md: a PowerShell costs 0.3–1 s to start, so a Windows scan starts one, whatever the
// probes ask and whatever its script answers. A document with gaps must not send any probe to start
// its own PowerShell or to fall back on reg.exe or netsh; a query that failed is read again by
// Windows' own tools where they can answer it, never by a second PowerShell.

describe('Windows: one PowerShell for the whole scan, with every probe', () => {
  const failed = Object.fromEntries(
    Object.keys(answerSchemas()).map((name) => [
      name,
      { type: 'System.Management.Automation.RuntimeException', message: `${name} failed` },
    ]),
  );
  const powershell = ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', ...POWERSHELL_ARGS].join(' ');

  it('a document that answers nothing: powershell.exe runs once, nothing else runs, and every probe was asked', async () => {
    const { host: counted, asked: runs } = noteCommands(windowsHost({}));
    const report = await scanWith(counted);
    expect(runs).toEqual([powershell]);
    expect(report.probes.map((p) => p.id).sort()).toEqual(PROBES.map((p) => p.id).sort());
  });

  it("a document where every query failed: powershell.exe runs once, then only Windows' own tools", async () => {
    const { host: counted, asked: runs } = noteCommands(windowsHost({}, { failed }));
    const report = await scanWith(counted);
    expect(runs[0]).toBe(powershell);
    const tools = runs.slice(1);
    expect(tools.length).toBeGreaterThan(5);
    for (const run of tools) {
      expect(run).toMatch(/^C:\\Windows\\System32\\(wbem\\)?[\w-]+\.(exe|com)\b/i);
      expect(run).not.toMatch(/powershell|pwsh/i);
    }
    expect(report.probes.map((p) => p.id).sort()).toEqual(PROBES.map((p) => p.id).sort());
  });
});

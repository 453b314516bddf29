import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRecordingHost, createReplayHost, parseBundle } from '../../src/host/bundle.js';
import type { Host } from '../../src/host/types.js';
import { redactSecrets } from '../../src/probes/index.js';
import { LSOF_ARGS } from '../../src/probes/network_services/macos.js';
import { REPO } from '../helpers/host.js';
import { exited, macHost, SAMPLED_MAC } from '../helpers/macos-samples.js';
import { scanWith, statuses } from '../helpers/scan.js';
import { noPowerShellPc } from '../helpers/windows-fallback.js';
import { parseRegQuery, sample, windowsHost, winlogonFromSample } from '../helpers/windows-samples.js';

// A Mac or a Windows PC is recorded on the PC itself, through the same recording host: here around a replay of
// the real samples. The --record bundle, written out as a file and read back, must replay the same answers: a
// redactor that cuts what another probe judges, or a derived answer that is no JSON, would show here.

async function recordAndReplay(pc: Host) {
  const recording = createRecordingHost(pc, redactSecrets, 'test');
  const now = new Date('2026-12-01T10:00:00Z');
  const live = await scanWith(recording.host, { replayed: false, now });
  const bundle = parseBundle('pc.bundle.json', JSON.stringify(recording.finish()));
  const replayed = await scanWith(createReplayHost(bundle), { now });
  return { live, replayed };
}

const seen = (report: Awaited<ReturnType<typeof scanWith>>) => ({
  statuses: statuses(report),
  found: report.results.map((r) => [r.id, r.found, r.reasons]),
  unknown: report.probes.map((p) => [p.id, p.status, p.unknown, p.error ?? null]),
  machine: { ...report.machine, replayed: null },
});

describe('the samples recorded in a --record bundle replay the same scan', () => {
  it('a Mac (the shared macOS samples), as administrator', async () => {
    const { live, replayed } = await recordAndReplay(macHost(SAMPLED_MAC, { elevated: true }));
    expect(Object.values(statuses(live))).toContain('fail');
    expect(seen(replayed)).toEqual(seen(live));
  });

  it('a Mac backing up to a Time Machine disk named Password Backup: its latest backup is read from the bundle', async () => {
    // tmutil names the backup by its path: a line starting with a word the masking looks for, were it not a path.
    const { live, replayed } = await recordAndReplay(
      macHost({
        ...SAMPLED_MAC,
        '/usr/bin/tmutil destinationinfo': exited(
          'Name          : Password Backup\nKind          : Local\nID            : 1\n',
        ),
        '/usr/bin/tmutil latestbackup': exited('/Volumes/Password Backup/Backups.backupdb/Till/2026-11-30-093000\n'),
      }),
    );
    expect(statuses(live)['backups.recent']).toBe('pass');
    expect(seen(replayed)).toEqual(seen(live));
  });

  it('a Mac where 1Password listens on the VNC port: the listener is read from the bundle', async () => {
    // lsof's command column (9 characters) starts a row with a word the masking looks for.
    const lsof = readFileSync(
      path.join(REPO, 'test/fixtures/network_services/lsof-listen__published-macos-lines-header-added-handwritten.txt'),
      'utf8',
    );
    const vnc =
      '1Password   777              some_guy   12u     IPv4 0x3333333333333333           0t0                 TCP *:5900 (LISTEN)\n';
    const { live, replayed } = await recordAndReplay(
      macHost({ ...SAMPLED_MAC, [`/usr/sbin/lsof ${LSOF_ARGS.join(' ')}`]: exited(lsof + vnc) }, { elevated: true }),
    );
    expect(statuses(live)['network-services.no-risky-service-open']).toBe('fail');
    expect(seen(replayed)).toEqual(seen(live));
  });

  it("a Windows PC through PowerShell's answer (the winlogon and Remote Desktop samples)", async () => {
    const pc = windowsHost({
      computerName: 'TILL-PC',
      winlogon: winlogonFromSample('reg-query-winlogon__en-win7-autologon-plaintext-password.txt'),
      terminalServer: parseRegQuery(sample('reg-query-fdenytsconnections__en-win11-rdp-enabled-0x0.txt')),
      rdpTcp: null,
      terminalServicesPolicy: null,
    });
    const { live, replayed } = await recordAndReplay(pc);
    expect(statuses(live)['login.no-auto-login']).toBe('fail');
    expect(seen(replayed)).toEqual(seen(live));
  });

  it("a Windows PC without PowerShell (Windows' own tools on the real samples)", async () => {
    const { live, replayed } = await recordAndReplay(createReplayHost(noPowerShellPc(null)));
    expect(live.machine.windowsFactsFrom).toBe('fallback');
    expect(seen(replayed)).toEqual(seen(live));
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReplayHost } from '../../src/host/bundle.js';
import { makeRoot, REPO, rootHost } from '../helpers/host.js';
import { exited, macBundle, SAMPLED_MAC } from '../helpers/macos-samples.js';
import { scanWith } from '../helpers/scan.js';
import { parseRegQuery, sample, windowsHost } from '../helpers/windows-samples.js';

// Whole scans for the remote-access rules the parity check of issue #20 found unseen: PCs where
// the SSH server is installed but off, and no remote-desktop server or support app runs or starts.

const fixture = (name: string) => readFile(path.join(REPO, 'test/fixtures/remote_access', name), 'utf8');
type Report = Awaited<ReturnType<typeof scanWith>>;
const ruleOf = (report: Report, id: string) => report.results.find((r) => r.id === id)!;
const remoteRules = (report: Report) => ({
  ssh: ruleOf(report, 'remote-access.ssh-server-off').status,
  desktop: ruleOf(report, 'remote-access.no-remote-desktop-server').status,
  support: ruleOf(report, 'remote-access.remote-support-apps-reviewed').status,
});

/** A Linux PC's files: an OS, and processes as the kernel shows them (/proc/PID/comm; PID 1 is always there). */
const linuxPc = async (files: Parameters<typeof makeRoot>[0], processes: string[]) => {
  const procs = Object.fromEntries(processes.map((n, i) => [`/proc/${100 + i}/comm`, `${n}\n`]));
  return rootHost(
    await makeRoot({
      '/etc/os-release': await readFile(
        path.join(REPO, 'test/fixtures/os_support/os-release__this-debian12-etc.txt'),
        'utf8',
      ),
      '/proc/1/comm': 'systemd\n',
      ...procs,
      ...files,
    }),
  );
};

describe('remote-access rules on Linux, whole scans (temporary root, real systemctl)', () => {
  // ssh.service not linked into a target, as `systemctl disable ssh` leaves it.
  it('openssh-server installed but disabled and not running: SSH server off passes', async () => {
    const host = await linuxPc(
      {
        '/usr/sbin/sshd': '',
        '/usr/lib/systemd/system/ssh.service': await fixture('ssh.service__this-debian12-openssh9.2-package.service'),
      },
      ['bash'],
    );
    const report = await scanWith(host, { replayed: false });
    expect(remoteRules(report)).toMatchObject({ ssh: 'pass', desktop: 'pass', support: 'pass' });
    expect(ruleOf(report, 'remote-access.ssh-server-off').evidence).toMatchObject({
      'ssh.installed': true,
      'ssh.running': false,
      'ssh.startsAtBoot': false,
    });
  });

  it('AnyDesk installed and running (/usr/bin/anydesk, an anydesk process): the support-app rule fails', async () => {
    const host = await linuxPc({ '/usr/bin/anydesk': '' }, ['anydesk']);
    expect(remoteRules(await scanWith(host, { replayed: false })).support).toBe('fail');
  });
});

describe('remote-access rules on Windows, whole scans', () => {
  it('OpenSSH Server stopped and Manual (its default), Remote Desktop denied, no support app: all pass', async () => {
    // fDenyTSConnections 1: the real Win11 sample with Remote Desktop switched off in Settings.
    const terminalServer = parseRegQuery(
      sample('reg-query-fdenytsconnections__en-win11-rdp-enabled-0x0.txt').replace('0x0', '0x1'),
    );
    expect(terminalServer.fDenyTSConnections).toBe(1);
    const report = await scanWith(
      windowsHost({
        services: [
          { name: 'sshd', displayName: 'OpenSSH SSH Server', state: 'Stopped', startMode: 'Manual' },
          { name: 'TermService', displayName: 'Remote Desktop Services', state: 'Stopped', startMode: 'Manual' },
        ],
        processes: ['System', 'explorer', 'svchost'],
        installed: ['Microsoft Edge', '7-Zip 23.01 (x64)'],
        runKeys: [],
        scheduledTasks: [],
        startupFolders: [],
        terminalServer,
        rdpTcp: { UserAuthentication: 1 },
        terminalServicesPolicy: null,
      }),
    );
    expect(remoteRules(report)).toEqual({ ssh: 'pass', desktop: 'pass', support: 'pass' });
  });
});

describe('remote-access rules on macOS, whole scans', () => {
  // Remote Login off: the real launchctl sample has no com.openssh.sshd override and launchd has no such job loaded.
  it('sshd present, Remote Login off, no Screen Sharing, ARD or support app: all three pass', async () => {
    const bundle = macBundle({
      ...SAMPLED_MAC,
      // Handwritten in the macOS layout of `ps -A -o comm=`: full paths, no remote tool among them.
      '/bin/ps -A -o comm=': exited(
        '/sbin/launchd\n/usr/libexec/logd\n/System/Library/CoreServices/Finder.app/Contents/MacOS/Finder\n',
      ),
    });
    bundle.stats['/usr/sbin/sshd'] = { status: 'ok', kind: 'file', size: 1, mtimeMs: 0, mode: 0o755 };
    bundle.dirs['/Library/LaunchDaemons'] = { status: 'ok', entries: [] };
    bundle.dirs['/Library/LaunchAgents'] = { status: 'ok', entries: [] };
    expect(remoteRules(await scanWith(createReplayHost(bundle)))).toEqual({
      ssh: 'pass',
      desktop: 'pass',
      support: 'pass',
    });
  });
});

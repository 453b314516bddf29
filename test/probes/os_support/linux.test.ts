import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { mkdir, utimes } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EOL_TABLE_AS_OF } from '../../../src/probes/os_support/eol-table.js';
import { osSupport } from '../../../src/probes/os_support/index.js';
import { makeRoot, REPO, rootHost } from '../../helpers/host.js';
import { expectHonest } from '../../helpers/honesty.js';
import { aptRoot, realAptSecurityUpgrades, type Pkg } from '../../helpers/apt-repo.js';
import { bundledRules } from '../../helpers/scan.js';
import { scan } from '../../../src/scan.js';

// The Linux collector on a temporary root holding real os-release files (test/fixtures/os_support,
// sources in SOURCES.md) and package-list stamps whose modification times the test sets.

const collect = osSupport.collect.linux;
const osRelease = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'os_support', name), 'utf8');
const NOW = new Date('2026-12-02T08:00:00Z');
/** The scan's options as a scan on NOW passes them. */
const AT = { deep: false, now: NOW };
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
// apt's history.log and dpkg.log as apt 2.6 writes them (this machine's /var/log/apt/history.log, names shortened).
const HISTORY = [
  'Start-Date: 2026-11-29  06:25:11',
  'Commandline: /usr/bin/unattended-upgrade',
  'Upgrade: libssl3:amd64 (3.0.16-1~deb12u1, 3.0.17-1~deb12u2), openssl:amd64 (3.0.16-1~deb12u1, 3.0.17-1~deb12u2)',
  'End-Date: 2026-11-29  06:25:19',
  '',
  'Start-Date: 2026-11-30  10:02:41',
  'Commandline: apt-get install -y curl',
  'Install: curl:amd64 (7.88.1-10+deb12u12)',
  'End-Date: 2026-11-30  10:02:44',
  '',
].join('\n');
const DPKG_LOG = [
  '2026-10-02 09:14:03 startup archives unpack',
  '2026-10-02 09:14:03 upgrade libfoo1:amd64 1.0-1 1.0-1+deb12u1',
  '2026-10-02 09:14:03 status half-configured libfoo1:amd64 1.0-1+deb12u1',
  '2026-11-20 11:00:00 install bar:amd64 <none> 2.0-1',
  '',
].join('\n');

/** A root with the given files, and each stamp path given a modification time `days` before NOW. */
async function pc(files: Record<string, string>, stamps: Record<string, number> = {}) {
  const root = await makeRoot(files);
  for (const [p, days] of Object.entries(stamps)) {
    const full = path.join(root, p);
    if (p.endsWith('/lists')) await mkdir(full, { recursive: true });
    else if (!Object.hasOwn(files, p)) throw new Error(`stamp ${p} must be one of the files`);
    await utimes(full, daysBefore(days), daysBefore(days));
  }
  return rootHost(root);
}

describe('os_support on Linux', () => {
  it("this machine's Debian 12 (os-release__this-debian12-etc.txt), last upgraded 3 days ago: supported until Debian LTS ends", async () => {
    const host = await pc({
      '/etc/os-release': osRelease('os-release__this-debian12-etc.txt'),
      '/var/log/apt/history.log': HISTORY,
    });
    const out = await collect(host, AT);
    expect(out.facts).toEqual({
      release: 'Debian 12 bookworm',
      supported: true,
      supportEnds: '2028-06-30',
      daysUntilSupportEnds: 576,
      supportSource: 'https://wiki.debian.org/LTS',
      lastUpdate: '2026-11-29',
      daysSinceUpdate: 3,
      updateEvidence: 'apt: packages last upgraded (/var/log/apt/history.log, /var/log/dpkg.log)',
      eolTableAsOf: EOL_TABLE_AS_OF,
      eolTableAgeDays: 102,
      packageSecurityUpdatesPending: null,
      overdueSecurityUpdates: null,
      oldestPendingSecurityUpdate: null,
      pendingUpdatesEvidence: null,
      // No apt here: whether updates install by themselves is not known (os.automatic-updates' tests read it).
      automaticUpdates: null,
      automaticUpdatesEvidence: null,
      updatesPausedUntil: null,
      securityUpdateDeferralDays: null,
      featureUpdateDeferralDays: null,
    });
    // No apt-get in this root: nothing counts the pending updates or reads how they are installed.
    const noUpdater = 'no apt or dnf found: whether updates install by themselves is not known';
    const noCount = 'no apt or dnf found: pending security updates are not known';
    expect(out.unknown).toEqual({
      packageSecurityUpdatesPending: noCount,
      overdueSecurityUpdates: noCount,
      oldestPendingSecurityUpdate: noCount,
      pendingUpdatesEvidence: noCount,
      automaticUpdates: noUpdater,
      automaticUpdatesEvidence: noUpdater,
      updatesPausedUntil: noUpdater,
      securityUpdateDeferralDays: noUpdater,
      featureUpdateDeferralDays: noUpdater,
    });
  });

  it("a refreshed package list is no update: only an upgrade in apt's or dpkg's log counts", async () => {
    const host = await pc(
      {
        '/etc/os-release': osRelease('os-release__ubuntu-24.04.3-lts.txt'),
        '/usr/bin/apt-get': '',
        '/var/log/dpkg.log': DPKG_LOG,
        '/var/lib/apt/periodic/update-success-stamp': '',
      },
      { '/var/lib/apt/periodic/update-success-stamp': 0 },
    );
    const out = await collect(host, AT);
    expect(out.facts).toMatchObject({ release: 'Ubuntu 24.04 LTS', lastUpdate: '2026-10-02', daysSinceUpdate: 61 });
    const none = await collect(
      await pc(
        {
          '/etc/os-release': osRelease('os-release__ubuntu-24.04.3-lts.txt'),
          '/usr/bin/apt-get': '',
          '/var/log/apt/history.log': HISTORY.replace(/^Upgrade: .*$/gm, ''),
        },
        { '/var/lib/apt/lists': 0 },
      ),
      AT,
    );
    expect(none.facts.lastUpdate).toBeNull();
    expect(none.unknown.lastUpdate).toMatch(/^no package upgrade recorded in \/var\/log\/apt\/history.log/);
  });

  it('Ubuntu 25.04 (os-release__ubuntu-25.04.txt) ended on 2026-01-17: not supported, days counted back', async () => {
    const out = await collect(await pc({ '/etc/os-release': osRelease('os-release__ubuntu-25.04.txt') }), AT);
    expect(out.facts).toMatchObject({
      release: 'Ubuntu 25.04',
      supported: false,
      supportEnds: '2026-01-17',
      daysUntilSupportEnds: -319,
    });
    // Neither apt nor dnf: when updates arrived is unknown, with the reason.
    expect(out.facts.lastUpdate).toBe(null);
    expect(out.unknown.lastUpdate).toMatch(/no apt or dnf found/);
    expectHonest(out);
  });

  it('Rocky Linux 9.3 with os-release only under /usr/lib (os-release__rocky-9.3-usr-lib.txt), dnf cache refreshed yesterday: updates not read', async () => {
    const host = await pc(
      {
        '/usr/lib/os-release': osRelease('os-release__rocky-9.3-usr-lib.txt'),
        '/usr/bin/dnf': '',
        '/var/cache/dnf/last_makecache': '',
      },
      { '/var/cache/dnf/last_makecache': 1 },
    );
    const out = await collect(host, AT);
    expect(out.facts).toMatchObject({
      release: 'Rocky Linux 9',
      supported: true,
      supportEnds: '2032-05-31',
      daysSinceUpdate: null,
      packageSecurityUpdatesPending: null,
    });
    expect(out.unknown.daysSinceUpdate).toMatch(/^\/usr\/bin\/dnf: when updates were last installed is not read/);
    expect(out.unknown.packageSecurityUpdatesPending).toMatch(/^dnf: pending security updates are not counted/);
    expectHonest(out);
  });

  it("a distribution not in the table but stating SUPPORT_END (os-release__amazon-linux-2023-support-end.txt): the distribution's own date", async () => {
    const out = await collect(
      await pc({ '/etc/os-release': osRelease('os-release__amazon-linux-2023-support-end.txt') }),
      AT,
    );
    expect(out.facts).toMatchObject({
      release: 'Amazon Linux 2023',
      supported: true,
      supportEnds: '2028-03-01',
      supportSource: 'SUPPORT_END in os-release (set by the distribution)',
    });
  });

  it('a distribution neither in the table nor stating an end (os-release__deepin-23-riscv-star64-test-report.txt): unknown with the reason, never a guess', async () => {
    const out = await collect(
      await pc({ '/etc/os-release': osRelease('os-release__deepin-23-riscv-star64-test-report.txt') }),
      AT,
    );
    expect(out.facts).toMatchObject({
      release: null,
      supported: null,
      supportEnds: null,
      eolTableAsOf: EOL_TABLE_AS_OF,
    });
    expect(out.unknown.supported).toBe(
      `Deepin 23 (ID Deepin, VERSION_ID 23) is not in shop-audit's end-of-life table (as of ${EOL_TABLE_AS_OF}): its support status is not known`,
    );
    expectHonest(out);
  });

  it('CentOS Stream 9 (os-release__centos-stream-9.txt, ID centos like CentOS Linux): dated by the CentOS Stream page', async () => {
    const out = await collect(await pc({ '/etc/os-release': osRelease('os-release__centos-stream-9.txt') }), AT);
    expect(out.facts).toMatchObject({
      release: 'CentOS Stream 9',
      supportEnds: '2027-05-31',
      eolTableAsOf: EOL_TABLE_AS_OF,
    });
  });

  it('a testing release without VERSION_ID (os-release__debian-stretch-sid-testing-no-version-id.txt) has no end date: unknown, and the table is not used', async () => {
    const out = await collect(
      await pc({
        '/etc/os-release': osRelease('os-release__debian-stretch-sid-testing-no-version-id.txt'),
        '/usr/bin/apt-get': '',
        '/var/log/dpkg.log': DPKG_LOG,
      }),
      AT,
    );
    expect(out.facts).toMatchObject({
      supported: null,
      eolTableAsOf: null,
      eolTableAgeDays: null,
      daysSinceUpdate: 61,
    });
    expect(out.unknown.supported).toMatch(/no VERSION_ID/);
    expectHonest(out);
  });

  it('no os-release at all: every support fact unknown with the reason', async () => {
    const out = await collect(await pc({ '/etc/hostname': 'till\n' }), AT);
    expect(out.facts.supported).toBe(null);
    expect(out.unknown.supported).toBe('os-release: not found');
    expectHonest(out);
  });

  it('a log that cannot be read is a reason, not "never updated"', async () => {
    const root = await makeRoot({
      '/etc/os-release': osRelease('os-release__this-debian12-etc.txt'),
      '/usr/bin/apt-get': '',
      '/var/log/apt/history.log': HISTORY,
    });
    const host = await rootHost(root);
    const denied = {
      ...host,
      readFile: async (p: string) =>
        p.startsWith('/var/log/apt') ? ({ status: 'denied' } as const) : host.readFile(p),
    };
    const out = await collect(denied, AT);
    expect(out.facts.lastUpdate).toBe(null);
    expect(out.unknown.lastUpdate).toBe(
      'cannot read /var/log/apt/history.log (permission denied), /var/log/apt/history.log.1 (permission denied)',
    );
  });
});

describe("os_support on Linux: pending security updates, read from apt's lists and checked against the real apt-get -s", () => {
  const INSTALLED: Pkg[] = [
    ['libfoo1', '1.0-1'],
    ['bar', '2.0-1'],
    ['baz', '3.0-1'],
  ];
  const MAIN = {
    label: 'Debian',
    packages: [
      ['bar', '2.1-1'],
      ['baz', '3.0-1'],
      ['libfoo1', '1.0-1'],
    ] as Pkg[],
  };
  const SECURITY = {
    label: 'Debian-Security',
    packages: [
      ['libfoo1', '1.0-1+deb12u1'],
      ['baz', '3.0-1+deb12u1'],
    ] as Pkg[],
  };
  const STAMP = '/var/lib/apt/periodic/update-success-stamp';

  async function scanOf(root: string, listsAgeDays: number) {
    await utimes(path.join(root, STAMP), daysBefore(listsAgeDays), daysBefore(listsAgeDays));
    return collect(await rootHost(root), AT);
  }
  const files = {
    '/etc/os-release': osRelease('os-release__this-debian12-etc.txt'),
    [STAMP]: '',
    '/var/log/apt/history.log': HISTORY,
  };
  const scanOptions = {
    lang: 'en',
    failOn: 'high',
    minScore: null,
    strict: false,
    version: 'test',
    replayed: false,
    probeDeadlineMs: 8000,
    now: () => NOW,
  } as const;
  async function wholeScan(root: string) {
    await utimes(path.join(root, STAMP), daysBefore(1), daysBefore(1));
    const report = await scan(await rootHost(root), await bundledRules(), scanOptions);
    return (id: string) => report.results.find((r) => r.id === id);
  }

  it('two packages with a newer version in bookworm-security, one only in bookworm: 2 pending, as apt-get -s says', async () => {
    const root = await aptRoot({
      installed: INSTALLED,
      suites: { bookworm: MAIN, 'bookworm-security': SECURITY },
      files,
    });
    const out = await scanOf(root, 1);
    expect(out.facts.packageSecurityUpdatesPending).toBe(2);
    expect(realAptSecurityUpgrades(root)).toBe(2);
    // The upgrade logged 3 days ago passes os.updates-recent all the same: only this count sees the gap.
    expect(out.facts.daysSinceUpdate).toBe(3);
    expectHonest(out);
  });

  it('in a whole scan: updates arrived recently (os.updates-recent passes) yet os.no-pending-security-updates fails', async () => {
    const root = await aptRoot({
      installed: INSTALLED,
      suites: { bookworm: MAIN, 'bookworm-security': SECURITY },
      files: { ...files, '/proc/sys/kernel/hostname': 'till\n' },
    });
    const status = await wholeScan(root);
    expect(status('os.updates-recent')).toMatchObject({ status: 'pass' });
    expect(status('os.no-pending-security-updates')).toMatchObject({
      status: 'fail',
      severity: 'high',
      evidence: { packageSecurityUpdatesPending: 2 },
    });
    // apt keeps no release dates: whether the two have waited more than 14 days is not known, never a pass.
    const overdue = status('os.no-overdue-security-updates')!;
    expect(overdue.status).toBe('unknown');
    expect(JSON.stringify(overdue.reasons)).toMatch(/apt shows 2 security updates waiting but keeps no record/);
  });

  it('everything from the security suite installed: 0 pending, as apt-get -s says; in a whole scan the rule passes', async () => {
    const installed: Pkg[] = [
      ['libfoo1', '1.0-1+deb12u1'],
      ['bar', '2.0-1'],
      ['baz', '3.0-1+deb12u1'],
    ];
    const root = await aptRoot({
      installed,
      suites: { bookworm: MAIN, 'bookworm-security': SECURITY },
      files: { ...files, '/proc/sys/kernel/hostname': 'till\n' },
    });
    expect((await scanOf(root, 0)).facts.packageSecurityUpdatesPending).toBe(0);
    expect(realAptSecurityUpgrades(root)).toBe(0);
    const status = await wholeScan(root);
    expect(status('os.no-pending-security-updates')).toMatchObject({ status: 'pass' });
    // None waiting at all: none has waited more than 14 days.
    expect(status('os.no-overdue-security-updates')).toMatchObject({
      status: 'pass',
      evidence: { overdueSecurityUpdates: 0 },
    });
  });

  it('epochs, ~ and revisions, Architecture: all, another architecture, a held package, a newer local build: the same count as apt-get -s', async () => {
    const installed: Pkg[] = [
      ['epoch', '1:1.0-1'], // security 2.0-1 has no epoch: older
      ['tilde', '2.0~rc1-1'], // security 2.0-1: newer
      ['docs', '1.0-1', 'all'], // security 1.0-1+deb12u1 (all): newer
      ['i386only', '1.0-1', 'i386'], // security lists amd64 only: not this package
      ['held', '1.0-1'], // held by dpkg: apt keeps it back
      ['local', '5.0-1'], // security 4.0-1: older than what is installed
      ['native', '1.0'], // security 1.0.1 (native, no revision): newer
    ];
    const security: Pkg[] = [
      ['epoch', '2.0-1'],
      ['tilde', '2.0-1'],
      ['docs', '1.0-1+deb12u1', 'all'],
      ['i386only', '2.0-1'],
      ['held', '1.0-2'],
      ['local', '4.0-1'],
      ['native', '1.0.1'],
    ];
    const root = await aptRoot({
      installed,
      held: ['held'],
      suites: { bookworm: MAIN, 'bookworm-security': { label: 'Debian-Security', packages: security } },
      files,
    });
    expect((await scanOf(root, 1)).facts.packageSecurityUpdatesPending).toBe(3);
    expect(realAptSecurityUpgrades(root)).toBe(3);
  });

  it('package lists refreshed 40 days ago cannot show what is pending: unknown, never 0', async () => {
    const root = await aptRoot({
      installed: INSTALLED,
      suites: { bookworm: MAIN, 'bookworm-security': SECURITY },
      files,
    });
    const out = await scanOf(root, 40);
    expect(out.facts.packageSecurityUpdatesPending).toBeNull();
    expect(out.unknown.packageSecurityUpdatesPending).toMatch(/^apt's package lists were last refreshed 40 days ago/);
  });

  it('no security suite among the sources: unknown with the reason', async () => {
    const root = await aptRoot({ installed: INSTALLED, suites: { bookworm: MAIN }, files });
    const out = await scanOf(root, 1);
    expect(out.facts.packageSecurityUpdatesPending).toBeNull();
    expect(out.unknown.packageSecurityUpdatesPending).toMatch(/^apt has no security suite/);
  });

  it('lists apt keeps compressed (Acquire::GzipIndexes) are not read: unknown with the reason, never 0', async () => {
    const root = await aptRoot({
      installed: INSTALLED,
      suites: { bookworm: MAIN, 'bookworm-security': SECURITY },
      files,
      gzipIndexes: true,
    });
    const out = await scanOf(root, 1);
    expect(out.facts.packageSecurityUpdatesPending).toBeNull();
    expect(out.unknown.packageSecurityUpdatesPending).toMatch(
      /bookworm-security_main_binary-amd64_Packages\.lz4 is compressed \(Acquire::GzipIndexes\)/,
    );
  });

  it('a list that is not a regular file (a FIFO) is not opened: unknown with the reason', async () => {
    const root = await aptRoot({
      installed: INSTALLED,
      suites: { bookworm: MAIN, 'bookworm-security': SECURITY },
      files,
    });
    rmSync(path.join(root, 'var/lib/dpkg/status'));
    execFileSync('/usr/bin/mkfifo', [path.join(root, 'var/lib/dpkg/status')]);
    const out = await scanOf(root, 1);
    expect(out.facts.packageSecurityUpdatesPending).toBeNull();
    expect(out.unknown.packageSecurityUpdatesPending).toMatch(/^\/var\/lib\/dpkg\/status: /);
  });
});

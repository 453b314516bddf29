import { readFileSync } from 'node:fs';
import { rm, utimes } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect } from 'vitest';
import { logsKept } from '../../../src/probes/logs_kept/index.js';
import { makeRoot, REPO, rootHost } from '../../helpers/host.js';
import { needsTool } from '../../helpers/tools.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'logs_kept', name));
const collect = logsKept.collect.linux;
const journalctl = needsTool('journalctl', 'systemd');
/** The real journal file of this machine's journald (SOURCES.md): its oldest entry is of 2026-12-07 00:37:22 UTC. */
const JOURNAL = {
  '/var/log/journal/0123456789abcdef0123456789abcdef/system.journal': gunzipSync(
    fixture('system.journal__this-debian12-systemd-252-journald-3-entries.journal.gz'),
  ),
};
/** The same journal file where journald keeps it in memory only (/run is emptied at every start). */
const RUNTIME_JOURNAL = {
  '/run/log/journal/0123456789abcdef0123456789abcdef/system.journal':
    JOURNAL['/var/log/journal/0123456789abcdef0123456789abcdef/system.journal'],
};
/** Debian 12's rsyslog unit (SOURCES.md), enabled as `systemctl enable rsyslog` leaves it. */
const RSYSLOG_UNIT = {
  '/usr/sbin/rsyslogd': '',
  '/lib/systemd/system/rsyslog.service': fixture(
    'rsyslog.service__debian12-rsyslog-8.2302.0-1+deb12u2-package.service',
  ),
};
const RSYSLOG_ENABLED = {
  ...RSYSLOG_UNIT,
  '/etc/systemd/system/multi-user.target.wants/rsyslog.service': { link: '/lib/systemd/system/rsyslog.service' },
  '/etc/systemd/system/syslog.service': { link: '/lib/systemd/system/rsyslog.service' },
};
const JOURNAL_START = new Date('2026-12-07T00:37:22.365Z');
/** This machine's /proc/stat (SOURCES.md), booted a minute before the journal's first entry. */
const BOOTED = {
  '/proc/stat': fixture('proc-stat__this-debian12-2-cores.txt')
    .toString()
    .replace(/^btime \d+$/m, `btime ${Math.floor(JOURNAL_START.getTime() / 1000) - 60}`),
};
const daysAfter = (days: number) => new Date(JOURNAL_START.getTime() + days * 86_400_000 + 3_600_000);

/** The journal, a booted kernel and rsyslog's unit, with auth.log written now and auth.log.4.gz 190 days ago. */
async function rsyslogRoot(unit: Record<string, string | Buffer | { link: string }>): Promise<string> {
  const root = await makeRoot({
    ...JOURNAL,
    ...unit,
    ...BOOTED,
    '/var/log/auth.log': 'x\n',
    '/var/log/auth.log.4.gz': 'x',
  });
  const old = daysAfter(-190);
  await utimes(path.join(root, 'var/log/auth.log.4.gz'), old, old);
  return root;
}

// The Linux collector on real files in a temporary root: the real journalctl reads the real journal file.
describe('logs_kept on Linux (temporary root)', () => {
  journalctl.it('a persistent journal: its oldest entry, and how many days that is before the scan', async () => {
    const host = await rootHost(
      await makeRoot({
        ...JOURNAL,
        '/etc/systemd/journald.conf': fixture('journald.conf__this-debian12-systemd-252-package-default.conf'),
      }),
    );
    const { facts, unknown } = await collect(host, { deep: false, now: daysAfter(200) });
    expect(facts).toMatchObject({
      oldestEntry: JOURNAL_START.toISOString(),
      coveredDays: 200,
      coveredBy: 'the systemd journal',
      persistent: true,
      whenFull: 'overwrite',
      retentionLimitDays: 0,
      maxSizeMB: null,
    });
    expect(unknown.maxSizeMB).toContain("journald's default");
  });

  journalctl.it('drop-ins: a volatile journal with a 30-day limit and a size', async () => {
    const host = await rootHost(
      await makeRoot({
        ...RUNTIME_JOURNAL,
        '/etc/systemd/journald.conf.d/short.conf':
          '[Journal]\nStorage=volatile\nMaxRetentionSec=1month\nRuntimeMaxUse=64M\n',
      }),
    );
    const { facts } = await collect(host, { deep: false, now: daysAfter(3) });
    expect(facts).toMatchObject({ persistent: false, retentionLimitDays: 30, maxSizeMB: 64, coveredDays: 3 });
  });

  journalctl.it('rsyslog: the oldest rotated auth.log counts when it is older than the journal', async () => {
    const root = await rsyslogRoot(RSYSLOG_ENABLED);
    const { facts } = await collect(await rootHost(root), { deep: false, now: daysAfter(1) });
    expect(facts.coveredDays).toBe(191);
    expect(facts.coveredBy).toContain('/var/log/auth.log.4.gz');
  });

  // Old files prove only the past: what counts is what the PC keeps now.
  journalctl.it('an auth.log left by an rsyslog that no longer starts at boot does not count', async () => {
    const root = await rsyslogRoot(RSYSLOG_UNIT);
    const { facts } = await collect(await rootHost(root), { deep: false, now: daysAfter(1) });
    expect(facts.coveredBy).toBe('the systemd journal');
    expect(facts.coveredDays).toBe(1);
  });

  // A sign-in since the boot (the scan's own session's) is in auth.log when the daemon writes it: a newest file
  // written before the boot is what a daemon that no longer writes sign-ins (its rules changed) left behind.
  journalctl.it('an auth.log not written since the boot does not count', async () => {
    const root = await rsyslogRoot(RSYSLOG_ENABLED);
    const beforeBoot = daysAfter(-2);
    await utimes(path.join(root, 'var/log/auth.log'), beforeBoot, beforeBoot);
    const { facts } = await collect(await rootHost(root), { deep: false, now: daysAfter(1) });
    expect(facts).toMatchObject({ coveredBy: 'the systemd journal', coveredDays: 1 });
    // Without the boot time, whether it is written now cannot be told: it does not count either.
    await rm(path.join(root, 'proc/stat'));
    const noBoot = await collect(await rootHost(root), { deep: false, now: daysAfter(1) });
    expect(noBoot.facts).toMatchObject({ coveredBy: 'the systemd journal', coveredDays: 1 });
  });

  journalctl.it('a journal on disk from before Storage=volatile or none does not count', async () => {
    for (const storage of ['volatile', 'none']) {
      const host = await rootHost(
        await makeRoot({ ...JOURNAL, '/etc/systemd/journald.conf': `[Journal]\nStorage=${storage}\n` }),
      );
      const { facts, unknown } = await collect(host, { deep: false, now: daysAfter(200) });
      expect(facts.coveredDays).toBeNull();
      expect(unknown.coveredDays).toContain('no log entries found');
    }
  });

  journalctl.it('no journal and no syslog: unknown with the reason, never a number', async () => {
    const { facts, unknown } = await collect(await rootHost(await makeRoot({})), { deep: false });
    expect(facts.coveredDays).toBeNull();
    expect(unknown.coveredDays).toContain('no log entries found');
    expect(facts.persistent).toBe(false);
  });
});

import { readFileSync } from 'node:fs';
import { utimes } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EOL_TABLE_AS_OF } from '../../src/probes/os_support/eol-table.js';
import { makeRoot, REPO, rootHost } from '../helpers/host.js';
import { exited, macHost, sample, SAMPLED_MAC, SW_VERS } from '../helpers/macos-samples.js';
import { scanWith } from '../helpers/scan.js';

// Whole scans for the os-support rules the parity check of issue #20 found unseen, each on a
// fixed scan day so the verdicts do not move with the calendar.

type Report = Awaited<ReturnType<typeof scanWith>>;
const ruleOf = (report: Report, id: string) => report.results.find((r) => r.id === id)!;
const osRelease = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'os_support', name), 'utf8');
const DAY = 86_400_000;
const SCAN_DAY = new Date('2026-09-01T08:00:00Z');
/** A scan day more than the rule's 183 days after the end-of-life table was written. */
const TABLE_STALE_DAY = new Date(new Date(`${EOL_TABLE_AS_OF}T08:00:00Z`).getTime() + 200 * DAY);
const STAMP = '/var/lib/apt/periodic/update-success-stamp';

/** A Linux PC with this os-release whose package lists were last refreshed `days` before `now`. */
/** A Linux PC whose package lists were refreshed and whose last upgrade ran `days` before `now`. */
async function linuxPc(release: string, days: number, now: Date) {
  const when = new Date(now.getTime() - days * DAY);
  // apt's history.log as apt 2.6 writes it (handwritten from the format of this machine's own log).
  const day = when.toISOString().slice(0, 10);
  const time = when.toISOString().slice(11, 19);
  const history = `Start-Date: ${day}  ${time}\nCommandline: /usr/bin/unattended-upgrade\nUpgrade: libssl3:amd64 (3.0.16-1~deb12u1, 3.0.17-1~deb12u2)\nEnd-Date: ${day}  ${time}\n\n`;
  const root = await makeRoot({
    '/etc/os-release': osRelease(release),
    [STAMP]: '',
    '/var/log/apt/history.log': history,
  });
  await utimes(path.join(root, STAMP), when, when);
  return rootHost(root);
}

describe('os-support rules on Linux, whole scans', () => {
  it('Ubuntu 25.04 (ended 2026-01-17), package lists refreshed 60 days ago: unsupported, not updated', async () => {
    const report = await scanWith(await linuxPc('os-release__ubuntu-25.04.txt', 60, SCAN_DAY), {
      replayed: false,
      now: SCAN_DAY,
    });
    const supported = ruleOf(report, 'os.supported');
    expect(supported.status).toBe('fail');
    expect(supported.evidence).toMatchObject({ supported: false });
    const updates = ruleOf(report, 'os.updates-recent');
    expect(updates.status).toBe('fail');
    expect(updates.evidence).toMatchObject({ daysSinceUpdate: 60 });
  });

  it("a clock set back before the end-of-life table's date (a dead clock battery) proves nothing current", async () => {
    // Ubuntu 25.04 ended 2026-01-17, before the table was made: ended, whatever the clock says. How long ago the
    // last update ran is not known: the clock is wrong.
    const behind = new Date('2025-06-01T08:00:00Z');
    const report = await scanWith(await linuxPc('os-release__ubuntu-25.04.txt', 3, behind), {
      replayed: false,
      now: behind,
    });
    expect(ruleOf(report, 'os.supported').status).toBe('fail');
    const updates = ruleOf(report, 'os.updates-recent');
    expect(updates.status).toBe('unknown');
    expect(JSON.stringify(updates.reasons)).toContain('clock');
  });

  it("Debian 12 scanned 200 days after the end-of-life table's date: the table is too old", async () => {
    const report = await scanWith(await linuxPc('os-release__this-debian12-etc.txt', 3, TABLE_STALE_DAY), {
      replayed: false,
      now: TABLE_STALE_DAY,
    });
    const rule = ruleOf(report, 'os.eol-table-current');
    expect(rule.status).toBe('fail');
    expect(rule.evidence).toMatchObject({ eolTableAsOf: EOL_TABLE_AS_OF, eolTableAgeDays: 200 });
  });
});

describe('os-support rules on macOS, whole scans', () => {
  // sw_vers__macos-10.13-no-patch-tabs.txt with the version of a current macOS (15.7.4) put in.
  const current = {
    ...SAMPLED_MAC,
    [SW_VERS]: exited(sample('sw_vers__macos-10.13-no-patch-tabs.txt').replace('10.13', '15.7.4')),
  };

  it('macOS 15.7.4, with no announced end of support: supported passes', async () => {
    const rule = ruleOf(await scanWith(macHost(current), { now: SCAN_DAY }), 'os.supported');
    expect(rule.status).toBe('pass');
    expect(rule.evidence).toMatchObject({ supported: true });
  });

  it("macOS 15.7.4 scanned 200 days after the end-of-life table's date: the table is too old", async () => {
    expect(ruleOf(await scanWith(macHost(current), { now: TABLE_STALE_DAY }), 'os.eol-table-current').status).toBe(
      'fail',
    );
  });
});

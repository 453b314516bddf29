import { readFileSync } from 'node:fs';
import { mkdir, utimes } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EOL_TABLE_AS_OF } from '../../../src/probes/os_support/eol-table.js';
import { osSupport } from '../../../src/probes/os_support/index.js';
import { makeRoot, REPO, rootHost } from '../../helpers/host.js';
import { expectHonest } from '../../helpers/honesty.js';

// The Linux collector on a temporary root holding real os-release files (test/fixtures/os_support,
// sources in SOURCES.md) and package-list stamps whose modification times the test sets.

const collect = osSupport.collect.linux;
const osRelease = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'os_support', name), 'utf8');
const NOW = new Date('2026-12-02T08:00:00Z');
/** The scan's options as a scan on NOW passes them. */
const AT = { deep: false, now: NOW };
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

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
  it("this machine's Debian 12 (os-release__this-debian12-etc.txt), package lists refreshed 3 days ago: supported until Debian LTS ends", async () => {
    const host = await pc(
      { '/etc/os-release': osRelease('os-release__this-debian12-etc.txt'), '/var/lib/apt/periodic/update-success-stamp': '' },
      { '/var/lib/apt/periodic/update-success-stamp': 3, '/var/lib/apt/lists': 40 },
    );
    const out = await collect(host, AT);
    expect(out.facts).toEqual({
      release: 'Debian 12 bookworm',
      supported: true,
      supportEnds: '2028-06-30',
      daysUntilSupportEnds: 576,
      supportSource: 'https://wiki.debian.org/LTS',
      lastUpdate: '2026-11-29',
      daysSinceUpdate: 3,
      updateEvidence: 'apt: package lists last refreshed (update-success-stamp)',
      eolTableAsOf: EOL_TABLE_AS_OF,
      eolTableAgeDays: 102,
    });
    expect(out.unknown).toEqual({});
  });

  it('without the apt stamp, the lists folder tells when new package lists last arrived', async () => {
    const host = await pc({ '/etc/os-release': osRelease('os-release__ubuntu-24.04.3-lts.txt') }, { '/var/lib/apt/lists': 60 });
    const out = await collect(host, AT);
    expect(out.facts).toMatchObject({ release: 'Ubuntu 24.04 LTS', supported: true, supportEnds: '2029-05-31', daysSinceUpdate: 60, updateEvidence: 'apt: package lists last changed (/var/lib/apt/lists)' });
  });

  it('Ubuntu 25.04 (os-release__ubuntu-25.04.txt) ended on 2026-01-17: not supported, days counted back', async () => {
    const out = await collect(await pc({ '/etc/os-release': osRelease('os-release__ubuntu-25.04.txt') }), AT);
    expect(out.facts).toMatchObject({ release: 'Ubuntu 25.04', supported: false, supportEnds: '2026-01-17', daysUntilSupportEnds: -319 });
    // Neither apt nor dnf stamps: when updates arrived is unknown, with the reason.
    expect(out.facts.lastUpdate).toBe(null);
    expect(out.unknown.lastUpdate).toMatch(/no apt or dnf package lists/);
    expectHonest(out);
  });

  it('Rocky Linux 9.3 with os-release only under /usr/lib (os-release__rocky-9.3-usr-lib.txt), dnf cache refreshed yesterday', async () => {
    const host = await pc({ '/usr/lib/os-release': osRelease('os-release__rocky-9.3-usr-lib.txt'), '/var/cache/dnf/last_makecache': '' }, { '/var/cache/dnf/last_makecache': 1 });
    const out = await collect(host, AT);
    expect(out.facts).toMatchObject({ release: 'Rocky Linux 9', supported: true, supportEnds: '2032-05-31', daysSinceUpdate: 1, updateEvidence: 'dnf: package lists last refreshed (last_makecache)' });
  });

  it("a distribution not in the table but stating SUPPORT_END (os-release__amazon-linux-2023-support-end.txt): the distribution's own date", async () => {
    const out = await collect(await pc({ '/etc/os-release': osRelease('os-release__amazon-linux-2023-support-end.txt') }), AT);
    expect(out.facts).toMatchObject({ release: 'Amazon Linux 2023', supported: true, supportEnds: '2028-03-01', supportSource: 'SUPPORT_END in os-release (set by the distribution)' });
  });

  it('a distribution neither in the table nor stating an end (os-release__deepin-23-riscv-star64-test-report.txt): unknown with the reason, never a guess', async () => {
    const out = await collect(await pc({ '/etc/os-release': osRelease('os-release__deepin-23-riscv-star64-test-report.txt') }), AT);
    expect(out.facts).toMatchObject({ release: null, supported: null, supportEnds: null, eolTableAsOf: EOL_TABLE_AS_OF });
    expect(out.unknown.supported).toBe(`Deepin 23 (ID Deepin, VERSION_ID 23) is not in shop-audit's end-of-life table (as of ${EOL_TABLE_AS_OF}): its support status is not known`);
    expectHonest(out);
  });

  it('CentOS Stream 9 (os-release__centos-stream-9.txt, ID centos like CentOS Linux): dated by the CentOS Stream page', async () => {
    const out = await collect(await pc({ '/etc/os-release': osRelease('os-release__centos-stream-9.txt') }), AT);
    expect(out.facts).toMatchObject({ release: 'CentOS Stream 9', supportEnds: '2027-05-31', eolTableAsOf: EOL_TABLE_AS_OF });
  });

  it('a testing release without VERSION_ID (os-release__debian-stretch-sid-testing-no-version-id.txt) has no end date: unknown, and the table is not used', async () => {
    const out = await collect(await pc({ '/etc/os-release': osRelease('os-release__debian-stretch-sid-testing-no-version-id.txt') }, { '/var/lib/apt/lists': 2 }), AT);
    expect(out.facts).toMatchObject({ supported: null, eolTableAsOf: null, eolTableAgeDays: null, daysSinceUpdate: 2 });
    expect(out.unknown.supported).toMatch(/no VERSION_ID/);
    expectHonest(out);
  });

  it('no os-release at all: every support fact unknown with the reason', async () => {
    const out = await collect(await pc({ '/etc/hostname': 'till\n' }), AT);
    expect(out.facts.supported).toBe(null);
    expect(out.unknown.supported).toBe('os-release: not found');
    expectHonest(out);
  });

  it('a stamp that cannot be read is a reason, not "never updated"', async () => {
    const root = await makeRoot({ '/etc/os-release': osRelease('os-release__this-debian12-etc.txt'), '/var/lib/apt/periodic/update-success-stamp': '' });
    const host = await rootHost(root);
    const denied = { ...host, stat: async (p: string) => (p.startsWith('/var/lib/apt') ? ({ status: 'denied' } as const) : host.stat(p)) };
    const out = await collect(denied, AT);
    expect(out.facts.lastUpdate).toBe(null);
    expect(out.unknown.lastUpdate).toBe('/var/lib/apt/periodic/update-success-stamp: permission denied; /var/lib/apt/lists: permission denied');
  });
});

import { describeFailure, type Host } from '../../host/types.js';
import { readOsRelease } from '../linux/os-release.js';
import type { Collector } from '../types.js';
import type { OsSupportFacts } from './facts.js';
import { notInTable, osSupportOutput, type Findings } from './output.js';
import { findLinuxRelease, isoDay } from './parse.js';

/**
 * Where a package manager leaves the time it last fetched the package lists, most telling first.
 * Only their modification times are read: no package manager runs (apt or dnf take seconds).
 */
export const PACKAGE_LIST_STAMPS = [
  { path: '/var/lib/apt/periodic/update-success-stamp', evidence: 'apt: package lists last refreshed (update-success-stamp)' },
  { path: '/var/lib/apt/lists', evidence: 'apt: package lists last changed (/var/lib/apt/lists)' },
  { path: '/var/cache/dnf/last_makecache', evidence: 'dnf: package lists last refreshed (last_makecache)' },
] as const;

async function lastPackageListRefresh(host: Host): Promise<{ day: string; evidence: string } | { day: null; reason: string }> {
  const problems: string[] = [];
  for (const stamp of PACKAGE_LIST_STAMPS) {
    const r = await host.stat(stamp.path);
    if (r.status === 'ok') return { day: isoDay(r.mtimeMs), evidence: stamp.evidence };
    if (r.status !== 'missing') problems.push(`${stamp.path}: ${describeFailure(r)}`);
  }
  return { day: null, reason: problems.length ? problems.join('; ') : 'no apt or dnf package lists found: when updates last arrived is not known' };
}

export const collectLinux: Collector<OsSupportFacts> = async (host, options) => {
  const [{ release, reason }, refresh] = await Promise.all([readOsRelease(host), lastPackageListRefresh(host)]);
  const found: Findings = { entry: null, lookedUp: false, entryReason: reason ?? '', lastUpdate: null, updateReason: '' };
  if (release) {
    const id = release.ID;
    const version = release.VERSION_ID;
    if (!id || !version) found.entryReason = `os-release states no ${!id ? 'ID' : 'VERSION_ID'} (a rolling or testing release has no end date)`;
    else {
      const name = release.PRETTY_NAME ?? release.NAME ?? id;
      found.lookedUp = true;
      // Not in the table: the distribution's own end date (os-release SUPPORT_END) is the vendor's word too.
      const supportEnd = /^\d{4}-\d{2}-\d{2}$/.test(release.SUPPORT_END ?? '') ? release.SUPPORT_END! : null;
      found.entry = findLinuxRelease(id, version) ?? (supportEnd ? { name, ends: supportEnd, source: 'SUPPORT_END in os-release (set by the distribution)' } : null);
      if (!found.entry) found.entryReason = notInTable(`${name} (ID ${id}, VERSION_ID ${version})`);
    }
  }
  if (refresh.day !== null) found.lastUpdate = { day: refresh.day, evidence: refresh.evidence };
  else found.updateReason = refresh.reason;
  return osSupportOutput(found, options?.now ?? new Date());
};

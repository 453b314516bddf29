import { describeFailure, type Host } from '../../host/types.js';
import { readOsRelease } from '../linux/os-release.js';
import { firstExisting, readFiles } from '../tools.js';
import type { Answer, Collector } from '../types.js';
import type { OsSupportFacts } from './facts.js';
import { notInTable, osSupportOutput, type Findings } from './output.js';
import { daysUntil, findLinuxRelease, isoDay, lastUpgradeDay, parseAptSimulatedUpgrade } from './parse.js';

/**
 * Where a package manager leaves the time it last fetched the package lists, most telling first:
 * how fresh the lists are that the count of pending security updates is made from.
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

const APT_GET = '/usr/bin/apt-get';
const DNF = ['/usr/bin/dnf', '/usr/bin/dnf5', '/usr/bin/yum'];
// apt's logs of what it and dpkg changed; logrotate keeps the previous month as `.1`.
const APT_HISTORY = ['/var/log/apt/history.log', '/var/log/apt/history.log.1'];
const DPKG_LOG = ['/var/log/dpkg.log', '/var/log/dpkg.log.1'];
/** Package lists older than this cannot show the security updates released since (unattended-upgrades refreshes daily). */
const LISTS_MAX_AGE_DAYS = 7;

/** The last day packages were upgraded, from apt's and dpkg's logs; a refreshed package list is not an update. */
async function lastUpgrade(host: Host, apt: boolean): Promise<{ day: string; evidence: string } | { day: null; reason: string }> {
  const { files, failures } = await readFiles(host, [...APT_HISTORY, ...DPKG_LOG]);
  if (failures.length > 0) return { day: null, reason: `cannot read ${failures.join(', ')}` };
  const text = (paths: string[]) => files.filter((f) => paths.includes(f.path)).map((f) => f.text).join('\n\n');
  const day = lastUpgradeDay(text(APT_HISTORY), text(DPKG_LOG));
  if (day) return { day, evidence: 'apt: packages last upgraded (/var/log/apt/history.log, /var/log/dpkg.log)' };
  if (apt || files.length > 0) return { day: null, reason: `no package upgrade recorded in ${[...APT_HISTORY, ...DPKG_LOG].join(', ')}` };
  const dnf = await firstExisting(host, DNF);
  return { day: null, reason: dnf ? `${dnf}: when updates were last installed is not read (dnf history); refreshed package lists are no update` : 'no apt or dnf found: when updates were last installed is not known' };
}

/**
 * How many security updates apt would install: the real `apt-get -s dist-upgrade` on the PC's own
 * package lists (a simulation: no lock, no cache written). Only lists refreshed within a week and
 * holding a security suite can tell; otherwise unknown with the reason.
 */
async function pendingSecurityUpdates(host: Host, refresh: Awaited<ReturnType<typeof lastPackageListRefresh>>, now: Date): Promise<Answer<number>> {
  if (refresh.day === null) return { ok: false, reason: refresh.reason };
  const age = -daysUntil(refresh.day, now);
  if (age > LISTS_MAX_AGE_DAYS) return { ok: false, reason: `apt's package lists were last refreshed ${age} days ago: security updates released since are not known (sudo apt update refreshes them)` };
  const lists = await host.listDir('/var/lib/apt/lists');
  if (lists.status !== 'ok') return { ok: false, reason: `/var/lib/apt/lists: ${describeFailure(lists)}` };
  if (!lists.entries.some((e) => /-security_(In)?Release$/.test(e))) {
    return { ok: false, reason: 'apt has no security suite (such as bookworm-security) among its package sources: security updates cannot arrive' };
  }
  const r = await host.exec(APT_GET, ['-s', '-q', '-o', 'Debug::NoLocking=1', '-o', 'Dir::Cache::pkgcache=', '-o', 'Dir::Cache::srcpkgcache=', 'dist-upgrade']);
  if (r.status !== 'exited') return { ok: false, reason: `apt-get -s dist-upgrade: ${describeFailure(r)}` };
  if (r.exitCode !== 0) return { ok: false, reason: `apt-get -s dist-upgrade failed: ${r.stderr.trim().split('\n').at(-1) || `exit code ${r.exitCode}`}` };
  const parsed = parseAptSimulatedUpgrade(r.stdout);
  return parsed ? { ok: true, value: parsed.security } : { ok: false, reason: 'apt-get -s dist-upgrade printed no upgrade summary (unexpected output)' };
}

export const collectLinux: Collector<OsSupportFacts> = async (host, options) => {
  const now = options?.now ?? new Date();
  const apt = (await host.stat(APT_GET)).status === 'ok';
  const [{ release, reason }, refresh, upgrade] = await Promise.all([readOsRelease(host), lastPackageListRefresh(host), lastUpgrade(host, apt)]);
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
  if (upgrade.day !== null) found.lastUpdate = { day: upgrade.day, evidence: upgrade.evidence };
  else found.updateReason = upgrade.reason;
  found.securityUpdates = apt
    ? await pendingSecurityUpdates(host, refresh, now)
    : { ok: false, reason: (await firstExisting(host, DNF)) ? 'dnf: pending security updates are not counted (sudo dnf updateinfo list --security lists them)' : 'no apt or dnf found: pending security updates are not known' };
  return osSupportOutput(found, now);
};

import { describeFailure, type Host } from '../../host/types.js';
import { readOsRelease } from '../linux/os-release.js';
import { firstExisting, readFiles } from '../tools.js';
import type { Answer, Collector } from '../types.js';
import type { OsSupportFacts } from './facts.js';
import { linuxAutoUpdates } from './linux-auto-updates.js';
import { newFindings, notInTable, osSupportOutput } from './output.js';
import { aptPendingUpdates } from './pending-updates.js';
import {
  daysUntil,
  findLinuxRelease,
  isoDay,
  countSecurityUpgrades,
  isSecurityRelease,
  lastUpgradeDay,
  parseStanzas,
} from './parse.js';

/**
 * Where a package manager leaves the time it last fetched the package lists, most telling first:
 * how fresh the lists are that the count of pending security updates is made from.
 */
export const PACKAGE_LIST_STAMPS = [
  {
    path: '/var/lib/apt/periodic/update-success-stamp',
    evidence: 'apt: package lists last refreshed (update-success-stamp)',
  },
  { path: '/var/lib/apt/lists', evidence: 'apt: package lists last changed (/var/lib/apt/lists)' },
  { path: '/var/cache/dnf/last_makecache', evidence: 'dnf: package lists last refreshed (last_makecache)' },
] as const;

async function lastPackageListRefresh(
  host: Host,
): Promise<{ day: string; evidence: string } | { day: null; reason: string }> {
  const problems: string[] = [];
  for (const stamp of PACKAGE_LIST_STAMPS) {
    const r = await host.stat(stamp.path);
    if (r.status === 'ok') return { day: isoDay(r.mtimeMs), evidence: stamp.evidence };
    if (r.status !== 'missing') problems.push(`${stamp.path}: ${describeFailure(r)}`);
  }
  return {
    day: null,
    reason: problems.length
      ? problems.join('; ')
      : 'no apt or dnf package lists found: when updates last arrived is not known',
  };
}

const APT_GET = '/usr/bin/apt-get';
const DNF = ['/usr/bin/dnf', '/usr/bin/dnf5', '/usr/bin/yum'];
// apt's logs of what it and dpkg changed; logrotate keeps the previous month as `.1`.
const APT_HISTORY = ['/var/log/apt/history.log', '/var/log/apt/history.log.1'];
const DPKG_LOG = ['/var/log/dpkg.log', '/var/log/dpkg.log.1'];
/**
 * Package lists older than this cannot show the security updates released since (unattended-upgrades
 * refreshes daily).
 */
const LISTS_MAX_AGE_DAYS = 7;

/** The last day packages were upgraded, from apt's and dpkg's logs; a refreshed package list is not an update. */
async function lastUpgrade(
  host: Host,
  apt: boolean,
): Promise<{ day: string; evidence: string } | { day: null; reason: string }> {
  const { files, failures } = await readFiles(host, [...APT_HISTORY, ...DPKG_LOG]);
  if (failures.length > 0) return { day: null, reason: `cannot read ${failures.join(', ')}` };
  const text = (paths: string[]) =>
    files
      .filter((f) => paths.includes(f.path))
      .map((f) => f.text)
      .join('\n\n');
  const day = lastUpgradeDay(text(APT_HISTORY), text(DPKG_LOG));
  if (day) return { day, evidence: 'apt: packages last upgraded (/var/log/apt/history.log, /var/log/dpkg.log)' };
  if (apt || files.length > 0)
    return { day: null, reason: `no package upgrade recorded in ${[...APT_HISTORY, ...DPKG_LOG].join(', ')}` };
  const dnf = await firstExisting(host, DNF);
  return {
    day: null,
    reason: dnf
      ? `${dnf}: when updates were last installed is not read (dnf history); refreshed package lists are no update`
      : 'no apt or dnf found: when updates were last installed is not known',
  };
}

const APT_LISTS = '/var/lib/apt/lists';
const DPKG_STATUS = '/var/lib/dpkg/status';
/**
 * A whole archive's Packages list (Debian main) is ~50 MiB unpacked; a security suite's, or dpkg's status, a
 * few MiB.
 */
const LIST_MAX_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

/** A regular file's text, read in chunks through the host; unknown past LIST_MAX_BYTES rather than cut short. */
async function readListFile(host: Host, path: string): Promise<Answer<string>> {
  const decoder = new TextDecoder();
  let text = '';
  for (let offset = 0; ; offset += CHUNK_BYTES) {
    const r = await host.readRange(path, offset, CHUNK_BYTES);
    if (r.status !== 'ok') return { ok: false, reason: `${path}: ${describeFailure(r)}` };
    if (r.size > LIST_MAX_BYTES) {
      return { ok: false, reason: `${path} is larger than ${LIST_MAX_BYTES / 1024 / 1024} MiB: not read` };
    }
    text += decoder.decode(r.bytes, { stream: true });
    if (r.bytes.length === 0 || offset + r.bytes.length >= r.size) return { ok: true, value: text + decoder.decode() };
  }
}

/**
 * How many security updates apt would install, read from files only (running apt-get -s takes
 * seconds of CPU): the lists of every suite whose Release file names a `-security` suite, against
 * dpkg's status, versions compared as dpkg compares them. Tests check the count against the real
 * `apt-get -s dist-upgrade`. It differs from apt's only where pinning, or a newer version of the
 * same package in another suite, makes apt choose another candidate.
 */
async function countSecurityUpdates(host: Host): Promise<Answer<number>> {
  const lists = await host.listDir(APT_LISTS);
  if (lists.status !== 'ok') return { ok: false, reason: `${APT_LISTS}: ${describeFailure(lists)}` };
  const prefixes: string[] = [];
  for (const name of lists.entries.filter((e) => /_(In)?Release$/.test(e))) {
    const release = await readListFile(host, `${APT_LISTS}/${name}`);
    if (!release.ok) return release;
    if (isSecurityRelease(release.value)) prefixes.push(name.replace(/(In)?Release$/, ''));
  }
  if (prefixes.length === 0) {
    const why = 'apt has no security suite (such as bookworm-security) among its package sources';
    return { ok: false, reason: `${why}: security updates cannot arrive` };
  }
  const packageLists = lists.entries.filter(
    (e) => prefixes.some((p) => e.startsWith(p)) && /_Packages(\.\w+)?$/.test(e),
  );
  const compressed = packageLists.find((e) => !e.endsWith('_Packages'));
  if (compressed) {
    return {
      ok: false,
      reason: `${APT_LISTS}/${compressed} is compressed (Acquire::GzipIndexes): its packages are not read`,
    };
  }
  const security: Record<string, string>[] = [];
  for (const name of packageLists) {
    const list = await readListFile(host, `${APT_LISTS}/${name}`);
    if (!list.ok) return list;
    security.push(...parseStanzas(list.value, ['Package', 'Architecture', 'Version']));
  }
  const status = await readListFile(host, DPKG_STATUS);
  if (!status.ok) return status;
  const installed = parseStanzas(status.value, ['Package', 'Architecture', 'Version', 'Status']);
  return { ok: true, value: countSecurityUpgrades(installed, security) };
}

/**
 * Pending security updates, counted only on package lists refreshed within a week; otherwise
 * unknown with the reason. The lists are too large for a bundle: it keeps only the count.
 */
async function pendingSecurityUpdates(
  host: Host,
  refresh: Awaited<ReturnType<typeof lastPackageListRefresh>>,
  now: Date,
): Promise<Answer<number>> {
  if (refresh.day === null) return { ok: false, reason: refresh.reason };
  const age = -daysUntil(refresh.day, now);
  if (age > LISTS_MAX_AGE_DAYS)
    return {
      ok: false,
      reason:
        `apt's package lists were last refreshed ${age} days ago: security updates released since ` +
        `are not known (sudo apt update refreshes them)`,
    };
  return host.derive('os_support.aptSecurityUpdatesPending', () => countSecurityUpdates(host));
}

export const collectLinux: Collector<OsSupportFacts> = async (host, options) => {
  const now = options?.now ?? new Date();
  const apt = (await host.stat(APT_GET)).status === 'ok';
  const dnf = !apt && (await firstExisting(host, DNF)) !== null;
  const [{ release, reason }, refresh, upgrade, autoUpdates] = await Promise.all([
    readOsRelease(host),
    lastPackageListRefresh(host),
    lastUpgrade(host, apt),
    linuxAutoUpdates(host, apt, dnf),
  ]);
  const securityUpdates: Answer<number> = apt
    ? await pendingSecurityUpdates(host, refresh, now)
    : {
        ok: false,
        reason: dnf
          ? 'dnf: pending security updates are not counted (sudo dnf updateinfo list --security lists them)'
          : 'no apt or dnf found: pending security updates are not known',
      };
  const found = newFindings(autoUpdates, aptPendingUpdates(securityUpdates), reason ?? '');
  found.securityUpdates = securityUpdates;
  if (release) {
    const id = release.ID;
    const version = release.VERSION_ID;
    if (!id || !version)
      found.entryReason =
        `os-release states no ${!id ? 'ID' : 'VERSION_ID'} ` + `(a rolling or testing release has no end date)`;
    else {
      const name = release.PRETTY_NAME ?? release.NAME ?? id;
      found.lookedUp = true;
      // Not in the table: the distribution's own end date (os-release SUPPORT_END) is the vendor's word too.
      const supportEnd = /^\d{4}-\d{2}-\d{2}$/.test(release.SUPPORT_END ?? '') ? release.SUPPORT_END! : null;
      found.entry =
        findLinuxRelease(id, version) ??
        (supportEnd ? { name, ends: supportEnd, source: 'SUPPORT_END in os-release (set by the distribution)' } : null);
      if (!found.entry) found.entryReason = notInTable(`${name} (ID ${id}, VERSION_ID ${version})`);
    }
  }
  if (upgrade.day !== null) found.lastUpdate = { day: upgrade.day, evidence: upgrade.evidence };
  else found.updateReason = upgrade.reason;
  return osSupportOutput(found, now);
};

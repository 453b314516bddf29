import { EOL_TABLE_AS_OF, LINUX_EOL, MACOS_EOL, WINDOWS_EOL, type EolEntry, type WindowsChannel } from './eol-table.js';

// Pure lookups in the end-of-life table and parsers of the dates a PC gives. No clock here:
// "now" is always passed in, so a scan's clock (and a test's) decides what "ended" means.

const DAY_MS = 86_400_000;

/** Whole days from `now`'s UTC day to a YYYY-MM-DD day (negative when the day has passed). */
export function daysUntil(day: string, now: Date): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((Date.parse(`${day}T00:00:00Z`) - today) / DAY_MS);
}

/** A moment as its UTC YYYY-MM-DD day. */
export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export interface Support {
  release: string;
  supported: boolean;
  ends: string | null;
  daysLeft: number | null;
  source: string;
}

/** What the table says of a release on the day `now`: the end date is the last day with updates. */
export function supportOn(entry: EolEntry, now: Date): Support {
  const daysLeft = entry.ends === null ? null : daysUntil(entry.ends, now);
  return {
    release: entry.name,
    supported: daysLeft === null || daysLeft >= 0,
    ends: entry.ends,
    daysLeft,
    source: entry.source,
  };
}

/** How old the table is on the day `now`. */
export const tableAgeDays = (now: Date): number => -daysUntil(EOL_TABLE_AS_OF, now);

// EditionID values Microsoft documents for each servicing channel (the "S" editions are the long-term ones).
const LONG_TERM_EDITIONS = /^(EnterpriseS|EnterpriseSN)$/i;
const IOT_LONG_TERM_EDITIONS = /^IoTEnterpriseS/i;
const ENTERPRISE_EDITIONS = /^(Enterprise|EnterpriseN|Education|EducationN|IoTEnterprise|IoTEnterpriseK)$/i;
const HOME_PRO_EDITIONS = new Set(
  [
    'Core',
    'CoreN',
    'CoreSingleLanguage',
    'CoreCountrySpecific',
    'Professional',
    'ProfessionalN',
    'ProfessionalCountrySpecific',
    'ProfessionalSingleLanguage',
    'ProfessionalEducation',
    'ProfessionalEducationN',
    'ProfessionalWorkstation',
    'ProfessionalWorkstationN',
    'Cloud',
    'CloudN',
    'CloudEdition',
    'CloudEditionN',
    'Starter',
    'HomeBasic',
    'HomePremium',
    'Ultimate',
    'Business',
  ].map((e) => e.toLowerCase()),
);

/**
 * Which servicing channel a Windows edition is on, from the registry's EditionID, or from the
 * (always English) ProductName when EditionID is missing. Null when neither says.
 */
export function windowsChannel(editionId: string | null, productName: string | null): WindowsChannel | null {
  const edition = editionId?.trim() ?? '';
  // The China Government Edition (神州网信政府版) is serviced on its own terms, not on a Microsoft lifecycle page.
  if (/^EnterpriseG/i.test(edition) || /\bEnterprise G\b/i.test(productName ?? '')) return null;
  if (/^Server/i.test(edition)) return edition === 'ServerRdsh' ? 'enterprise' : 'server';
  if (IOT_LONG_TERM_EDITIONS.test(edition)) return 'iot-ltsc';
  if (LONG_TERM_EDITIONS.test(edition)) return 'ltsc';
  if (ENTERPRISE_EDITIONS.test(edition)) return 'enterprise';
  if (HOME_PRO_EDITIONS.has(edition.toLowerCase())) return 'home-pro';
  const name = productName ?? '';
  if (/\bServer\b/i.test(name)) return 'server';
  if (/\bLTS[BC]\b/i.test(name)) return /\bIoT\b/i.test(name) ? 'iot-ltsc' : 'ltsc';
  if (/\b(Enterprise|Education)\b/i.test(name) && !/\bPro\b/i.test(name)) return 'enterprise';
  if (/\b(Home|Pro|Professional|Starter|Ultimate|Premium|Basic|Business)\b/i.test(name)) return 'home-pro';
  return null;
}

export function findWindowsRelease(build: number, channel: WindowsChannel) {
  return WINDOWS_EOL.find((e) => e.build === build && e.channels.includes(channel)) ?? null;
}

/** The major release of a sw_vers ProductVersion: "10.13.6" -> "10.13", "14.7.1" -> "14". */
export function macosMajor(productVersion: string): string | null {
  const m = /^(\d+)(?:\.(\d+))?/.exec(productVersion.trim());
  if (!m) return null;
  return m[1] === '10' ? (m[2] === undefined ? null : `10.${m[2]}`) : m[1]!;
}

export function findMacosRelease(productVersion: string) {
  const major = macosMajor(productVersion);
  return major === null ? null : (MACOS_EOL.find((e) => e.major === major) ?? null);
}

/** The table's entry for an os-release ID and VERSION_ID ("9.4" matches RHEL 9; "22.04" only Ubuntu 22.04). */
export function findLinuxRelease(id: string, versionId: string) {
  const major = versionId.split('.')[0];
  return (
    LINUX_EOL.find((e) => e.id === id && (e.match === 'exact' ? e.version === versionId : e.version === major)) ?? null
  );
}

/**
 * Win32_QuickFixEngineering InstalledOn as the UTC day, or null. WMI gives it as text: M/D/YYYY
 * on current Windows whatever the display language, a 16-digit hex FILETIME on some old systems,
 * and empty for updates that never recorded it.
 */
export function parseHotfixInstalledOn(text: string | null): string | null {
  const value = text?.trim() ?? '';
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (us) {
    const [month, day, year] = [Number(us[1]), Number(us[2]), Number(us[3])];
    const ms = Date.UTC(year, month - 1, day);
    const back = new Date(ms);
    return back.getUTCMonth() === month - 1 && back.getUTCDate() === day && year >= 2000 ? isoDay(ms) : null;
  }
  if (/^[0-9a-f]{16}$/i.test(value)) {
    // FILETIME: 100-nanosecond steps since 1601-01-01 UTC.
    const ms = Number(BigInt(`0x${value}`) / 10_000n) - 11_644_473_600_000;
    return ms > Date.UTC(2000, 0, 1) && ms < Date.UTC(2100, 0, 1) ? isoDay(ms) : null;
  }
  return null;
}

/** The newest install day among the hotfixes, and how many had no readable date. */
export function newestHotfix(installedOn: readonly (string | null)[]): { day: string | null; unreadable: number } {
  const days = installedOn.map(parseHotfixInstalledOn);
  const readable = days.filter((d): d is string => d !== null).sort();
  return { day: readable.at(-1) ?? null, unreadable: days.length - readable.length };
}

/**
 * /Library/Receipts/InstallHistory.plist (XML, readable by every user): the newest install by
 * Software Update (processName softwareupdated) or the macOS installer, as a UTC day. Background
 * data updates (contentType config-data: XProtect lists, word lists) are left out: they arrive
 * even on a macOS Apple no longer patches. Null when no entry qualifies or the file is not XML.
 */
export function newestMacosUpdate(plistXml: string): { day: string; name: string } | null {
  if (!/<plist[\s>]/.test(plistXml)) return null;
  let newest: { day: string; name: string; at: number } | null = null;
  for (const [, entry] of plistXml.matchAll(/<dict>([\s\S]*?)<\/dict>/g)) {
    const value = (key: string, type: string) =>
      new RegExp(`<key>${key}</key>\\s*<${type}>([^<]*)</${type}>`).exec(entry!)?.[1] ?? null;
    const process = value('processName', 'string') ?? '';
    if (value('contentType', 'string') === 'config-data') continue;
    if (process !== 'softwareupdated' && !/^(macOS|OS X|Mac OS X) installer$/i.test(process)) continue;
    const at = Date.parse(value('date', 'date') ?? '');
    if (Number.isNaN(at) || (newest && newest.at >= at)) continue;
    newest = {
      day: isoDay(at),
      name: [value('displayName', 'string'), value('displayVersion', 'string')].filter(Boolean).join(' '),
      at,
    };
  }
  return newest && { day: newest.day, name: newest.name };
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isLetter = (c: string) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

/** dpkg's weight of a character in a non-digit run: `~`, then the end, then letters, then the rest. */
function charOrder(s: string, i: number): number {
  const c = s[i];
  if (c === undefined || isDigit(c)) return 0;
  if (isLetter(c)) return c.charCodeAt(0);
  if (c === '~') return -1;
  return c.charCodeAt(0) + 256;
}

/** dpkg's verrevcmp: alternating non-digit runs (compared by charOrder) and digit runs (compared as numbers). */
function compareVersionPart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const diff = charOrder(a, i) - charOrder(b, j);
      if (diff !== 0) return diff;
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    let firstDiff = 0;
    while (isDigit(a[i]) && isDigit(b[j])) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a[i])) return 1;
    if (isDigit(b[j])) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

function splitVersion(version: string): { epoch: number; upstream: string; revision: string } {
  const text = version.trim();
  const colon = text.indexOf(':');
  const epoch = colon > 0 && /^\d+$/.test(text.slice(0, colon)) ? Number(text.slice(0, colon)) : 0;
  const rest = colon > 0 ? text.slice(colon + 1) : text;
  const hyphen = rest.lastIndexOf('-');
  if (hyphen < 0) return { epoch, upstream: rest, revision: '' };
  return { epoch, upstream: rest.slice(0, hyphen), revision: rest.slice(hyphen + 1) };
}

/**
 * Debian version comparison (Debian Policy 5.6.12, deb-version(7), dpkg's lib/dpkg/version.c):
 * epoch as a number, then upstream version, then revision. Negative, 0 or positive as a < = > b.
 */
export function compareDebianVersions(a: string, b: string): number {
  const x = splitVersion(a);
  const y = splitVersion(b);
  if (x.epoch !== y.epoch) return Math.sign(x.epoch - y.epoch);
  return Math.sign(compareVersionPart(x.upstream, y.upstream) || compareVersionPart(x.revision, y.revision));
}

/** The fields of each stanza of a deb822 file (dpkg's status, apt's Packages lists) that `wanted` names. */
export function parseStanzas(text: string, wanted: readonly string[]): Record<string, string>[] {
  const stanzas: Record<string, string>[] = [];
  let current: Record<string, string> = {};
  let empty = true;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (!empty) stanzas.push(current);
      current = {};
      empty = true;
      continue;
    }
    empty = false;
    const colon = line.indexOf(':');
    // Continuation lines (a leading blank) belong to multi-line fields none of which is wanted.
    if (colon <= 0 || line[0] === ' ' || line[0] === '\t') continue;
    const name = line.slice(0, colon);
    if (wanted.includes(name)) current[name] = line.slice(colon + 1).trim();
  }
  if (!empty) stanzas.push(current);
  return stanzas;
}

/** Whether an apt Release/InRelease file describes a security suite (`bookworm-security`, `jammy-security`). */
export function isSecurityRelease(text: string): boolean {
  const field = (name: string) => new RegExp(`^${name}:[ \\t]*(\\S+)`, 'm').exec(text)?.[1] ?? '';
  return field('Suite').endsWith('-security') || field('Codename').endsWith('-security');
}

/**
 * How many installed packages a security suite has a newer version of: dpkg's status against the
 * suite's Packages lists, by name and architecture (`all` matches any). Only packages dpkg holds as
 * `install ok installed` count: a held one (`hold ok installed`) is not upgraded by apt.
 */
export function countSecurityUpgrades(
  dpkgStatus: readonly Record<string, string>[],
  securityPackages: readonly Record<string, string>[],
): number {
  const newest = new Map<string, { arch: string; version: string }[]>();
  for (const p of securityPackages) {
    if (!p.Package || !p.Version) continue;
    const list = newest.get(p.Package) ?? [];
    list.push({ arch: p.Architecture ?? '', version: p.Version });
    newest.set(p.Package, list);
  }
  let pending = 0;
  for (const p of dpkgStatus) {
    if (p.Status !== 'install ok installed' || !p.Package || !p.Version) continue;
    const arch = p.Architecture ?? '';
    const offered = (newest.get(p.Package) ?? []).filter((o) => o.arch === arch || o.arch === 'all' || arch === 'all');
    if (offered.some((o) => compareDebianVersions(p.Version!, o.version) < 0)) pending++;
  }
  return pending;
}

/**
 * The last day packages were upgraded, from apt's /var/log/apt/history.log (a `Start-Date:` stanza
 * with an `Upgrade:` line) or dpkg's /var/log/dpkg.log (`DATE TIME upgrade PKG …`). Installing or
 * removing packages is not updating them, so those lines do not count. Null when no upgrade is logged.
 */
export function lastUpgradeDay(aptHistory: string, dpkgLog: string): string | null {
  const days: string[] = [];
  for (const stanza of aptHistory.split(/\n\s*\n/)) {
    const start = /^Start-Date: (\d{4}-\d{2}-\d{2})/m.exec(stanza);
    if (start && /^Upgrade: /m.test(stanza)) days.push(start[1]!);
  }
  for (const m of dpkgLog.matchAll(/^(\d{4}-\d{2}-\d{2}) \d{2}:\d{2}:\d{2} upgrade /gm)) days.push(m[1]!);
  return days.sort().at(-1) ?? null;
}

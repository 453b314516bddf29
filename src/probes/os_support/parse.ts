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
  return { release: entry.name, supported: daysLeft === null || daysLeft >= 0, ends: entry.ends, daysLeft, source: entry.source };
}

/** How old the table is on the day `now`. */
export const tableAgeDays = (now: Date): number => -daysUntil(EOL_TABLE_AS_OF, now);

// EditionID values Microsoft documents for each servicing channel (the "S" editions are the long-term ones).
const LONG_TERM_EDITIONS = /^(EnterpriseS|EnterpriseSN)$/i;
const IOT_LONG_TERM_EDITIONS = /^IoTEnterpriseS/i;
const ENTERPRISE_EDITIONS = /^(Enterprise|EnterpriseN|Education|EducationN|IoTEnterprise|IoTEnterpriseK)$/i;
const HOME_PRO_EDITIONS = /^(Core|CoreN|CoreSingleLanguage|CoreCountrySpecific|Professional|ProfessionalN|ProfessionalCountrySpecific|ProfessionalSingleLanguage|ProfessionalEducation|ProfessionalEducationN|ProfessionalWorkstation|ProfessionalWorkstationN|Cloud|CloudN|CloudEdition|CloudEditionN|Starter|HomeBasic|HomePremium|Ultimate|Business)$/i;

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
  if (HOME_PRO_EDITIONS.test(edition)) return 'home-pro';
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
  return LINUX_EOL.find((e) => e.id === id && (e.match === 'exact' ? e.version === versionId : e.version === major)) ?? null;
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
    const value = (key: string, type: string) => new RegExp(`<key>${key}</key>\\s*<${type}>([^<]*)</${type}>`).exec(entry!)?.[1] ?? null;
    const process = value('processName', 'string') ?? '';
    if (value('contentType', 'string') === 'config-data') continue;
    if (process !== 'softwareupdated' && !/^(macOS|OS X|Mac OS X) installer$/i.test(process)) continue;
    const at = Date.parse(value('date', 'date') ?? '');
    if (Number.isNaN(at) || (newest && newest.at >= at)) continue;
    newest = { day: isoDay(at), name: [value('displayName', 'string'), value('displayVersion', 'string')].filter(Boolean).join(' '), at };
  }
  return newest && { day: newest.day, name: newest.name };
}

/**
 * Packages `apt-get -s dist-upgrade` would take from a security suite. Its lines read
 * `Inst NAME [OLD] (NEW LABEL:VERSION/SUITE, LABEL:SUITE [ARCH])`; a package counts when any
 * origin's suite ends in `-security` (Debian `bookworm-security`/`stable-security`, Ubuntu
 * `jammy-security`). Null when the output is not that of a simulated upgrade.
 */
export function parseAptSimulatedUpgrade(output: string): { security: number; upgrades: number } | null {
  // apt always ends a simulation with its summary line; without it the output is not one.
  if (!/^\d+ upgraded, \d+ newly installed, \d+ to remove and \d+ not upgraded\.$/m.test(output)) return null;
  const security = new Set<string>();
  const upgrades = new Set<string>();
  for (const line of output.split('\n')) {
    const m = /^Inst (\S+) \[[^\]]*\] \(\S+ (.*) \[[^\]]+\]\)/.exec(line);
    if (!m) continue;
    upgrades.add(m[1]!);
    const suites = m[2]!.split(', ').map((origin) => origin.slice(origin.lastIndexOf(':') + 1).split('/').pop() ?? '');
    if (suites.some((suite) => suite.endsWith('-security'))) security.add(m[1]!);
  }
  return { security: security.size, upgrades: upgrades.size };
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

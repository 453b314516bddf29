import { describeFailure, type Host } from '../../host/types.js';
import { readOsRelease } from '../linux/os-release.js';
import { hashMachineId } from '../tools.js';
import { REASON, type Collector } from '../types.js';
import { linuxConsoleUser } from './linux-console.js';
import { MACOS_ONLY, MACOS_ONLY_REASON, type SystemFacts } from './facts.js';

async function readTrimmed(host: Host, path: string): Promise<{ value: string | null; reason: string }> {
  const r = await host.readFile(path);
  if (r.status !== 'ok') return { value: null, reason: `${path}: ${describeFailure(r)}` };
  const value = r.text.trim();
  return value ? { value, reason: '' } : { value: null, reason: `${path} is empty` };
}

/** systemd's machine id, and D-Bus's copy where systemd is not used. */
export const MACHINE_ID_FILES = ['/etc/machine-id', '/var/lib/dbus/machine-id'];

export const collectLinux: Collector<SystemFacts> = async (host) => {
  const [{ release, reason }, console, hostname, kernel, ...ids] = await Promise.all([
    readOsRelease(host),
    linuxConsoleUser(host),
    readTrimmed(host, '/proc/sys/kernel/hostname'),
    readTrimmed(host, '/proc/sys/kernel/osrelease'),
    ...MACHINE_ID_FILES.map((f) => readTrimmed(host, f)),
  ]);
  const unknown: Record<string, string> = {};
  const machineIdHash =
    ids.map((id) => (id.value === null ? null : hashMachineId(id.value))).find((h) => h !== null) ?? null;
  if (machineIdHash === null)
    unknown.machineIdHash = ids
      .map((id) => id.reason || `${MACHINE_ID_FILES[ids.indexOf(id)]} names no machine`)
      .join('; ');
  const osName = release?.PRETTY_NAME ?? release?.NAME ?? null;
  const osVersion = release?.VERSION_ID ?? null;
  const osId = release?.ID ?? null;
  const missingRelease = reason ?? 'not stated in os-release';
  if (osName === null) unknown.osName = missingRelease;
  if (osVersion === null) unknown.osVersion = missingRelease;
  if (osId === null) unknown.osId = missingRelease;
  if (hostname.value === null) unknown.hostname = hostname.reason;
  if (kernel.value === null) unknown.kernel = kernel.reason;
  // The same order as gettext: LC_ALL, then LC_MESSAGES, then LANG; "C"/"POSIX" name no language.
  const locale = ['LC_ALL', 'LC_MESSAGES', 'LANG'].map((n) => host.env(n)).find((v) => v) ?? null;
  const displayLanguage =
    locale && !/^(C|POSIX)([.@]|$)/.test(locale) ? locale.replace(/[.@].*$/, '').replace('_', '-') : null;
  if (displayLanguage === null)
    unknown.displayLanguage = locale
      ? `the locale is ${locale}, which names no language`
      : 'no locale is set (LC_ALL, LC_MESSAGES, LANG)';
  for (const fact of MACOS_ONLY) unknown[fact] = MACOS_ONLY_REASON;
  if (!console.ok) unknown.consoleUser = unknown.consoleUserAdmin = console.reason;
  unknown.windowsFactsFrom = REASON.notOnThisOs;
  return {
    facts: {
      hostname: hostname.value,
      osName,
      osVersion,
      osId,
      kernel: kernel.value,
      displayLanguage,
      architecture: null,
      consoleUser: console.ok ? console.value.name : null,
      consoleUserAdmin: console.ok ? console.value.admin : null,
      mdmEnrolled: null,
      mdmEnrolledViaDep: null,
      windowsFactsFrom: null,
      machineIdHash,
    },
    unknown,
  };
};

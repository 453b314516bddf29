import { DEFAULT_COLLECT_OPTIONS, type Collector } from '../types.js';
import { runWindowsScript, scriptPath, windowsAnswers } from '../windows/answers.js';
import { regNumber } from '../windows/document.js';
import { MACOS_ONLY, MACOS_ONLY_REASON, type SystemFacts } from './facts.js';
import { hashMachineId } from '../tools.js';

/** Windows 11 keeps "Windows 10" in ProductName; its builds start at 22000. */
export function windowsProductName(productName: string, build: number | null): string {
  const name = productName.trim().replace(/^Microsoft\s+/, '');
  return build !== null && build >= 22000 ? name.replace(/^Windows 10\b/, 'Windows 11') : name;
}

export const collectWindows: Collector<SystemFacts> = async (host, options) => {
  const a = await windowsAnswers(host, ['computerName', 'osVersion', 'uiLanguage', 'machineGuid'], options);
  const unknown: Record<string, string> = {};
  const windowsFactsFrom = scriptPath(await runWindowsScript(host, options ?? DEFAULT_COLLECT_OPTIONS));
  const facts: SystemFacts = {
    hostname: null,
    osName: null,
    osVersion: null,
    osId: 'windows',
    kernel: null,
    displayLanguage: null,
    architecture: null,
    consoleUser: null,
    consoleUserAdmin: null,
    mdmEnrolled: null,
    mdmEnrolledViaDep: null,
    windowsFactsFrom,
    machineIdHash: null,
  };
  for (const fact of MACOS_ONLY) unknown[fact] = MACOS_ONLY_REASON;
  const guid = a.machineGuid.ok ? a.machineGuid.value?.MachineGuid : null;
  facts.machineIdHash = typeof guid === 'string' ? hashMachineId(guid) : null;
  if (facts.machineIdHash === null)
    unknown.machineIdHash = a.machineGuid.ok
      ? 'no MachineGuid in HKLM\\SOFTWARE\\Microsoft\\Cryptography'
      : a.machineGuid.reason;
  if (a.computerName.ok) facts.hostname = a.computerName.value;
  else unknown.hostname = a.computerName.reason;
  if (a.uiLanguage.ok && a.uiLanguage.value) facts.displayLanguage = a.uiLanguage.value;
  else unknown.displayLanguage = a.uiLanguage.ok ? 'Windows did not say' : a.uiLanguage.reason;
  const os = a.osVersion.ok ? a.osVersion.value : null;
  const build = regNumber(os?.CurrentBuild);
  const productName = typeof os?.ProductName === 'string' ? os.ProductName : null;
  if (productName) facts.osName = windowsProductName(productName, build);
  // DisplayVersion (21H2 and later) replaced ReleaseId (up to 2009, which meant 20H2).
  const release =
    [os?.DisplayVersion, os?.ReleaseId].find((v): v is string => typeof v === 'string' && v !== '') ?? null;
  const ubr = regNumber(os?.UBR);
  if (build !== null) {
    // Windows 10 and later are NT 10.0 (CurrentVersion stays "6.3" there for old programs); before,
    // CurrentVersion is the NT version.
    const nt = build >= 10240 ? '10.0' : typeof os?.CurrentVersion === 'string' ? os.CurrentVersion : null;
    facts.kernel = nt ? `${nt}.${build}${ubr !== null ? `.${ubr}` : ''}` : null;
    facts.osVersion = release ? `${release} (build ${build})` : `build ${build}`;
  }
  const osReason = a.osVersion.ok
    ? os
      ? 'not in HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion'
      : 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion is missing'
    : a.osVersion.reason;
  if (facts.osName === null) unknown.osName = osReason;
  if (facts.osVersion === null) unknown.osVersion = osReason;
  if (facts.kernel === null) unknown.kernel = osReason;
  return { facts, unknown, readWith: a.readWith };
};

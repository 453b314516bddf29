import { describeFailure } from '../../host/types.js';
import { MACOS_TOOL, refused, run } from '../macos/commands.js';
import { parseDefaultsRead, parseSwVers } from '../macos/parse.js';
import type { Answer, Collector } from '../types.js';
import { MACOS_UPDATE_SWITCHES, macosAutoUpdates, parseDefaultsSwitches, type AutoUpdates } from './auto-updates.js';
import type { OsSupportFacts } from './facts.js';
import { newFindings, notInTable, osSupportOutput } from './output.js';
import { macosPendingUpdates, type PendingSecurityUpdates } from './pending-updates.js';
import { findMacosRelease, newestMacosUpdate } from './parse.js';

const INSTALL_HISTORY = '/Library/Receipts/InstallHistory.plist';
/** Software Update's settings on this Mac, and those a device-management profile enforces. */
const SOFTWARE_UPDATE = '/Library/Preferences/com.apple.SoftwareUpdate';
const MANAGED_SOFTWARE_UPDATE = '/Library/Managed Preferences/com.apple.SoftwareUpdate';

/** A preferences domain as `defaults read` prints it; an empty text when the domain does not exist. */
async function readDomain(host: Parameters<Collector<OsSupportFacts>>[0], domain: string): Promise<Answer<string>> {
  const args = ['read', domain];
  const r = await run(host, MACOS_TOOL.defaults, args);
  if (!r.ok) return r;
  const read = parseDefaultsRead(r.value.exitCode, r.value.stdout, r.value.stderr);
  if (!read) return { ok: false, reason: refused(MACOS_TOOL.defaults, args, r.value) };
  return { ok: true, value: read.set ? read.value : '' };
}

/** Whether updates install by themselves, and how long they wait: Software Update's own and managed settings. */
async function softwareUpdate(
  host: Parameters<Collector<OsSupportFacts>>[0],
  now: Date,
): Promise<{ auto: Answer<AutoUpdates>; pending: Answer<PendingSecurityUpdates> }> {
  const [own, managed] = await Promise.all([
    readDomain(host, SOFTWARE_UPDATE),
    readDomain(host, MANAGED_SOFTWARE_UPDATE),
  ]);
  if (!own.ok) return { auto: own, pending: own };
  const pending = macosPendingUpdates(own.value, now);
  if (!managed.ok) return { auto: managed, pending };
  const switches = (text: string) => parseDefaultsSwitches(text, MACOS_UPDATE_SWITCHES);
  return { auto: macosAutoUpdates(switches(own.value), switches(managed.value)), pending };
}

export const collectMacos: Collector<OsSupportFacts> = async (host, options) => {
  const now = options?.now ?? new Date();
  const [swVers, history, { auto, pending }] = await Promise.all([
    run(host, MACOS_TOOL.swVers, []),
    host.readFile(INSTALL_HISTORY),
    softwareUpdate(host, now),
  ]);
  const found = newFindings(auto, pending);
  const version =
    swVers.ok && swVers.value.exitCode === 0 ? parseSwVers(swVers.value.stdout).get('ProductVersion') : undefined;
  if (!swVers.ok) found.entryReason = swVers.reason;
  else if (!version)
    found.entryReason =
      swVers.value.exitCode === 0 ? 'sw_vers printed no ProductVersion' : refused(MACOS_TOOL.swVers, [], swVers.value);
  else {
    found.lookedUp = true;
    found.entry = findMacosRelease(version);
    if (!found.entry) found.entryReason = notInTable(`macOS ${version}`);
  }

  if (history.status !== 'ok') found.updateReason = `${INSTALL_HISTORY}: ${describeFailure(history)}`;
  else {
    const newest = newestMacosUpdate(history.text);
    if (newest) found.lastUpdate = { day: newest.day, evidence: `${INSTALL_HISTORY}: ${newest.name}` };
    else found.updateReason = `${INSTALL_HISTORY} records no install by Software Update or the macOS installer`;
  }
  return osSupportOutput(found, now);
};

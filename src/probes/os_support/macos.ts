import { describeFailure } from '../../host/types.js';
import { MACOS_TOOL, refused, run } from '../macos/commands.js';
import { parseDefaultsRead, parseSwVers } from '../macos/parse.js';
import type { Answer, Collector } from '../types.js';
import { MACOS_UPDATE_SWITCHES, macosAutoUpdates, parseDefaultsSwitches, type AutoUpdates } from './auto-updates.js';
import type { OsSupportFacts } from './facts.js';
import { newFindings, notInTable, osSupportOutput } from './output.js';
import { findMacosRelease, newestMacosUpdate } from './parse.js';

const INSTALL_HISTORY = '/Library/Receipts/InstallHistory.plist';
/** Software Update's settings on this Mac, and those a device-management profile enforces. */
const SOFTWARE_UPDATE = '/Library/Preferences/com.apple.SoftwareUpdate';
const MANAGED_SOFTWARE_UPDATE = '/Library/Managed Preferences/com.apple.SoftwareUpdate';

/** A preferences domain's switches; an empty map when the domain does not exist. */
async function switches(
  host: Parameters<Collector<OsSupportFacts>>[0],
  domain: string,
): Promise<Answer<Map<string, boolean>>> {
  const args = ['read', domain];
  const r = await run(host, MACOS_TOOL.defaults, args);
  if (!r.ok) return r;
  const read = parseDefaultsRead(r.value.exitCode, r.value.stdout, r.value.stderr);
  if (!read) return { ok: false, reason: refused(MACOS_TOOL.defaults, args, r.value) };
  return { ok: true, value: read.set ? parseDefaultsSwitches(read.value, MACOS_UPDATE_SWITCHES) : new Map() };
}

async function autoUpdates(host: Parameters<Collector<OsSupportFacts>>[0]): Promise<Answer<AutoUpdates>> {
  const [own, managed] = await Promise.all([switches(host, SOFTWARE_UPDATE), switches(host, MANAGED_SOFTWARE_UPDATE)]);
  if (!own.ok) return own;
  if (!managed.ok) return managed;
  return macosAutoUpdates(own.value, managed.value);
}

export const collectMacos: Collector<OsSupportFacts> = async (host, options) => {
  const [swVers, history, auto] = await Promise.all([
    run(host, MACOS_TOOL.swVers, []),
    host.readFile(INSTALL_HISTORY),
    autoUpdates(host),
  ]);
  const found = newFindings(auto);
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
  return osSupportOutput(found, options?.now ?? new Date());
};

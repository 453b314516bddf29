import { describeFailure } from '../../host/types.js';
import { MACOS_TOOL, refused, run } from '../macos/commands.js';
import { parseSwVers } from '../macos/parse.js';
import type { Collector } from '../types.js';
import type { OsSupportFacts } from './facts.js';
import { notInTable, osSupportOutput, type Findings } from './output.js';
import { findMacosRelease, newestMacosUpdate } from './parse.js';

const INSTALL_HISTORY = '/Library/Receipts/InstallHistory.plist';

export const collectMacos: Collector<OsSupportFacts> = async (host, options) => {
  const [swVers, history] = await Promise.all([run(host, MACOS_TOOL.swVers, []), host.readFile(INSTALL_HISTORY)]);
  const found: Findings = { entry: null, lookedUp: false, entryReason: '', lastUpdate: null, updateReason: '' };
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

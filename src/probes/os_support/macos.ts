import { MACOS_TOOL, refused, run } from '../macos/commands.js';
import { parseSwVers } from '../system/macos-parse.js';
import type { Collector } from '../types.js';
import type { OsSupportFacts } from './index.js';
import { notInTable, osSupportOutput, type Findings } from './facts.js';
import { findMacosRelease } from './parse.js';

export const collectMacos: Collector<OsSupportFacts> = async (host, context) => {
  const swVers = await run(host, MACOS_TOOL.swVers, []);
  // Not read yet: the install history (/Library/Receipts/InstallHistory.plist) has no real sample to test against.
  const found: Findings = { entry: null, lookedUp: false, entryReason: '', lastUpdate: null, updateReason: 'shop-audit does not read the macOS update history yet' };
  const version = swVers.ok && swVers.value.exitCode === 0 ? parseSwVers(swVers.value.stdout).get('ProductVersion') : undefined;
  if (!swVers.ok) found.entryReason = swVers.reason;
  else if (!version) found.entryReason = swVers.value.exitCode === 0 ? 'sw_vers printed no ProductVersion' : refused(MACOS_TOOL.swVers, [], swVers.value);
  else {
    found.lookedUp = true;
    found.entry = findMacosRelease(version);
    if (!found.entry) found.entryReason = notInTable(`macOS ${version}`);
  }
  return osSupportOutput(found, context?.now ?? new Date());
};

import type { Collector } from '../types.js';
import { windowsAnswers } from '../windows/answers.js';
import { regNumber } from '../windows/document.js';
import { windowsAutoUpdates } from './auto-updates.js';
import type { OsSupportFacts } from './facts.js';
import { newFindings, notInTable, osSupportOutput } from './output.js';
import { windowsPendingSecurityUpdates } from './pending-updates.js';
import { findWindowsRelease, newestHotfix, windowsChannel } from './parse.js';

export const collectWindows: Collector<OsSupportFacts> = async (host, options) => {
  const a = await windowsAnswers(
    host,
    [
      'osVersion',
      'hotfixes',
      'windowsUpdatePause',
      'windowsUpdatePolicy',
      'windowsUpdateAuPolicy',
      'windowsUpdateService',
      'updateOrchestratorService',
      'windowsUpdateLocal',
      'pendingUpdates',
    ],
    options,
  );
  const now = options?.now ?? new Date();
  const pending = a.pendingUpdates.ok ? windowsPendingSecurityUpdates(a.pendingUpdates.value, now) : a.pendingUpdates;
  const found = newFindings(windowsAutoUpdates(a, now), pending);

  const os = a.osVersion.ok ? a.osVersion.value : null;
  const build = regNumber(os?.CurrentBuild);
  const text = (v: string | number | null | undefined) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const productName = text(os?.ProductName);
  const channel = windowsChannel(text(os?.EditionID), productName);
  if (!a.osVersion.ok) found.entryReason = a.osVersion.reason;
  else if (build === null)
    found.entryReason = 'CurrentBuild is not in HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';
  else if (channel === null)
    found.entryReason =
      `the edition (EditionID ${text(os?.EditionID) ?? 'not set'}, ${productName ?? 'no ProductName'}) ` +
      `is not one shop-audit knows`;
  else {
    found.lookedUp = true;
    found.entry = findWindowsRelease(build, channel);
    if (!found.entry) found.entryReason = notInTable(`Windows build ${build} (${channel} edition)`);
  }

  if (!a.hotfixes.ok) found.updateReason = a.hotfixes.reason;
  else {
    const newest = newestHotfix(a.hotfixes.value.map((h) => h.installedOn));
    if (newest.day)
      found.lastUpdate = { day: newest.day, evidence: 'Win32_QuickFixEngineering (newest installed update)' };
    else
      found.updateReason =
        a.hotfixes.value.length === 0
          ? 'Windows lists no installed updates (Win32_QuickFixEngineering is empty)'
          : `none of the ${newest.unreadable} installed updates records when it was installed`;
  }
  return { ...osSupportOutput(found, now), readWith: a.readWith };
};

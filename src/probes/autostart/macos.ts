import type { Host } from '../../host/types.js';
import { MACOS_TOOL, refused, run } from '../macos/commands.js';
import { launchdDirs } from '../macos/launchd.js';
import { type Collector, REASON } from '../types.js';
import { unreadable } from '../tools.js';
import { btmEntries, btmLaunchdJobs, isBtmDump, parseBtmDump } from './btm.js';
import type { AutostartEntry, AutostartFacts } from './facts.js';
import { entry, partialList, plistProgram } from './parse.js';

const DUMPBTM = ['dumpbtm'];

/**
 * Login items and the helpers apps register (macOS 13 and later), for every user: `sfltool dumpbtm`, which needs
 * root. Without sudo it is not run: it could ask for an administrator's password on the shop's screen.
 * Its launchd plists outside the folders already listed (other users' LaunchAgents) are listed too, if they exist.
 */
async function backgroundItems(
  host: Host,
  listedDirs: readonly string[],
): Promise<{ entries: AutostartEntry[]; problem: string | null }> {
  if (!host.elevated) return { entries: [], problem: `login items (sfltool dumpbtm): ${REASON.needsRoot}` };
  const r = await run(host, MACOS_TOOL.sfltool, DUMPBTM);
  if (!r.ok) return { entries: [], problem: `login items: ${r.reason}` };
  if (r.value.exitCode !== 0 || !isBtmDump(r.value.stdout)) {
    const why = refused(MACOS_TOOL.sfltool, DUMPBTM, r.value);
    return { entries: [], problem: `login items: ${why} (macOS 12 and earlier have no such list)` };
  }
  const records = parseBtmDump(r.value.stdout);
  const jobs: AutostartEntry[] = [];
  for (const { plist, job } of btmLaunchdJobs(records, listedDirs)) {
    if ((await host.stat(plist)).status === 'ok') jobs.push(job);
  }
  return { entries: [...jobs, ...btmEntries(records)], problem: null };
}

/**
 * launchd jobs in /Library/LaunchDaemons, /Library/LaunchAgents and the user's ~/Library/LaunchAgents: every one
 * was put there by a program or a person (Apple's own are under /System/Library); and, with sudo, login items.
 */
export const collectMacos: Collector<AutostartFacts> = async (host) => {
  const problems: string[] = [];
  const out: AutostartEntry[] = [];
  const listed: string[] = [];
  for (const dir of launchdDirs(host)) {
    const r = await host.listDir(dir);
    if (r.status !== 'ok') {
      if (r.status !== 'missing') problems.push(unreadable(host, dir, r));
      else listed.push(dir);
      continue;
    }
    listed.push(dir);
    const kind = dir.endsWith('LaunchDaemons') ? 'launch-daemon' : 'launch-agent';
    for (const file of r.entries.filter((e) => e.endsWith('.plist')).sort()) {
      const text = await host.readFile(`${dir}/${file}`);
      if (text.status !== 'ok' && text.status !== 'missing') problems.push(unreadable(host, `${dir}/${file}`, text));
      const label = file.slice(0, -'.plist'.length);
      out.push(entry(kind, `${dir}/${file}`, label, text.status === 'ok' ? plistProgram(text.text) : null));
    }
  }
  const background = await backgroundItems(host, listed);
  if (background.problem) problems.push(background.problem);
  return partialList([...out, ...background.entries], problems);
};

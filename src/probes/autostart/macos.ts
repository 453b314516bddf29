import type { Host } from '../../host/types.js';
import { MACOS_TOOL, refused, run } from '../macos/commands.js';
import { launchdDirs } from '../macos/launchd.js';
import { type Collector, REASON } from '../types.js';
import { unreadable } from '../tools.js';
import { btmEntries, isBtmDump, parseBtmDump } from './btm.js';
import type { AutostartEntry, AutostartFacts } from './facts.js';
import { entry, partialList, plistProgram } from './parse.js';

const DUMPBTM = ['dumpbtm'];

/**
 * Login items and the helpers apps register (macOS 13 and later), for every user: `sfltool dumpbtm`, which lists
 * them only to root (run without sudo it asks for an administrator's password on the screen, so it is not run).
 */
async function loginItems(host: Host): Promise<{ entries: AutostartEntry[]; problem: string | null }> {
  if (!host.elevated) return { entries: [], problem: `login items (sfltool dumpbtm): ${REASON.needsRoot}` };
  const r = await run(host, MACOS_TOOL.sfltool, DUMPBTM);
  if (!r.ok) return { entries: [], problem: `login items: ${r.reason}` };
  if (r.value.exitCode !== 0 || !isBtmDump(r.value.stdout)) {
    const why = refused(MACOS_TOOL.sfltool, DUMPBTM, r.value);
    return { entries: [], problem: `login items: ${why} (macOS 12 and earlier have no such list)` };
  }
  return { entries: btmEntries(parseBtmDump(r.value.stdout)), problem: null };
}

/**
 * launchd jobs in /Library/LaunchDaemons, /Library/LaunchAgents and the user's ~/Library/LaunchAgents: every one
 * was put there by a program or a person (Apple's own are under /System/Library); and login items.
 */
export const collectMacos: Collector<AutostartFacts> = async (host) => {
  const problems: string[] = [];
  const out: AutostartEntry[] = [];
  for (const dir of launchdDirs(host)) {
    const r = await host.listDir(dir);
    if (r.status !== 'ok') {
      if (r.status !== 'missing') problems.push(unreadable(host, dir, r));
      continue;
    }
    const kind = dir.endsWith('LaunchDaemons') ? 'launch-daemon' : 'launch-agent';
    for (const file of r.entries.filter((e) => e.endsWith('.plist')).sort()) {
      const text = await host.readFile(`${dir}/${file}`);
      if (text.status !== 'ok' && text.status !== 'missing') problems.push(unreadable(host, `${dir}/${file}`, text));
      const label = file.slice(0, -'.plist'.length);
      out.push(entry(kind, `${dir}/${file}`, label, text.status === 'ok' ? plistProgram(text.text) : null));
    }
  }
  const login = await loginItems(host);
  if (login.problem) problems.push(login.problem);
  return partialList([...out, ...login.entries], problems);
};

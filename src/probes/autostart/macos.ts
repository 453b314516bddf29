import { launchdDirs } from '../macos/launchd.js';
import type { Collector } from '../types.js';
import { unreadable } from '../tools.js';
import type { AutostartEntry, AutostartFacts } from './facts.js';
import { entry, partialList, plistProgram } from './parse.js';

/**
 * launchd jobs in /Library/LaunchDaemons, /Library/LaunchAgents and the user's ~/Library/LaunchAgents: every one
 * was put there by a program or a person (Apple's own are under /System/Library). Login items are not read: their
 * list (`sfltool dumpbtm`) needs root on macOS 13 and later, and asking System Events would show a permission prompt.
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
  return partialList(out, problems);
};

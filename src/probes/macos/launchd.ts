import { describeFailure, type Host } from '../../host/types.js';

// launchd jobs that third parties install: the remote_access and autostart probes read them. Apple's own jobs
// live under /System/Library, which these folders are not.

/** Daemons (started at boot, as root) and agents (started at every user's login), installed for every user. */
export const SYSTEM_LAUNCHD_DIRS = ['/Library/LaunchDaemons', '/Library/LaunchAgents'];

/** The launchd folders a scan reads: the system ones and the user's own LaunchAgents. */
export const launchdDirs = (host: Host) => [
  ...SYSTEM_LAUNCHD_DIRS,
  ...(host.user.home ? [`${host.user.home}/Library/LaunchAgents`] : []),
];

/** launchd job plists in the system folders and the user's LaunchAgents: label (file name without .plist) -> folder. */
export async function launchdJobs(host: Host): Promise<{ labels: Map<string, string>; problem: string | null }> {
  const dirs = launchdDirs(host);
  const labels = new Map<string, string>();
  const problems: string[] = [];
  for (const dir of dirs) {
    const r = await host.listDir(dir);
    if (r.status === 'ok') {
      for (const entry of r.entries) if (entry.endsWith('.plist')) labels.set(entry.slice(0, -'.plist'.length), dir);
      // A user with no agents has no LaunchAgents folder.
    } else if (r.status !== 'missing') problems.push(`${dir}: ${describeFailure(r)}`);
  }
  return { labels, problem: problems.length ? problems.join('; ') : null };
}

import { onFirstUse } from '../tools.js';
import { exists, launchdOverrides, runningPrograms, sharingSwitch } from '../macos/commands.js';
import { launchdJobs } from '../macos/launchd.js';
import { answerTaker, REASON, type Answer, type Collector } from '../types.js';
import { REMOTE_TOOLS } from './catalog.js';
import type { RemoteAccessFacts, RemoteTool } from './facts.js';
import { sshSettings } from './linux.js';

const SSHD = '/usr/sbin/sshd';
/** Written by ARD's kickstart when Remote Management is switched on, removed when it is switched off. */
const ARD_ENABLED = '/Library/Application Support/Apple/Remote Desktop/RemoteManagement.launchd';
/** Present when any answer says so; otherwise the first failure, or absent. */
function anyExists(answers: readonly Answer<boolean>[]): Answer<boolean> {
  if (answers.some((a) => a.ok && a.value)) return { ok: true, value: true };
  return answers.find((a) => !a.ok) ?? { ok: true, value: false };
}

interface MacTool extends Pick<RemoteTool, 'id' | 'name' | 'kind'> {
  /** Reported even when nothing of it is found. */
  listed: boolean;
  /** Its app bundles. */
  apps: readonly string[];
  /** Executable names of its processes. */
  programs: readonly string[];
  /** Starts of the launchd job labels (plist file names) its installer writes, lower case. */
  labelPrefixes: readonly string[];
}

/** The catalog's tools as this OS installs them, made when first needed (a scan of another OS never does). */
const macTools = onFirstUse((): readonly MacTool[] =>
  REMOTE_TOOLS.flatMap(({ id, name, kind, listed, macos }) =>
    macos
      ? [
          {
            id,
            name,
            kind,
            listed: listed === true,
            apps: macos.apps ?? [],
            programs: macos.programs ?? [],
            labelPrefixes: macos.labelPrefixes ?? [],
          },
        ]
      : [],
  ),
);
/** Why a catalogued tool's process or launchd job cannot be told. */
const NOT_CATALOGUED = (what: string) => `the remote-tools catalog does not know its ${what}`;

export const collectMacos: Collector<RemoteAccessFacts> = async (host) => {
  const [sshd, overrides, procs, jobs, ard, appBundles] = await Promise.all([
    exists(host, SSHD),
    launchdOverrides(host),
    runningPrograms(host),
    launchdJobs(host),
    exists(host, ARD_ENABLED),
    Promise.all(macTools().map(async (t) => anyExists(await Promise.all(t.apps.map((app) => exists(host, app)))))),
  ]);
  const unknown: Record<string, string> = {};
  const take = answerTaker(unknown);
  const isRunning = (programs: readonly string[]): Answer<boolean> =>
    procs.ok ? { ok: true, value: programs.some((p) => procs.value.has(p)) } : procs;
  // Remote Login and Screen Sharing ship disabled in their launchd plists; switched on, launchd listens
  // on their port and starts them for each connection, so "on" is both running and starting at boot.
  const [remoteLogin, screenSharing] = await Promise.all([
    sharingSwitch(host, overrides, 'com.openssh.sshd'),
    sharingSwitch(host, overrides, 'com.apple.screensharing'),
  ]);

  const sshInstalled = take('ssh.installed', sshd);
  const { settings, source } = await sshSettings(host, sshInstalled ? SSHD : null);
  const ssh: RemoteAccessFacts['ssh'] = {
    installed: sshInstalled,
    running: take('ssh.running', remoteLogin),
    startsAtBoot: take('ssh.startsAtBoot', remoteLogin),
    permitRootLogin: take('ssh.permitRootLogin', settings.permitRootLogin),
    passwordAuthentication: take('ssh.passwordAuthentication', settings.passwordAuthentication),
    permitEmptyPasswords: take('ssh.permitEmptyPasswords', settings.permitEmptyPasswords),
    source: take('ssh.source', source),
  };

  const builtIn: RemoteTool[] = [
    {
      id: 'screen-sharing',
      name: 'Screen Sharing (VNC)',
      kind: 'remote-desktop-server',
      installed: true,
      running: take('tools[screen-sharing].running', screenSharing),
      startsAtBoot: take('tools[screen-sharing].startsAtBoot', screenSharing),
    },
    {
      id: 'remote-management',
      name: 'Remote Management (Apple Remote Desktop)',
      kind: 'remote-desktop-server',
      installed: true,
      running: take('tools[remote-management].running', isRunning(['ARDAgent'])),
      startsAtBoot: take('tools[remote-management].startsAtBoot', ard),
    },
  ];

  const supportApps = macTools().flatMap((t, i): RemoteTool[] => {
    const labels = [...jobs.labels.keys()].filter((l) =>
      t.labelPrefixes.some((prefix) => l.toLowerCase().startsWith(prefix)),
    );
    // A daemon switched off with `launchctl disable system/…` stays on disk but does not start. An agent
    // starts in each user's own launchd domain (gui/<uid>), which the system domain's overrides do not reach.
    const stoppedDaemon = (l: string) =>
      jobs.labels.get(l)?.endsWith('/LaunchDaemons') === true && overrides.ok && overrides.value.get(l) === true;
    const starting = labels.filter((l) => !stoppedDaemon(l));
    const startsAtBoot: Answer<boolean> =
      starting.length > 0
        ? { ok: true, value: true }
        : t.labelPrefixes.length === 0
          ? { ok: false, reason: NOT_CATALOGUED('launchd jobs') }
          : jobs.problem
            ? { ok: false, reason: jobs.problem }
            : { ok: true, value: false };
    const app = appBundles[i]!;
    const installed: Answer<boolean> = labels.length > 0 || (app.ok && app.value) ? { ok: true, value: true } : app;
    const running: Answer<boolean> =
      t.programs.length === 0 ? { ok: false, reason: NOT_CATALOGUED('process names') } : isRunning(t.programs);
    // The catalog's other tools are named only when something of them is found.
    if (!t.listed && !(installed.ok && installed.value)) return [];
    return [
      {
        ...{ id: t.id, name: t.name, kind: t.kind },
        installed: take(`tools[${t.id}].installed`, installed),
        running: take(`tools[${t.id}].running`, running),
        startsAtBoot: take(`tools[${t.id}].startsAtBoot`, startsAtBoot),
      },
    ];
  });

  unknown['rdp.enabled'] = unknown['rdp.networkLevelAuth'] = unknown['rdp.sessions'] = REASON.notOnThisOs;
  return {
    facts: { ssh, tools: [...builtIn, ...supportApps], rdp: { enabled: null, networkLevelAuth: null, sessions: null } },
    unknown,
  };
};

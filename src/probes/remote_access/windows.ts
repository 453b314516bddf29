import { onFirstUse } from '../tools.js';
import { describeFailure, type Host } from '../../host/types.js';
import { notOnThisPc, REASON, type Answer, type Collector } from '../types.js';
import { windowsAnswers } from '../windows/answers.js';
import { regNumber, type AnswerOf } from '../windows/document.js';
import { namePattern, namesSource, REMOTE_TOOLS } from './catalog.js';
import type { RemoteAccessFacts, RemoteTool } from './facts.js';
import {
  matchAppliesGlobally,
  parseSshdConfig,
  parseSshSettingValue,
  sshSettingOf,
  SSHD_DEFAULTS,
  type ReportedSshSettings,
  type SshSettings,
} from './parse.js';
import { quserSessions } from './windows-parse.js';

interface WindowsTool extends Pick<RemoteTool, 'id' | 'name' | 'kind'> {
  /** Reported even when nothing of it is found. */
  listed: boolean;
  /** Matches the DisplayName of its uninstall entry (Programs and Features) from its start. */
  product: RegExp;
  /** Matches its service names. */
  services: RegExp;
  /** Matches its process names (without .exe). */
  processes: RegExp;
  /** Matches a command (Run key, scheduled task, Startup folder) that starts one of its programs. */
  autostart: RegExp;
  /** The signers of its programs (lower case): a running program they signed is the tool, whatever its file name. */
  signers: ReadonlySet<string>;
}

// Service and program names are not translated; their matchers are built once from the catalog, when first needed.
const windowsTools = onFirstUse((): readonly WindowsTool[] =>
  REMOTE_TOOLS.flatMap((t) => {
    if (!t.windows) return [];
    const { products = [], services = [], programs = [], signers = [] } = t.windows;
    const stems = programs.map((p) => p.replace(/\.exe$/i, ''));
    // In a command line a wildcard stays inside one file name.
    const programFile = namesSource(stems, '[^\\\\/"]*');
    return [
      {
        id: t.id,
        name: t.name,
        kind: t.kind,
        listed: t.listed === true,
        product: new RegExp(`^(?:${namesSource(products)})`, 'i'),
        services: namePattern(services),
        processes: namePattern(stems),
        autostart: new RegExp(`(?:^|[\\\\/"\\s])(?:${programFile})\\.exe(?:$|[\\s"])`, 'i'),
        signers: new Set(signers.map((n) => n.toLowerCase())),
      },
    ];
  }),
);

const TS_POLICY_KEY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services';

type Services = AnswerOf<'services'>;
const all = (xs: readonly (boolean | null)[]): boolean | null =>
  xs.includes(true) ? true : xs.includes(null) ? null : false;
/**
 * Whether one of the services is in this state or start mode: unknown, not false, when none is and one's was not read
 * (sc.exe prints a state number Windows does not define; the Services keys' Start values could not be read).
 */
const serviceIs = (
  services: readonly { state: string | null; startMode: string | null }[] | null,
  field: 'state' | 'startMode',
  value: string,
): boolean | null =>
  services === null ? null : all(services.map((s) => (s[field] === null ? null : s[field] === value)));
const answered = <T>(a: Answer<T>): T | null => (a.ok ? a.value : null);

/**
 * Remote Desktop: policy values win over the machine's own (fDenyTSConnections 0 = connections allowed;
 * UserAuthentication 1 = NLA).
 */
export function remoteDesktopSettings(
  machine: AnswerOf<'terminalServer'>,
  rdpTcp: AnswerOf<'rdpTcp'>,
  policy: AnswerOf<'terminalServicesPolicy'>,
): Omit<RemoteAccessFacts['rdp'], 'sessions'> {
  const deny = regNumber(policy?.fDenyTSConnections) ?? regNumber(machine?.fDenyTSConnections);
  const nla = regNumber(policy?.UserAuthentication) ?? regNumber(rdpTcp?.UserAuthentication);
  // An absent fDenyTSConnections means Remote Desktop is off (Windows sets it to 1 at install).
  return { enabled: deny === null ? false : deny === 0, networkLevelAuth: nla === null ? null : nla === 1 };
}

/**
 * A tool's three facts from the uninstall entries, services, processes and the lists of commands that start at
 * sign-in or on a schedule (Run keys, scheduled tasks, Startup folders), each possibly unread.
 * `signers`: the signers of the running programs outside the Windows folder (PowerShell only); a program its
 * maker signed runs the tool even when renamed. Not read (null) it only adds nothing: names still tell.
 */
export function windowsToolFacts(
  tool: WindowsTool,
  installed: readonly string[] | null,
  services: Services | null,
  processes: readonly string[] | null,
  /** For each list of what starts by itself, the ids of the tools it starts (null: that list was not read). */
  autostarted: readonly (readonly string[] | null)[],
  signers: AnswerOf<'processSigners'> | null = null,
): Pick<RemoteTool, 'installed' | 'running' | 'startsAtBoot'> {
  const svc = services?.filter((s) => tool.services.test(s.name)) ?? null;
  const hasProduct = installed === null ? null : installed.some((n) => tool.product.test(n));
  const hasService = svc === null ? null : svc.length > 0;
  // Get-Process names have no .exe; tasklist's have.
  const processRuns = processes === null ? null : processes.some((p) => tool.processes.test(p.replace(/\.exe$/i, '')));
  const serviceRuns = serviceIs(svc, 'state', 'Running');
  const serviceAuto = serviceIs(svc, 'startMode', 'Auto');
  // A match in any list that was read is enough; "none" needs every list read.
  const runKey = autostarted.some((list) => list?.includes(tool.id)) ? true : autostarted.includes(null) ? null : false;
  const signedRuns = signers?.some((p) => tool.signers.has(p.signer.toLowerCase())) === true;
  return {
    installed: all([hasProduct, hasService]),
    running: signedRuns || all([processRuns, serviceRuns]),
    startsAtBoot: all([serviceAuto, runKey]),
  };
}

/**
 * sshd_config of Windows OpenSSH, read like sshd: first value wins, Match blocks left out, absent keywords
 * take defaults.
 */
export function sshSettingsFromConfig(text: string): { settings: ReportedSshSettings } | { reason: string } {
  const found: Partial<SshSettings> = {};
  let active = true;
  for (const d of parseSshdConfig(text)) {
    if (d.keyword === 'match') active = matchAppliesGlobally(d.args);
    else if (!active) continue;
    else if (d.keyword === 'include')
      return { reason: `sshd_config line ${d.line}: Include is not followed on Windows` };
    else {
      const name = sshSettingOf(d.keyword);
      if (!name || name in found) continue;
      const value = parseSshSettingValue(name, d.args[0] ?? '');
      if (value === undefined) return { reason: `sshd_config line ${d.line}: invalid value, sshd refuses this config` };
      (found as Record<string, unknown>)[name] = value;
    }
  }
  // Windows' OpenSSH has no keyboard-interactive password method (PowerShell/Win32-OpenSSH#1554):
  // PasswordAuthentication decides.
  const { permitRootLogin, passwordAuthentication, permitEmptyPasswords } = { ...SSHD_DEFAULTS, ...found };
  return { settings: { permitRootLogin, passwordAuthentication, permitEmptyPasswords } };
}

async function readSshSettings(host: Host): Promise<{ settings: ReportedSshSettings } | { reason: string }> {
  const programData = host.env('ProgramData');
  const path =
    `${programData && /^[A-Za-z]:\\/.test(programData) ? programData.replace(/\\+$/, '') : 'C:\\ProgramData'}` +
    `\\ssh\\sshd_config`;
  const file = await host.readFile(path);
  if (file.status === 'ok') return sshSettingsFromConfig(file.text);
  return {
    reason: file.status === 'denied' && !host.elevated ? REASON.needsAdmin : `${path}: ${describeFailure(file)}`,
  };
}

export const collectWindows: Collector<RemoteAccessFacts> = async (host, options) => {
  const a = await windowsAnswers(
    host,
    [
      'services',
      'processes',
      'processSigners',
      'installed',
      'runKeys',
      'scheduledTasks',
      'startupFolders',
      'terminalServer',
      'rdpTcp',
      'terminalServicesPolicy',
      'quser',
    ],
    options,
  );
  const unknown: Record<string, string> = {};
  const services = answered(a.services);
  const processes = answered(a.processes);
  const installed = answered(a.installed);
  const starters = [a.runKeys, a.scheduledTasks, a.startupFolders];
  // The tools each list of what starts at sign-in or on a schedule starts (null: that list was not read), from the
  // whole commands: kept as the answer in a --record bundle, whose commands keep only their program (a Run key's
  // `cmd.exe /c start GameViewer.exe` is cmd.exe there).
  const autostarted = await host.derive('remote_access.windowsAutostarted', async () =>
    starters.map((x) =>
      x.ok ? windowsTools().flatMap((t) => (x.value.some((e) => t.autostart.test(e.command)) ? [t.id] : [])) : null,
    ),
  );
  const whyNot = {
    installed: [a.installed, a.services],
    running: [a.processes, a.services],
    startsAtBoot: [a.services, ...starters],
  } as const;
  const reasonFor = (fact: keyof typeof whyNot) => whyNot[fact].flatMap((x) => (x.ok ? [] : [x.reason])).join('; ');

  const sshd = services?.find((s) => s.name.toLowerCase() === 'sshd');
  const ssh: RemoteAccessFacts['ssh'] = {
    installed: services ? sshd !== undefined : null,
    running: serviceIs(services && (sshd ? [sshd] : []), 'state', 'Running'),
    startsAtBoot: serviceIs(services && (sshd ? [sshd] : []), 'startMode', 'Auto'),
    permitRootLogin: null,
    passwordAuthentication: null,
    permitEmptyPasswords: null,
    source: null,
  };
  if (!services) for (const k of ['installed', 'running', 'startsAtBoot'] as const) unknown[`ssh.${k}`] = reasonFor(k);
  const settings = sshd
    ? await readSshSettings(host)
    : { reason: services ? notOnThisPc('SSH server not installed') : reasonFor('installed') };
  if ('settings' in settings) Object.assign(ssh, settings.settings, { source: 'config-files' });
  else
    for (const k of ['permitRootLogin', 'passwordAuthentication', 'permitEmptyPasswords', 'source'])
      unknown[`ssh.${k}`] = settings.reason;

  const tools: RemoteTool[] = windowsTools().flatMap((t) => {
    const facts = windowsToolFacts(t, installed, services, processes, autostarted, answered(a.processSigners));
    // The catalog's other tools are named only when something of them is found.
    if (!t.listed && !Object.values(facts).includes(true)) return [];
    for (const k of ['installed', 'running', 'startsAtBoot'] as const)
      if (facts[k] === null) unknown[`tools[${t.id}].${k}`] = reasonFor(k);
    return [{ id: t.id, name: t.name, kind: t.kind, ...facts }];
  });

  let rdp: RemoteAccessFacts['rdp'] = { enabled: null, networkLevelAuth: null, sessions: null };
  const tsFailed = [a.terminalServer, a.rdpTcp, a.terminalServicesPolicy].find((x) => !x.ok);
  if (a.terminalServer.ok && a.rdpTcp.ok && a.terminalServicesPolicy.ok)
    rdp = { ...rdp, ...remoteDesktopSettings(a.terminalServer.value, a.rdpTcp.value, a.terminalServicesPolicy.value) };
  const sessions = a.quser.ok ? quserSessions(a.quser.value) : { reason: a.quser.reason };
  if ('sessions' in sessions) rdp.sessions = sessions.sessions;
  else unknown['rdp.sessions'] = sessions.reason;
  // With the three keys read, enabled is always known (an unset fDenyTSConnections means off).
  if (tsFailed && !tsFailed.ok) unknown['rdp.enabled'] = unknown['rdp.networkLevelAuth'] = tsFailed.reason;
  else if (rdp.networkLevelAuth === null)
    unknown['rdp.networkLevelAuth'] =
      `UserAuthentication is set neither in ${TS_POLICY_KEY} nor in the RDP-Tcp listener`;
  // Remote Desktop as a tool: it waits for connections whenever it is allowed (TermService starts on demand).
  const termService = services?.find((s) => s.name.toLowerCase() === 'termservice');
  tools.push({
    id: 'rdp',
    name: 'Remote Desktop (RDP)',
    kind: 'remote-desktop-server',
    installed: true,
    running:
      rdp.enabled === false
        ? false
        : rdp.enabled === null
          ? null
          : serviceIs(services && (termService ? [termService] : []), 'state', 'Running'),
    startsAtBoot: rdp.enabled,
  });
  if (tools.at(-1)!.running === null)
    unknown['tools[rdp].running'] =
      unknown['rdp.enabled'] ?? (reasonFor('running') || 'Windows gave no state of the Remote Desktop service');
  if (rdp.enabled === null) unknown['tools[rdp].startsAtBoot'] = unknown['rdp.enabled']!;
  return { facts: { ssh, tools, rdp }, unknown, readWith: a.readWith };
};

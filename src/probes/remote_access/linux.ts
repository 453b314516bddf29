import type { Host } from '../../host/types.js';
import { parseAutostartEntry } from '../linux/desktop-entry.js';
import {
  effectiveExecStart,
  isHumanAccount,
  parseEnvironmentFile,
  parseLoginDefsUidMin,
  parsePasswd,
  serviceEnvironment,
  splitCommandLine,
  unitStateStartsAtBoot,
} from '../linux/parse.js';
import { systemUnitStates } from '../linux/systemd.js';
import { listUnitDirs, type UnitNames, unitFilePaths } from '../linux/unit-files.js';
import { firstExisting, onFirstUse, readFiles, readSmallFile, unreadable } from '../tools.js';
import { answerTaker, notOnThisPc, REASON, type Answer, type Collector } from '../types.js';
import { REMOTE_TOOLS } from './catalog.js';
import type { RemoteAccessFacts, RemoteTool } from './facts.js';
import {
  globSegmentToRegExp,
  hasGlob,
  matchAppliesGlobally,
  matchAppliesToEveryone,
  matchCanSelectUser,
  matchCriteria,
  opensMore,
  parseSshdConfig,
  parseSshdTestOutput,
  parseSshSettingValue,
  type ReportedSshSettings,
  SSH_KEYWORD,
  sshSettingOf,
  SSHD_DEFAULTS,
  sshdCommandLine,
  sshdTestValue,
  type SshSettingName,
  type SshSettings,
} from './parse.js';

const SSHD = ['/usr/sbin/sshd', '/usr/bin/sshd', '/usr/local/sbin/sshd'];
// openSUSE keeps the vendor config in /usr/etc and uses it when /etc has none.
const SSHD_CONFIGS = ['/etc/ssh/sshd_config', '/usr/etc/ssh/sshd_config'];
/** Relative Include paths are relative to this folder (sshd_config(5)). */
const SSH_DIR = '/etc/ssh';
/** sshd's own limit on nested Include files (READCONF_MAX_DEPTH). */
const MAX_INCLUDE_DEPTH = 16;
const SSH_UNITS = ['ssh.service', 'sshd.service', 'ssh.socket', 'sshd.socket'];
/** The kernel keeps 15 characters of a process name in /proc/PID/comm. */
const COMM_LENGTH = 15;
/** Autostart folders in users' homes are theirs to fill: larger entries, and entries past this many, are not read. */
const MAX_DESKTOP_ENTRY_BYTES = 128 * 1024;
const MAX_DESKTOP_ENTRIES = 500;

interface LinuxTool extends Pick<RemoteTool, 'id' | 'name' | 'kind'> {
  /** Reported even when nothing of it is found. */
  listed: boolean;
  /** Installed when any of these exists. */
  paths: readonly string[];
  /** Executable names: its processes, and what an autostart entry runs. */
  programs: readonly string[];
  /** systemd unit names or globs, system or user units, that start it. */
  units: readonly string[];
  /** Set when it can also be started by a per-user desktop setting that no file shows. */
  perUserSetting?: string;
}

/** The catalog's tools as this OS installs them, made when first needed (a scan of another OS never does). */
const linuxTools = onFirstUse((): readonly LinuxTool[] =>
  REMOTE_TOOLS.flatMap(({ id, name, kind, listed, linux }) =>
    linux
      ? [
          {
            ...{ id, name, kind, listed: listed === true },
            ...{ paths: linux.paths ?? [], programs: linux.programs ?? [], units: linux.units ?? [] },
            ...(linux.perUserSetting ? { perUserSetting: linux.perUserSetting } : {}),
          },
        ]
      : [],
  ),
);

/** Names of all running processes, from /proc/PID/comm (never the command line: it can hold passwords). */
async function processNames(host: Host): Promise<Answer<Set<string>>> {
  const proc = await host.listDir('/proc');
  if (proc.status !== 'ok') return { ok: false, reason: `cannot list processes: ${unreadable(host, '/proc', proc)}` };
  const pids = proc.entries.filter((e) => /^\d+$/.test(e));
  // With /proc mounted hidepid=2 a user sees only their own processes; PID 1 belongs to root.
  if (!host.elevated && !pids.includes('1')) return { ok: false, reason: REASON.needsRoot };
  const comms = await Promise.all(pids.map((pid) => host.readFile(`/proc/${pid}/comm`)));
  const names = new Set<string>();
  for (const r of comms) {
    if (r.status === 'ok') names.add(r.text.replace(/\n$/, ''));
    // A process that ended meanwhile is simply gone; any other failure hides what it is.
    else if (r.status !== 'missing')
      return { ok: false, reason: `cannot read process names: ${unreadable(host, '/proc/PID/comm', r)}` };
  }
  return { ok: true, value: names };
}

interface LoginStarts {
  /** Programs that XDG autostart entries run. */
  programs: Set<string>;
  /** User units enabled globally or by a user. */
  userUnits: Set<string>;
  /** Why some autostart or user-unit folder could not be read (then absence proves nothing). */
  problem: string | null;
}

/**
 * What starts at a desktop login: autostart entries and enabled systemd user units, system-wide
 * and in every home folder (a per-user entry starts the tool just the same).
 */
async function loginStarts(host: Host): Promise<LoginStarts> {
  const out: LoginStarts = { programs: new Set(), userUnits: new Set(), problem: null };
  const list = async (path: string): Promise<string[]> => {
    const r = await host.listDir(path);
    if (r.status === 'ok') return r.entries;
    if (r.status !== 'missing') out.problem ??= unreadable(host, path, r);
    return [];
  };
  // lost+found (root-only when /home is its own file system) is no one's home.
  const homes = new Set((await list('/home')).filter((e) => e !== 'lost+found').map((e) => `/home/${e}`));
  if (host.user.home) homes.add(host.user.home);
  const autostartDirs = ['/etc/xdg/autostart', ...[...homes].map((h) => `${h}/.config/autostart`)];
  const unitDirs = ['/etc/systemd/user', ...[...homes].map((h) => `${h}/.config/systemd/user`)];
  await Promise.all([
    ...autostartDirs.map(async (dir) => {
      const all = (await list(dir)).filter((e) => e.endsWith('.desktop'));
      if (all.length > MAX_DESKTOP_ENTRIES)
        out.problem ??= `${dir}: ${all.length} entries, only the first ${MAX_DESKTOP_ENTRIES} read`;
      const files = all.slice(0, MAX_DESKTOP_ENTRIES);
      for (const r of await Promise.all(
        files.map((f) => readSmallFile(host, `${dir}/${f}`, MAX_DESKTOP_ENTRY_BYTES)),
      )) {
        if (r.status !== 'ok') {
          out.problem ??= unreadable(host, dir, r);
          continue;
        }
        const entry = parseAutostartEntry(r.text);
        if (entry.enabled && entry.program) out.programs.add(entry.program);
      }
    }),
    ...unitDirs.map(async (dir) => {
      const wants = (await list(dir)).filter((e) => e.endsWith('.wants'));
      for (const units of await Promise.all(wants.map((w) => list(`${dir}/${w}`))))
        for (const u of units) out.userUnits.add(u);
    }),
  ]);
  return out;
}

// Each unit pattern made into a regular expression once: every unit found is tested against ~30 of them per tool.
const unitPatterns = new Map<string, RegExp>();

function matchesAny(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => {
    let re = unitPatterns.get(p);
    if (!re) {
      re = globSegmentToRegExp(p);
      unitPatterns.set(p, re);
    }
    return re.test(name);
  });
}

function unitsStartAtBoot(states: Map<string, string>, patterns: readonly string[]): boolean {
  return [...states].some(([unit, state]) => matchesAny(unit, patterns) && unitStateStartsAtBoot(unit, state));
}

/** Files an Include pattern names, in the order sshd reads them (glob(3) sorts). */
async function expandInclude(host: Host, pattern: string): Promise<Answer<string[]>> {
  const absolute = pattern.startsWith('/') ? pattern : `${SSH_DIR}/${pattern}`;
  let paths = [''];
  for (const segment of absolute.split('/').filter(Boolean)) {
    if (!hasGlob(segment)) {
      paths = paths.map((p) => `${p}/${segment}`);
      continue;
    }
    const re = globSegmentToRegExp(segment);
    const next: string[] = [];
    for (const base of paths) {
      const dir = await host.listDir(base || '/');
      if (dir.status === 'missing') continue;
      if (dir.status !== 'ok') return { ok: false, reason: unreadable(host, base, dir) };
      // glob(3): a wildcard never matches a leading dot.
      next.push(
        ...dir.entries
          .filter((e) => re.test(e) && (!e.startsWith('.') || segment.startsWith('.')))
          .map((e) => `${base}/${e}`),
      );
    }
    paths = next;
  }
  return { ok: true, value: paths };
}

type SettingAnswers = { [K in SshSettingName]: Answer<SshSettings[K]> };

/** A value a Match block sets: only the connections its criteria select get it. */
interface MatchValue<K extends SshSettingName = SshSettingName> {
  name: K;
  value: NonNullable<SshSettings[K]>;
  raw: string;
  /** The Match line's arguments (`User bob Address 10.0.0.0/8`). */
  match: readonly string[];
  where: string;
}

interface ConfigFileSettings {
  /** What a connection no Match block selects gets. */
  global: SettingAnswers;
  matchValues: MatchValue[];
  /** Whether a Match block selects some connections (or a file could not be read, so one might). */
  selective: boolean;
}

const SETTING_NAMES = Object.keys(SSH_KEYWORD) as SshSettingName[];

/** The `-o` settings the SSH service gives sshd, and where they come from (said as a file is, by its lines). */
interface CommandLine {
  options: string[];
  source: string;
}

/**
 * The settings from sshd_config and its Include files as sshd reads them: the first value of a
 * keyword wins, absent keywords take the defaults, and a Match block (with the files it includes)
 * sets values for the connections it selects only. A file that cannot be read leaves every keyword
 * not yet seen unknown: it might set it.
 */
async function readSshdConfigFiles(
  host: Host,
  mainPath: string,
  commandLine: CommandLine,
): Promise<ConfigFileSettings> {
  const found = new Map<SshSettingName, Answer<SshSettings[SshSettingName]>>();
  const matchValues: MatchValue[] = [];
  let blocked: string | null = null;
  let selective = false;
  const visit = async (path: string, depth: number, outerMatch: readonly string[] | null): Promise<void> => {
    if (depth > MAX_INCLUDE_DEPTH) {
      blocked = `${path}: Include nested more than ${MAX_INCLUDE_DEPTH} deep`;
      return;
    }
    const file =
      path === commandLine.source
        ? { status: 'ok' as const, text: commandLine.options.join('\n') }
        : await host.readFile(path);
    // sshd skips an Include that names no file.
    if (file.status === 'missing' && depth > 0) return;
    if (file.status !== 'ok') {
      blocked = unreadable(host, path, file);
      return;
    }
    // A Match line in an included file ends at that file's end; `Match all` goes back to every connection.
    let match = outerMatch;
    for (const d of parseSshdConfig(file.text)) {
      if (blocked) return;
      if (d.keyword === 'match') {
        match = matchAppliesGlobally(d.args) ? null : d.args;
        selective ||= match !== null;
      } else if (d.keyword === 'include') {
        for (const pattern of d.args) {
          const files = await expandInclude(host, pattern);
          if (!files.ok) {
            blocked = files.reason;
            return;
          }
          for (const f of files.value) await visit(f, depth + 1, match);
        }
      } else {
        const name = sshSettingOf(d.keyword);
        if (!name) continue;
        const raw = d.args[0] ?? '';
        const value = parseSshSettingValue(name, raw);
        if (match !== null) {
          if (value !== undefined) matchValues.push({ name, value, raw, match, where: `${path} line ${d.line}` });
        } else if (!found.has(name)) {
          found.set(
            name,
            value === undefined
              ? { ok: false, reason: `${path} line ${d.line}: invalid value "${raw}", sshd refuses this config` }
              : { ok: true, value },
          );
        }
      }
    }
  };
  // sshd reads its -o settings first, so they win over the file's.
  if (commandLine.options.length > 0) await visit(commandLine.source, 0, null);
  await visit(mainPath, 0, null);
  const answer = <K extends SshSettingName>(name: K): Answer<SshSettings[K]> =>
    (found.get(name) as Answer<SshSettings[K]> | undefined) ??
    (blocked ? { ok: false, reason: blocked } : { ok: true, value: SSHD_DEFAULTS[name] });
  return {
    global: Object.fromEntries(SETTING_NAMES.map((name) => [name, answer(name)])) as SettingAnswers,
    matchValues,
    selective: selective || blocked !== null,
  };
}

/**
 * A setting for the connections that matter, given what some connections were seen to get (`base`)
 * and the Match blocks of the files: a block that selects everyone (`Match Address *`) applies; one
 * that opens sshd further for connections nobody tried (`covered` says which were) leaves it unknown.
 */
function withMatchBlocks<K extends SshSettingName>(
  name: K,
  base: Answer<SshSettings[K]>,
  matchValues: readonly MatchValue[],
  covered: (match: readonly string[]) => boolean,
  hint: string,
): Answer<SshSettings[K]> {
  if (!base.ok || base.value === null) return base;
  let value = base.value as NonNullable<SshSettings[K]>;
  // PermitRootLogin is asked for root's connections alone.
  const own = matchValues.filter(
    (m): m is MatchValue<K> => m.name === name && (name !== 'permitRootLogin' || matchCanSelectUser(m.match, 'root')),
  );
  for (const m of own) if (matchAppliesToEveryone(m.match) && opensMore(name, m.value, value)) value = m.value;
  const open = own.find((m) => opensMore(name, m.value, value) && !covered(m.match));
  if (open) {
    return {
      ok: false,
      reason:
        `${open.where}: "Match ${open.match.join(' ')}" sets ${SSH_KEYWORD[name]} ${open.raw} for ` +
        `the connections it selects${hint}`,
    };
  }
  return { ok: true, value: value as SshSettings[K] };
}

// The connections tried with sshd -T -C: one from the shop's network, one from the internet.
const CLIENTS = [
  { addr: '192.168.1.100', laddr: '192.168.1.2' },
  { addr: '203.0.113.10', laddr: '192.168.1.2' },
];
/** More login accounts than this are not all tried (each costs two sshd runs). */
const MAX_TRIED_USERS = 16;

/** root and every account that can log in (login_password's rule for "human"), from /etc/passwd. */
async function loginUsers(host: Host): Promise<{ users: string[]; all: boolean }> {
  const [passwd, loginDefs] = await Promise.all([host.readFile('/etc/passwd'), host.readFile('/etc/login.defs')]);
  if (passwd.status !== 'ok') return { users: ['root'], all: false };
  const uidMin = (loginDefs.status === 'ok' ? parseLoginDefsUidMin(loginDefs.text) : null) ?? 1000;
  const names = parsePasswd(passwd.text)
    .filter((e) => isHumanAccount(e, uidMin))
    .map((e) => e.name);
  const users = ['root', ...names.filter((n) => n !== 'root')];
  // macOS keeps its accounts in Directory Services: its /etc/passwd lists system accounts only.
  return { users: users.slice(0, MAX_TRIED_USERS), all: host.os === 'linux' && users.length <= MAX_TRIED_USERS };
}

interface SshdRun {
  user: string;
  spec: string;
}
type SshdDump = { user: string; dump: Map<string, string> };

/** The `sshd -T -C` connection specs of these accounts from these clients. */
const sshdRuns = (users: readonly string[], clients: readonly (typeof CLIENTS)[number][]): SshdRun[] =>
  users.flatMap((user) =>
    clients.map((c) => ({ user, spec: `user=${user},host=${c.addr},addr=${c.addr},laddr=${c.laddr},lport=22` })),
  );

/**
 * `sshd -T -C` for each connection: the settings it really gets, Match blocks included (sshd -T alone
 * prints only what no Match selects). It needs root (host keys) and /run/sshd; null when sshd cannot answer.
 */
async function sshdDumps(
  host: Host,
  sshd: string,
  config: string,
  options: readonly string[],
  runs: readonly SshdRun[],
): Promise<SshdDump[] | null> {
  const dumps: SshdDump[] = [];
  // A few at a time: each is a short sshd process.
  for (let i = 0; i < runs.length; i += 4) {
    const batch = await Promise.all(
      runs.slice(i, i + 4).map(async (run) => ({
        run,
        r: await host.exec(sshd, ['-T', '-f', { path: config }, ...options.flatMap((o) => ['-o', o]), '-C', run.spec]),
      })),
    );
    for (const { run, r } of batch) {
      if (r.status !== 'exited' || r.exitCode !== 0) return null;
      dumps.push({ user: run.user, dump: parseSshdTestOutput(r.stdout) });
    }
  }
  return dumps;
}

/** The most open answer of all connections counts; PermitRootLogin only from root's connections. */
function settingsFromDumps(dumps: readonly SshdDump[]): SettingAnswers {
  const answer = <K extends SshSettingName>(name: K): Answer<SshSettings[K]> => {
    const keyword = SSH_KEYWORD[name];
    let worst: NonNullable<SshSettings[K]> | undefined;
    for (const { user, dump } of dumps) {
      if (name === 'permitRootLogin' && user !== 'root') continue;
      const raw = sshdTestValue(dump, name);
      const value = raw === undefined ? undefined : parseSshSettingValue(name, raw);
      if (value === undefined) return { ok: false, reason: `sshd -T -C user=${user} printed no valid ${keyword}` };
      if (worst === undefined || opensMore(name, value, worst)) worst = value;
    }
    return worst === undefined
      ? { ok: false, reason: `sshd -T printed no ${keyword}` }
      : { ok: true, value: worst as SshSettings[K] };
  };
  return Object.fromEntries(SETTING_NAMES.map((name) => [name, answer(name)])) as SettingAnswers;
}

/**
 * Whether sshd accepts an account's password: PasswordAuthentication, or keyboard-interactive through PAM, whose
 * conversation asks for the same password (pam_unix). A config that says only `PasswordAuthentication no` leaves
 * KbdInteractiveAuthentication at its default, yes, and with `UsePAM yes` (Debian, Fedora and macOS set it)
 * passwords still get in. Keyboard-interactive without PAM has no password method on Linux or macOS.
 */
function passwordLoginsAnswer(s: SettingAnswers): Answer<boolean | null> {
  const is = (a: Answer<boolean | null>, value: boolean) => a.ok && a.value === value;
  const [password, kbd, pam] = [s.passwordAuthentication, s.kbdInteractiveAuthentication, s.usePam];
  if (is(password, true) || (is(kbd, true) && is(pam, true))) return { ok: true, value: true };
  if (is(password, false) && (is(kbd, false) || is(pam, false))) return { ok: true, value: false };
  return [password, kbd, pam].find((a) => !a.ok) ?? password;
}

type ReportedAnswers = { [K in keyof ReportedSshSettings]: Answer<ReportedSshSettings[K]> };
/** The settings the probe reports, from all it read. */
const reported = (s: SettingAnswers): ReportedAnswers => ({
  permitRootLogin: s.permitRootLogin,
  passwordAuthentication: passwordLoginsAnswer(s),
  permitEmptyPasswords: s.permitEmptyPasswords,
});

// The SSH server's service: Debian's ssh.service (alias sshd.service), sshd.service elsewhere.
const SSH_SERVICE: UnitNames = {
  files: ['ssh.service', 'sshd.service'],
  dropInDirs: ['service.d', 'ssh.service.d', 'sshd.service.d'],
};
const NO_SERVICE = { commandLine: { options: [], source: 'sshd command line' }, config: null };

/**
 * What the SSH service's command line changes: its ExecStart (unit file and drop-ins), with the variables of
 * its Environment= and EnvironmentFile= (Debian's `SSHD_OPTS` in /etc/default/ssh, Fedora's `OPTIONS` in
 * /etc/sysconfig/sshd) put in as systemd does. Read only where sshd is installed.
 */
async function sshdService(host: Host): Promise<Answer<{ commandLine: CommandLine; config: string | null }>> {
  const dirs = await listUnitDirs(host);
  const unit = await unitFilePaths(host, dirs, SSH_SERVICE);
  const unitFailures = [...dirs.failures, ...unit.failures];
  if (unitFailures.length > 0) return { ok: false, reason: `cannot read ${unitFailures.join(', ')}` };
  if (!unit.paths) return { ok: true, value: NO_SERVICE };
  const read = await readFiles(host, unit.paths);
  if (read.failures.length > 0) return { ok: false, reason: `cannot read ${read.failures.join(', ')}` };
  const exec = effectiveExecStart(read.files);
  if (!exec) return { ok: true, value: NO_SERVICE };
  const environment = serviceEnvironment(read.files);
  const variables = new Map(environment.assignments);
  // Settings from these files override those of Environment= (systemd.exec(5)); a missing one sets nothing.
  const envFiles = await readFiles(host, environment.files);
  if (envFiles.failures.length > 0) return { ok: false, reason: `cannot read ${envFiles.failures.join(', ')}` };
  for (const file of envFiles.files) for (const [k, v] of parseEnvironmentFile(file.text)) variables.set(k, v);
  const [program = '', ...args] = splitCommandLine(exec.command.replace(/^[-@+!:]+/, ''), variables);
  // A wrapper (a script, `ip netns exec`) passes sshd options shop-audit cannot see.
  if (program.split('/').pop() !== 'sshd')
    return { ok: false, reason: `${exec.source}: ExecStart runs ${program}, not sshd: its options cannot be read` };
  const { options, config } = sshdCommandLine(args);
  return {
    ok: true,
    value: {
      commandLine: { options, source: `sshd -o of ${exec.source}` },
      config: config === null ? null : config.startsWith('/') ? config : `/${config}`,
    },
  };
}

/**
 * The three SSH settings for the connections that matter: from `sshd -T -C` as root, else from
 * sshd_config and its Include files (macOS reads them the same way). Either way a Match block that
 * opens sshd for connections nobody tried leaves the setting unknown.
 */
export async function sshSettings(
  host: Host,
  sshd: string | null,
): Promise<{ settings: ReportedAnswers; source: Answer<'sshd-T' | 'config-files'> }> {
  const none = (reason: string) => {
    const no = { ok: false, reason } as const;
    return { settings: { permitRootLogin: no, passwordAuthentication: no, permitEmptyPasswords: no }, source: no };
  };
  if (!sshd) return none(notOnThisPc('SSH server not installed'));
  // Root's connection from the LAN is asked whatever the files hold, so sshd -T starts before they are read, and
  // before the service's command line is: on most PCs that adds nothing (no -o, no -f) and this run is the one;
  // otherwise sshd -T runs again with what it adds.
  const [rootRun] = sshdRuns(['root'], CLIENTS);
  const usualConfig = firstExisting(host, SSHD_CONFIGS);
  const usualRootDump =
    host.elevated && rootRun ? usualConfig.then((c) => (c ? sshdDumps(host, sshd, c, [], [rootRun]) : null)) : null;
  // Kept as the answer in a --record bundle, whose unit files keep no arguments (autostart's redactor).
  const service =
    host.os === 'linux'
      ? await host.derive('remote_access.sshdService', () => sshdService(host))
      : { ok: true as const, value: NO_SERVICE };
  if (!service.ok) return none(service.reason);
  const { commandLine, config: serviceConfig } = service.value;
  const config = serviceConfig ?? (await usualConfig);
  if (!config) return none(`no sshd_config (${SSHD_CONFIGS.join(', ')})`);
  const usual = commandLine.options.length === 0 && config === (await usualConfig);
  const [files, tried, rootDump] = await Promise.all([
    readSshdConfigFiles(host, config, commandLine),
    host.elevated ? loginUsers(host) : null,
    usual
      ? usualRootDump
      : rootRun && host.elevated
        ? sshdDumps(host, sshd, config, commandLine.options, [rootRun])
        : null,
  ]);
  // Without a Match block every connection gets the same settings: root's one run tells them all.
  let dumps = tried ? rootDump : null;
  if (dumps && tried && files.selective) {
    const others = await sshdDumps(
      host,
      sshd,
      config,
      commandLine.options,
      sshdRuns(tried.users, CLIENTS).filter((run) => run.spec !== rootRun?.spec),
    );
    dumps = others ? [...dumps, ...others] : null;
  }
  const tested = dumps ? settingsFromDumps(dumps) : null;
  // sshd -T -C tried every login account: a Match on User or Group alone was seen to apply or not.
  const covered = (match: readonly string[]) =>
    Boolean(
      tested &&
        tried?.all &&
        matchCriteria(match)?.every(([criterion]) => criterion === 'user' || criterion === 'group'),
    );
  const hint = host.elevated ? ', which shop-audit cannot list' : `; run as root so sshd -T -C can tell who gets it`;
  const base = tested ?? files.global;
  const settings = Object.fromEntries(
    SETTING_NAMES.map((name) => [name, withMatchBlocks(name, base[name], files.matchValues, covered, hint)]),
  ) as SettingAnswers;
  return { settings: reported(settings), source: { ok: true, value: tested ? 'sshd-T' : 'config-files' } };
}

export const collectLinux: Collector<RemoteAccessFacts> = async (host) => {
  const sshdFound = firstExisting(host, SSHD);
  // sshd -T runs beside the other reads: it is the slowest step.
  const [sshd, { settings, source }, procs, units, login, installed] = await Promise.all([
    sshdFound,
    sshdFound.then((path) => sshSettings(host, path)),
    processNames(host),
    systemUnitStates(host, [...SSH_UNITS, ...linuxTools().flatMap((t) => t.units)]),
    loginStarts(host),
    Promise.all(linuxTools().map((t) => firstExisting(host, t.paths))),
  ]);
  const unknown: Record<string, string> = {};
  const take = answerTaker(unknown);
  const isRunning = (programs: readonly string[]): Answer<boolean> =>
    procs.ok ? { ok: true, value: programs.some((p) => procs.value.has(p.slice(0, COMM_LENGTH))) } : procs;

  const ssh: RemoteAccessFacts['ssh'] = {
    installed: sshd !== null,
    running: take('ssh.running', isRunning(['sshd'])),
    startsAtBoot: take(
      'ssh.startsAtBoot',
      units.ok ? { ok: true, value: unitsStartAtBoot(units.value, SSH_UNITS) } : units,
    ),
    permitRootLogin: take('ssh.permitRootLogin', settings.permitRootLogin),
    passwordAuthentication: take('ssh.passwordAuthentication', settings.passwordAuthentication),
    permitEmptyPasswords: take('ssh.permitEmptyPasswords', settings.permitEmptyPasswords),
    source: take('ssh.source', source),
  };

  const tools = linuxTools().flatMap((t, i): RemoteTool[] => {
    const isInstalled = installed[i] !== null;
    const evidence =
      (units.ok && unitsStartAtBoot(units.value, t.units)) ||
      [...login.userUnits].some((u) => matchesAny(u, t.units)) ||
      t.programs.some((p) => login.programs.has(p));
    const startsAtBoot: Answer<boolean> = evidence
      ? { ok: true, value: true }
      : !units.ok
        ? units
        : login.problem
          ? { ok: false, reason: login.problem }
          : t.perUserSetting && isInstalled
            ? { ok: false, reason: t.perUserSetting }
            : { ok: true, value: false };
    const running = isRunning(t.programs);
    // The catalog's other tools are named only when something of them is found.
    if (!t.listed && !isInstalled && !(running.ok && running.value) && !evidence) return [];
    return [
      {
        id: t.id,
        name: t.name,
        kind: t.kind,
        installed: isInstalled,
        running: take(`tools[${t.id}].running`, running),
        startsAtBoot: take(`tools[${t.id}].startsAtBoot`, startsAtBoot),
      },
    ];
  });
  unknown['rdp.enabled'] = unknown['rdp.networkLevelAuth'] = unknown['rdp.sessions'] = REASON.notOnThisOs;
  return { facts: { ssh, tools, rdp: { enabled: null, networkLevelAuth: null, sessions: null } }, unknown };
};

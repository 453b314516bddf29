import { describeFailure, type CommandArg, type Host } from '../../host/types.js';
import type { Answer } from '../types.js';
import { parseDefaultsRead, parseLaunchctlPrintJob, parseLaunchdOverrides, parseProcessCommands } from './parse.js';

/** The macOS tools shop-audit runs, by absolute path (the same on every release since 10.13). */
export const MACOS_TOOL = {
  swVers: '/usr/bin/sw_vers',
  uname: '/usr/bin/uname',
  hostname: '/bin/hostname',
  fdesetup: '/usr/bin/fdesetup',
  sysadminctl: '/usr/sbin/sysadminctl',
  defaults: '/usr/bin/defaults',
  launchctl: '/bin/launchctl',
  pmset: '/usr/bin/pmset',
  ps: '/bin/ps',
  sysctl: '/usr/sbin/sysctl',
  stat: '/usr/bin/stat',
  id: '/usr/bin/id',
  sharing: '/usr/sbin/sharing',
  spctl: '/usr/sbin/spctl',
  csrutil: '/usr/bin/csrutil',
  profiles: '/usr/bin/profiles',
  ioreg: '/usr/sbin/ioreg',
  dscl: '/usr/bin/dscl',
  pwpolicy: '/usr/bin/pwpolicy',
  tmutil: '/usr/bin/tmutil',
  sfltool: '/usr/bin/sfltool',
} as const;

export interface Output {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const commandLine = (command: string, args: readonly CommandArg[]) =>
  [command, ...args.map((a) => (typeof a === 'string' ? a : a.path))].join(' ');

const runs = new WeakMap<Host, Map<string, Promise<Answer<Output>>>>();

/**
 * Runs a tool; any exit code is an answer, a missing tool, a timeout or a crash is a reason. Each
 * command line runs once per host (per scan): several probes ask sw_vers, launchctl and ps.
 */
export function run(host: Host, command: string, args: readonly CommandArg[]): Promise<Answer<Output>> {
  const line = commandLine(command, args);
  const answers = runs.get(host) ?? new Map<string, Promise<Answer<Output>>>();
  runs.set(host, answers);
  let answer = answers.get(line);
  if (!answer) {
    answer = host
      .exec(command, args)
      .then(
        (r): Answer<Output> =>
          r.status === 'exited'
            ? { ok: true, value: { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr } }
            : { ok: false, reason: `${line}: ${describeFailure(r)}` },
      );
    answers.set(line, answer);
  }
  return answer;
}

/** Why a tool's exit code or output is not an answer: the code and the first line it printed. */
export function refused(command: string, args: readonly CommandArg[], out: Output): string {
  const said = (out.stderr.trim() || out.stdout.trim()).split('\n')[0];
  return `${commandLine(command, args)}: exit code ${out.exitCode}${said ? `: ${said}` : ''}`;
}

/** One key of a preferences domain: its text, or null when it is not set. */
export async function readDefault(host: Host, domain: string, key: string): Promise<Answer<string | null>> {
  const args = ['read', domain, key];
  const r = await run(host, MACOS_TOOL.defaults, args);
  if (!r.ok) return r;
  const parsed = parseDefaultsRead(r.value.exitCode, r.value.stdout, r.value.stderr);
  if (!parsed) return { ok: false, reason: refused(MACOS_TOOL.defaults, args, r.value) };
  return { ok: true, value: parsed.set ? parsed.value : null };
}

/** launchd's system overrides (label -> disabled); reading them needs no admin. */
export async function launchdOverrides(host: Host): Promise<Answer<Map<string, boolean>>> {
  const args = ['print-disabled', 'system'];
  const r = await run(host, MACOS_TOOL.launchctl, args);
  if (!r.ok) return r;
  const overrides = r.value.exitCode === 0 ? parseLaunchdOverrides(r.value.stdout) : null;
  return overrides
    ? { ok: true, value: overrides }
    : { ok: false, reason: refused(MACOS_TOOL.launchctl, args, r.value) };
}

/** Whether launchd has a system job loaded right now (`launchctl print system/LABEL`, no admin needed). */
export async function launchdJobLoaded(host: Host, label: string): Promise<Answer<boolean>> {
  const args = ['print', `system/${label}`];
  const r = await run(host, MACOS_TOOL.launchctl, args);
  if (!r.ok) return r;
  const loaded = parseLaunchctlPrintJob(label, r.value.exitCode, r.value.stdout, r.value.stderr);
  return loaded === null
    ? { ok: false, reason: refused(MACOS_TOOL.launchctl, args, r.value) }
    : { ok: true, value: loaded };
}

/**
 * A switch of Sharing settings (Remote Login, Screen Sharing): on when its launchd override says enabled
 * (what older releases write) or launchd has the job loaded. macOS 26.5 was seen submitting the job through
 * smd with no override, and `launchctl load -F` loads one without it; launchd then listens on its port.
 */
export async function sharingSwitch(
  host: Host,
  overrides: Answer<Map<string, boolean>>,
  label: string,
): Promise<Answer<boolean>> {
  if (overrides.ok && overrides.value.get(label) === false) return { ok: true, value: true };
  return launchdJobLoaded(host, label);
}

/** Names and paths of every running program (all users: macOS ps shows them without admin). */
export async function runningPrograms(host: Host): Promise<Answer<Set<string>>> {
  const args = ['-A', '-o', 'comm='];
  const r = await run(host, MACOS_TOOL.ps, args);
  if (!r.ok) return r;
  return r.value.exitCode === 0
    ? { ok: true, value: parseProcessCommands(r.value.stdout) }
    : { ok: false, reason: refused(MACOS_TOOL.ps, args, r.value) };
}

/** Whether a file or folder is there; anything but "missing" that stops stat is a reason. */
export async function exists(host: Host, path: string): Promise<Answer<boolean>> {
  const r = await host.stat(path);
  if (r.status === 'ok') return { ok: true, value: true };
  if (r.status === 'missing') return { ok: true, value: false };
  return { ok: false, reason: `${path}: ${describeFailure(r)}` };
}

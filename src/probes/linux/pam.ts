import type { FileResult, Host } from '../../host/types.js';
import { unreadable } from '../tools.js';

// PAM stacks as libpam reads and runs them: the files of /etc/pam.d with their includes, and one run of a
// stack's lines through their controls. password_policy asks what a stack refuses; login_password whether a
// login stack lets someone in without a password.

/** One module line of a PAM stack file: `type control module args…`. */
export interface PamLine {
  /** auth, account, password or session (a leading `-`, "skip if the module is missing", removed). */
  type: string;
  /** The module's file name without its folder (`pam_faillock.so`). */
  module: string;
  args: string[];
}

/** `name=value` arguments of a PAM line as settings (they override the module's config file). */
export function pamArgs(line: PamLine): Map<string, string> {
  return new Map(
    line.args.map((arg) =>
      arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, ''],
    ),
  );
}

/** A module line of a PAM stack with its control field, as libpam runs it. */
export interface PamStackLine extends PamLine {
  /** `required`, `requisite`, `sufficient`, `optional`, or `[value=action …]`. */
  control: string;
}

/** Lines of a /etc/pam.d file with their control fields; `@include` lines stay as `{ include }`. */
export function parsePamStackFile(text: string): (PamStackLine | { include: string })[] {
  const out: (PamStackLine | { include: string })[] = [];
  for (const raw of text.replace(/\\\r?\n/g, ' ').split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const at = /^@include\s+(\S+)/.exec(line);
    if (at) {
      out.push({ include: at[1]! });
      continue;
    }
    const match = /^-?(\S+)\s+(\[[^\]]*\]|\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (!match) continue;
    // include/substack name a stack file (kept as written); a module is known by its file name.
    const including = match[2] === 'include' || match[2] === 'substack';
    out.push({
      type: match[1]!.toLowerCase(),
      control: match[2]!,
      module: including ? match[3]! : match[3]!.split('/').pop()!,
      args: match[4] ? match[4].split(/\s+/) : [],
    });
  }
  return out;
}

/** What a module returns in a simulated run, by the names PAM's `[value=action]` controls use. */
export type PamResult = 'success' | 'auth_err' | 'authtok_err' | 'ignore';

// What the simple controls mean in `[value=action]` terms (pam.conf(5)).
const SIMPLE_CONTROLS: Record<string, Record<string, string>> = {
  required: { success: 'ok', new_authtok_reqd: 'ok', ignore: 'ignore', default: 'bad' },
  requisite: { success: 'ok', new_authtok_reqd: 'ok', ignore: 'ignore', default: 'die' },
  sufficient: { success: 'done', new_authtok_reqd: 'done', default: 'ignore' },
  optional: { success: 'ok', new_authtok_reqd: 'ok', default: 'ignore' },
};

function controlActions(control: string): Record<string, string> {
  const simple = SIMPLE_CONTROLS[control.toLowerCase()];
  if (simple) return simple;
  const actions: Record<string, string> = {};
  for (const pair of control
    .replace(/^\[|\]$/g, '')
    .split(/\s+/)
    .filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq > 0) actions[pair.slice(0, eq).toLowerCase()] = pair.slice(eq + 1).toLowerCase();
  }
  return actions;
}

/**
 * One run of a PAM stack as libpam's dispatcher makes it (_pam_dispatch_aux): each module's result
 * maps through its control to ok, done, bad, die, ignore, reset or a jump of N lines; the stack
 * succeeds only when something said ok/done and nothing said bad/die. `result` gives each line's
 * outcome. Returns whether the stack succeeds and which lines ran.
 */
export function runPamStack(
  lines: readonly PamStackLine[],
  result: (line: PamStackLine, index: number) => PamResult,
): { success: boolean; ran: number[] } {
  let impression: 'undef' | 'positive' | 'negative' = 'undef';
  let statusOk = false;
  const ran: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    ran.push(i);
    const r = result(line, i);
    const actions = controlActions(line.control);
    const action = actions[r] ?? actions.default ?? (r === 'ignore' ? 'ignore' : 'bad');
    if (action === 'ok' || action === 'done') {
      if ((impression === 'undef' || (impression === 'positive' && statusOk)) && r !== 'ignore') {
        impression = 'positive';
        statusOk = r === 'success';
      }
      if (impression === 'positive' && action === 'done') break;
    } else if (action === 'bad' || action === 'die') {
      if (impression !== 'negative') {
        impression = 'negative';
        statusOk = false;
      }
      if (action === 'die') break;
    } else if (action === 'reset') {
      impression = 'undef';
      statusOk = false;
    } else if (/^\d+$/.test(action)) {
      i += Number(action);
    }
  }
  return { success: impression === 'positive' && statusOk, ran };
}

const PAM_DIR = '/etc/pam.d';
/** The services people log in through: the console, sshd, and the login screens of gdm, lightdm and sddm. */
export const LOGIN_SERVICES = ['login', 'sshd', 'gdm-password', 'lightdm', 'sddm'];
/** libpam's own limit on nested include/substack. */
const MAX_PAM_DEPTH = 16;

export type PamStack = { service: string; lines: PamStackLine[] };
export type PamStacks = { ok: true; stacks: PamStack[] } | { ok: false; reason: string };

// Each PAM file read once per host (a host serves one scan): password_policy and login_password run the same stacks.
const pamFiles = new WeakMap<Host, Map<string, Promise<FileResult>>>();

function readPamFile(host: Host, path: string): Promise<FileResult> {
  const files = pamFiles.get(host) ?? new Map<string, Promise<FileResult>>();
  pamFiles.set(host, files);
  const file = files.get(path) ?? host.readFile(path);
  files.set(path, file);
  return file;
}

const REFUSES_EVERYONE = '(PAM then refuses everyone)';

/** Whether pamStacks' reason is a stack libpam cannot load: it lets nobody in (its file includes a missing one). */
export const refusesEveryone = (reason: string) => reason.endsWith(REFUSES_EVERYONE);

/**
 * The `type` lines of each service's stack, includes expanded in place (`@include FILE` takes every
 * line of FILE, `include`/`substack FILE` its lines of the same type; a substack's done/die are read
 * as the caller's, which can only make a module count less). A file that cannot be read makes it unknown.
 */
export async function pamStacks(
  host: Host,
  type: string,
  services: readonly string[],
  fallback: readonly string[],
): Promise<PamStacks> {
  const read = async (name: string) => {
    const path = name.startsWith('/') ? name : `${PAM_DIR}/${name}`;
    return { path, file: await readPamFile(host, path) };
  };
  const expand = async (name: string, depth: number, only: string | null): Promise<PamStackLine[] | string> => {
    const { path, file } = await read(name);
    if (file.status !== 'ok')
      return file.status === 'missing'
        ? `${path} is included but missing ${REFUSES_EVERYONE}`
        : unreadable(host, path, file);
    if (depth > MAX_PAM_DEPTH) return `${path}: includes nested more than ${MAX_PAM_DEPTH} deep`;
    const out: PamStackLine[] = [];
    for (const entry of parsePamStackFile(file.text)) {
      if ('include' in entry) {
        const inner = await expand(entry.include, depth + 1, only);
        if (typeof inner === 'string') return inner;
        out.push(...inner);
      } else if (only !== null && entry.type !== only) continue;
      else if (entry.control === 'include' || entry.control === 'substack') {
        const inner = await expand(entry.module, depth + 1, entry.type);
        if (typeof inner === 'string') return inner;
        out.push(...inner);
      } else out.push(entry);
    }
    return out;
  };
  const present = (
    await Promise.all(services.map(async (s) => ((await read(s)).file.status !== 'missing' ? s : null)))
  ).filter((s): s is string => s !== null);
  const roots =
    present.length > 0
      ? present
      : (await Promise.all(fallback.map(async (s) => ((await read(s)).file.status !== 'missing' ? s : null)))).filter(
          (s): s is string => s !== null,
        );
  // Asked for the services alone (no fallback): none there is no stack to run, not a gap.
  if (roots.length === 0 && fallback.length === 0) return { ok: true, stacks: [] };
  if (roots.length === 0)
    return {
      ok: false,
      reason: `no PAM configuration found (${[...services, ...fallback].map((s) => `${PAM_DIR}/${s}`).join(', ')})`,
    };
  const stacks: PamStack[] = [];
  for (const service of roots) {
    const lines = await expand(service, 0, type);
    if (typeof lines === 'string') return { ok: false, reason: lines };
    stacks.push({ service, lines });
  }
  return { ok: true, stacks };
}

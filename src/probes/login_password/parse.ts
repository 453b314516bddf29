// Pure parsers for the login_password probe: text in, values out.

import { maskPasswordField } from '../../host/types.js';
import { type PamResult, type PamStackLine, runPamStack } from '../linux/pam.js';
import { type ConfigFile, splitCommandLine } from '../linux/parse.js';

export type PasswordState = 'set' | 'empty' | 'locked';

/**
 * The password field of /etc/shadow (or of /etc/passwd when it holds the hash): empty means anyone
 * can log in without a password; `!` or `*` in front means no password login (locked, or never set).
 */
export function classifyPasswordField(field: string): PasswordState {
  if (field === '') return 'empty';
  if (field.startsWith('!') || field.startsWith('*')) return 'locked';
  return 'set';
}

/**
 * name -> password field of /etc/shadow, as getspnam finds it: leading blanks and `#` lines are
 * skipped and the FIRST entry of a name wins (a later duplicate is never consulted by PAM).
 */
export function parseShadow(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const parts = line.trimStart().split(':');
    const name = parts[0];
    if (parts.length < 2 || !name || name.startsWith('#') || fields.has(name)) continue;
    fields.set(name, parts[1] ?? '');
  }
  return fields;
}

/**
 * `passwd -S NAME` prints `NAME STATUS DATE MIN MAX WARN INACTIVE`; STATUS is P/PS (usable
 * password), NP (no password) or L/LK (locked). Returns null when the line is not that.
 */
export function parsePasswdStatus(text: string, name: string): PasswordState | null {
  const line = text.split('\n').find((l) => l.trim() !== '');
  const [user, status] = line?.trim().split(/\s+/) ?? [];
  if (user !== name) return null;
  switch (status) {
    case 'P':
    case 'PS':
      return 'set';
    case 'NP':
      return 'empty';
    case 'L':
    case 'LK':
      return 'locked';
    default:
      return null;
  }
}

/**
 * Masks password hashes in /etc/shadow or /etc/passwd text for record bundles, keeping what
 * classifyPasswordField needs (maskPasswordField).
 */
export function redactPasswordFields(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const parts = line.split(':');
      if (parts.length < 2) return line;
      parts[1] = maskPasswordField(parts[1]!);
      return parts.join(':');
    })
    .join('\n');
}

/** section -> key -> value of an INI-style key file (GKeyFile / QSettings as the display managers use). */
export type KeyFile = Map<string, Map<string, string>>;

/** Parses `[section]` and `key=value` lines; `#` and `;` lines are comments; keys outside a section are dropped. */
export function parseKeyFile(text: string): KeyFile {
  const sections: KeyFile = new Map();
  let current: Map<string, string> | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1] !== undefined) {
      const name = header[1].trim();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0 || !current) continue;
    current.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return sections;
}

export interface AutoLogin {
  /** The account logged in without a password. */
  user: string;
}

// GDM reads booleans leniently: "true", "True", "yes" and non-zero numbers all switch a key on.
function gdmTrue(value: string | undefined): boolean {
  if (!value) return false;
  return /^[tTyY]/.test(value) || (/^-?\d+$/.test(value) && Number(value) !== 0);
}

/**
 * gdm's custom.conf / daemon.conf: [daemon] AutomaticLoginEnable + AutomaticLogin, or
 * TimedLoginEnable + TimedLogin (the login screen waits a few seconds, then logs in by itself).
 */
export function parseGdmAutoLogin(text: string): AutoLogin | null {
  const daemon = parseKeyFile(text).get('daemon');
  if (!daemon) return null;
  const user = daemon.get('AutomaticLogin');
  if (gdmTrue(daemon.get('AutomaticLoginEnable')) && user) return { user };
  const timedUser = daemon.get('TimedLogin');
  if (gdmTrue(daemon.get('TimedLoginEnable')) && timedUser) return { user: timedUser };
  return null;
}

export interface SourcedAutoLogin extends AutoLogin {
  /** The config file whose setting turns auto-login on. */
  source: string;
}

/**
 * LightDM merges its files in order, later keys replacing earlier ones; `[SeatDefaults]` is the
 * old name of `[Seat:*]`, and a `[Seat:NAME]` key overrides `[Seat:*]` for that seat. Auto-login
 * is on when any seat ends up with a non-empty autologin-user, or with autologin-guest=true.
 */
export function parseLightdmAutoLogin(files: readonly ConfigFile[]): SourcedAutoLogin | null {
  const seats = new Map<string, Map<string, { value: string; source: string }>>();
  for (const file of files) {
    for (const [section, keys] of parseKeyFile(file.text)) {
      const seat = section === 'SeatDefaults' ? 'Seat:*' : section;
      if (!seat.startsWith('Seat:')) continue;
      const merged = seats.get(seat) ?? new Map();
      seats.set(seat, merged);
      for (const [key, value] of keys) merged.set(key, { value, source: file.path });
    }
  }
  const defaults = seats.get('Seat:*');
  for (const keys of seats.values()) {
    const get = (key: string) => keys.get(key) ?? defaults?.get(key);
    const user = get('autologin-user');
    if (user?.value) return { user: user.value, source: user.source };
    const guest = get('autologin-guest');
    if (guest?.value === 'true' || guest?.value === '1') return { user: 'guest', source: guest.source };
  }
  return null;
}

/** SDDM merges its files in order too; `[Autologin] User=` non-empty logs that user in. */
export function parseSddmAutoLogin(files: readonly ConfigFile[]): SourcedAutoLogin | null {
  let found: { value: string; source: string } | undefined;
  for (const file of files) {
    const user = parseKeyFile(file.text).get('Autologin')?.get('User');
    if (user !== undefined) found = { value: user, source: file.path };
  }
  return found?.value ? { user: found.value, source: found.source } : null;
}

/**
 * greetd's config.toml: an `[initial_session]` is started once when greetd starts, as its `user`, without asking
 * (greetd(1): "serving the purpose of auto-login"). TOML strings are quoted; comments start with `#`.
 */
export function parseGreetdAutoLogin(text: string): AutoLogin | null {
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^([^"#]*(?:"[^"]*"[^"#]*)*)#.*$/, '$1').trim();
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) section = header[1]!;
    const user = /^user\s*=\s*"([^"]*)"$/.exec(line)?.[1];
    if (section === 'initial_session' && user) return { user };
  }
  return null;
}

/** LXDM: `[base] autologin=USER`. */
export function parseLxdmAutoLogin(text: string): AutoLogin | null {
  const user = parseKeyFile(text).get('base')?.get('autologin');
  return user ? { user } : null;
}

// agetty's short options that take an argument (its getopt string "8a:cC:d:Ef:hH:iI:Jl:L::mnNo:pP:r:Rst:Uw").
const AGETTY_ARG_OPTIONS = new Set(['C', 'd', 'f', 'H', 'I', 'l', 'o', 'P', 'r', 't']);
const GETTYS = new Set(['agetty', 'getty', 'mingetty']);

/**
 * The account a getty logs in without asking (`agetty --autologin USER`, `-a USER`, `-aUSER`,
 * mingetty's `--autologin USER`), or null. systemd's prefixes (`-`, `@`, `+`, `!`, `:`) are dropped.
 */
export function gettyAutoLoginUser(command: string): string | null {
  const [program = '', ...args] = splitCommandLine(command.replace(/^[-@+!:]+/, ''));
  if (!GETTYS.has(program.split('/').pop() ?? '')) return null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (arg === '--autologin' || arg.startsWith('--autologin='))
      return (arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[i + 1]) || null;
    if (!arg.startsWith('-') || arg.startsWith('--')) continue;
    for (let c = 1; c < arg.length; c++) {
      const option = arg[c]!;
      if (option === 'a') return arg.slice(c + 1) || args[i + 1] || null;
      if (AGETTY_ARG_OPTIONS.has(option)) {
        if (c === arg.length - 1) i++;
        break;
      }
    }
  }
  return null;
}

/** A local macOS account: its short name and user id. */
export interface MacUser {
  name: string;
  uid: number;
}

/** `dscl . -list /Users UniqueID`: one `name  uid` line per account; null when a line is not that. */
export function parseDsclUniqueIds(text: string): MacUser[] | null {
  const users: MacUser[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const m = /^(\S+)\s+(-?\d+)\s*$/.exec(line);
    if (!m) return null;
    users.push({ name: m[1]!, uid: Number(m[2]) });
  }
  return users.length > 0 ? users : null;
}

/** The accounts a person logs in with: macOS gives them user ids from 501; system accounts start with `_`. */
export const isMacPersonAccount = (user: MacUser) => user.uid >= 501 && !user.name.startsWith('_');

/** `dscl . -readpl /Users/NAME accountPolicyData failedLoginCount`: failed logins since the last good one. */
export function parseFailedLoginCount(text: string): number | null {
  const m = /^failedLoginCount:\s*(\d+)\s*$/m.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * What dscl's interactive mode printed for `authonly NAME PASSWORD` followed by `read /Users/NAME
 * RecordName` (which proves the commands were read): a wrong password (eDSAuthFailed, -14090), the
 * password (no failure, then the record), or anything else with its first line.
 */
export function authonlyOutcome(stdout: string, stderr: string, name: string): 'wrong' | 'match' | { other: string } {
  const text = `${stdout}\n${stderr}`;
  if (/eDSAuthFailed|-14090\b/.test(text)) return 'wrong';
  const said = text.split('\n').find((l) => l.trim() && !l.startsWith('RecordName:'));
  const record = stdout.split('\n').some((l) => l.replace(/\s+/g, ' ').trim() === `RecordName: ${name}`);
  if (!said && record) return 'match';
  return { other: said?.trim() ?? 'dscl printed nothing shop-audit knows' };
}

/** An account as a login's PAM modules see it. */
export interface LoginAccount {
  name: string;
  uid: number;
  gid: number;
  shell: string;
  /** Every group it is in by name: its primary group and every /etc/group line listing it. */
  groups: ReadonlySet<string>;
}

// What modules of a login's auth stack return for someone who gives no password (or a wrong one).
// Each needs a password or another factor (a finger, a key), and refuses without it.
const NEEDS_A_FACTOR = new Set(
  [
    'unix',
    'unix2',
    'sss',
    'ldap',
    'winbind',
    'krb5',
    'systemd_home',
    'fprintd',
    'u2f',
    'yubico',
    'pkcs11',
    'p11',
    'google_authenticator',
    'oath',
    'howdy',
    'deny',
  ].map((m) => `pam_${m}.so`),
);
// Each lets anyone in: pam_rootok too, as the login services (gdm, lightdm, sddm, login, sshd) run as root.
const LETS_IN = new Set(['pam_permit.so', 'pam_rootok.so', 'pam_localuser.so']);
// Each decides nothing about who someone is (it succeeds, or is ignored, whatever the password).
const NEUTRAL = new Set(
  [
    'nologin',
    'env',
    'faildelay',
    'cap',
    'selinux',
    'loginuid',
    'keyinit',
    'limits',
    'group',
    'securetty',
    'shells',
    'gnome_keyring',
    'kwallet',
    'kwallet5',
    'mount',
    'ecryptfs',
    'warn',
    'echo',
    'umask',
  ].map((m) => `pam_${m}.so`),
);

/**
 * pam_succeed_if's conditions on this account (all must hold); null when one is of a kind not read here. With
 * `use_uid` they are on the program that asks instead: root for every login service (`caller`, the first account of
 * uid 0 as getpwuid finds it; null when there is none).
 */
export function succeedIf(
  args: readonly string[],
  account: LoginAccount,
  service: string,
  caller: LoginAccount | null,
): boolean | null {
  const options = new Set(['debug', 'use_uid', 'quiet', 'quiet_fail', 'quiet_success', 'audit']);
  const who = args.includes('use_uid') ? caller : account;
  if (!who) return null;
  const words = args.filter((a) => !options.has(a));
  if (words.length % 3 !== 0) return null;
  let holds = true;
  for (let i = 0; i < words.length; i += 3) {
    const [field, test, value] = [words[i]!, words[i + 1]!, words[i + 2]!];
    const list = value.split(':');
    const text: Record<string, string> = { user: who.name, login: who.name, shell: who.shell, service };
    const number: Record<string, number> = { uid: who.uid, gid: who.gid };
    let result: boolean | null = null;
    if (field in number && /^-?\d+$/.test(value)) {
      const [a, b] = [number[field]!, Number(value)];
      const compare: Record<string, boolean> = {
        '<': a < b,
        lt: a < b,
        '<=': a <= b,
        le: a <= b,
        eq: a === b,
        '>=': a >= b,
        ge: a >= b,
        '>': a > b,
        gt: a > b,
        ne: a !== b,
      };
      result = compare[test] ?? null;
    } else if (field in text) {
      const own = text[field]!;
      if (test === '=') result = own === value;
      else if (test === '!=') result = own !== value;
      else if (test === 'in') result = list.includes(own);
      else if (test === 'notin') result = !list.includes(own);
      else if ((field === 'user' || field === 'login') && test === 'ingroup')
        result = list.some((g) => who.groups.has(g));
      else if ((field === 'user' || field === 'login') && test === 'notingroup')
        result = !list.some((g) => who.groups.has(g));
    }
    if (result === null) return null;
    holds &&= result;
  }
  return holds;
}

/**
 * Whether a login's auth stack lets this account in without its password, run as libpam runs it: every module
 * that needs a password (or another factor) refuses. Modules not known here are tried both ways: `unsure` names
 * one when the answer depends on it.
 */
export function letsInWithoutPassword(
  lines: readonly PamStackLine[],
  account: LoginAccount,
  service: string,
  caller: LoginAccount | null,
): boolean | { unsure: string } {
  // Set inside the runs below (typed so, as TypeScript does not follow assignments in callbacks).
  let unsure = null as string | null;
  // A module that succeeds or is ignored can still decide, when its control treats the two apart: each is named.
  const neutral = new Set<string>();
  const run = (generous: boolean) =>
    runPamStack(lines, (line): PamResult => {
      if (NEEDS_A_FACTOR.has(line.module)) return 'auth_err';
      if (LETS_IN.has(line.module)) return 'success';
      // pam_faillock refuses with `authfail` (a failure was just counted); its other steps decide nothing.
      if (NEUTRAL.has(line.module) || (line.module === 'pam_faillock.so' && !line.args.includes('authfail'))) {
        neutral.add(line.module);
        return generous ? 'success' : 'ignore';
      }
      // Fedora's gdm-password starts with it: it lets in only the SELinux guest accounts /etc/security/sepermit.conf
      // names (xguest), and is ignored for everyone else.
      if (line.module === 'pam_selinux_permit.so') return 'ignore';
      if (line.module === 'pam_faillock.so') return 'auth_err';
      const holds = line.module === 'pam_succeed_if.so' ? succeedIf(line.args, account, service, caller) : null;
      if (holds !== null) return holds ? 'success' : 'auth_err';
      unsure ??= line.module === 'pam_succeed_if.so' ? `pam_succeed_if.so ${line.args.join(' ')}` : line.module;
      return generous ? 'success' : 'auth_err';
    }).success;
  if (!run(true)) return false;
  if (run(false)) return true;
  // Only the modules named above answer differently in the two runs.
  return { unsure: unsure ?? [...neutral].join(', ') };
}

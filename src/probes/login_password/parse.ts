import { loginDefsNumber } from '../linux/parse.js';

// Pure parsers for the login_password probe: text in, values out.

export type PasswordState = 'set' | 'empty' | 'locked';

export interface PasswdEntry {
  name: string;
  uid: number;
  /** Field 2 of /etc/passwd: `x` means "look in /etc/shadow", anything else is the hash itself. */
  password: string;
  shell: string;
}

/** /etc/passwd lines (name:password:uid:gid:gecos:home:shell); malformed lines and NIS `+`/`-` entries are skipped. */
export function parsePasswd(text: string): PasswdEntry[] {
  const entries: PasswdEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields.length < 7) continue;
    const [name = '', password = '', uidText = ''] = fields;
    if (!name || name.startsWith('+') || name.startsWith('-') || !/^\d+$/.test(uidText)) continue;
    // An empty shell field means /bin/sh (passwd(5)).
    entries.push({ name, uid: Number(uidText), password, shell: fields[6]?.trim() || '/bin/sh' });
  }
  return entries;
}

/** UID_MIN from /etc/login.defs, or null when the file does not set it. */
export function parseLoginDefsUidMin(text: string): number | null {
  return loginDefsNumber(text, 'UID_MIN');
}

// Shells that refuse an interactive login. Everything else counts as a login shell: login(1) and
// sshd do not require the shell to be listed in /etc/shells, so that list cannot rule an account out.
const NO_LOGIN_SHELLS = new Set(['nologin', 'false', 'sync', 'shutdown', 'halt']);

/** root (every uid 0 account), and accounts from UID_MIN up that have a login shell, except nobody. */
export function isHumanAccount(entry: PasswdEntry, uidMin: number): boolean {
  if (entry.uid === 0) return true;
  if (entry.uid < uidMin || entry.uid === 65534 || entry.name === 'nobody') return false;
  return !NO_LOGIN_SHELLS.has(entry.shell.split('/').pop() ?? '');
}

/**
 * The password field of /etc/shadow (or of /etc/passwd when it holds the hash): empty means anyone
 * can log in without a password; `!` or `*` in front means no password login (locked, or never set).
 */
export function classifyPasswordField(field: string): PasswordState {
  if (field === '') return 'empty';
  if (field.startsWith('!') || field.startsWith('*')) return 'locked';
  return 'set';
}

/** name -> password field of /etc/shadow. */
export function parseShadow(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const parts = line.split(':');
    if (parts.length < 2 || !parts[0]) continue;
    fields.set(parts[0], parts[1] ?? '');
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
 * classifyPasswordField needs: an empty field stays empty, a leading `!`/`*` stays, `x` stays.
 */
export function redactPasswordFields(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const parts = line.split(':');
      const field = parts[1];
      if (parts.length < 2 || field === undefined || field === '' || field === 'x') return line;
      const prefix = /^[!*]*/.exec(field)?.[0] ?? '';
      parts[1] = prefix.length === field.length ? field : `${prefix}REDACTED`;
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

export interface ConfigFile {
  path: string;
  text: string;
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

/** LXDM: `[base] autologin=USER`. */
export function parseLxdmAutoLogin(text: string): AutoLogin | null {
  const user = parseKeyFile(text).get('base')?.get('autologin');
  return user ? { user } : null;
}

// Pure parsers of Linux files and tool output shared by several probes.

/** Parses /etc/os-release (KEY=value lines, values optionally quoted with shell escapes). */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    let value = m[2]!.trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\(["\\$`])/g, '$1');
    }
    out[m[1]!] = value;
  }
  return out;
}

/**
 * `systemctl list-unit-files --no-legend` lines: `UNIT STATE [PRESET]`. Null when any line is not
 * of that form: output we do not understand must not read as "nothing is enabled".
 */
export function parseListUnitFiles(text: string): Map<string, string> | null {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const m = /^(\S+\.[a-z]+)\s+([a-z-]+)(?:\s+[a-z-]+)?$/.exec(line.trim());
    if (!m) return null;
    out.set(m[1]!, m[2]!);
  }
  return out;
}

/**
 * Whether a unit-file state means the unit starts at boot by itself. `indirect` on a template
 * (`name@.service`) means an instance (`name@:1.service`) is enabled; on another unit it means a
 * unit named in Also= is, and those are looked up by their own names.
 */
export function unitStateStartsAtBoot(unit: string, state: string): boolean {
  if (state === 'enabled' || state === 'enabled-runtime') return true;
  return state === 'indirect' && /@\.[a-z]+$/.test(unit);
}

/** A whole-number setting of /etc/login.defs (`KEY value`), or null when the file does not set it. */
export function loginDefsNumber(text: string, key: string): number | null {
  const match = new RegExp(`^[ \\t]*${key}[ \\t]+(-?\\d+)[ \\t]*$`, 'm').exec(text);
  return match ? Number(match[1]) : null;
}

export interface PasswdEntry {
  name: string;
  uid: number;
  /** The primary group's id: the account is in that group without being listed in /etc/group. */
  gid: number;
  /** Field 2 of /etc/passwd: `x` means "look in /etc/shadow", anything else is the hash itself. */
  password: string;
  shell: string;
}

/**
 * /etc/passwd as glibc's nss_files reads it: leading blanks and `#` lines are skipped, a line needs
 * name, password, uid and gid (gecos, home and shell may be missing), and when a name appears twice
 * getpwnam answers with the FIRST entry, so later ones are dropped. NIS `+`/`-` entries are skipped.
 */
export function parsePasswd(text: string): PasswdEntry[] {
  const entries = new Map<string, PasswdEntry>();
  for (const line of text.split('\n')) {
    const fields = line.trimStart().split(':');
    if (fields.length < 4) continue;
    const [name = '', password = '', uidText = '', gidText = ''] = fields;
    if (!name || name.startsWith('#') || name.startsWith('+') || name.startsWith('-')) continue;
    // strtoul as glibc calls it: leading blanks allowed, nothing after the digits.
    if (!/^\s*\d+$/.test(uidText) || !/^\s*\d+$/.test(gidText) || entries.has(name)) continue;
    // An empty shell field means /bin/sh (passwd(5)).
    entries.set(name, {
      name,
      uid: Number(uidText),
      gid: Number(gidText),
      password,
      shell: fields.slice(6).join(':').trim() || '/bin/sh',
    });
  }
  return [...entries.values()];
}

export interface GroupEntry {
  name: string;
  gid: number;
  /** The accounts listed in the fourth field (supplementary members). */
  members: string[];
}

/**
 * /etc/group (`name:password:gid:member,member`), every entry in file order: a login's groups
 * (glibc's initgroups) come from every line that lists the account, not only a name's first line.
 * Blanks before a member are skipped as glibc does; `#` and NIS lines skipped.
 */
export function parseGroup(text: string): GroupEntry[] {
  const entries: GroupEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trimStart().split(':');
    if (fields.length < 3) continue;
    const [name = '', , gidText = '', members = ''] = fields;
    if (!name || /^[#+-]/.test(name) || !/^\s*\d+$/.test(gidText)) continue;
    const listed = members.split(',').map((m) => m.trimStart());
    entries.push({ name, gid: Number(gidText), members: listed.filter(Boolean) });
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

/** Whether the account's shell lets a person in (anything but nologin, false and the like). */
export const hasLoginShell = (entry: PasswdEntry) => !NO_LOGIN_SHELLS.has(entry.shell.split('/').pop() ?? '');

/** root (every uid 0 account), and accounts from UID_MIN up that have a login shell, except nobody. */
export function isHumanAccount(entry: PasswdEntry, uidMin: number): boolean {
  if (entry.uid === 0) return true;
  if (entry.uid < uidMin || entry.uid === 65534 || entry.name === 'nobody') return false;
  return hasLoginShell(entry);
}

/** The octal escapes the kernel writes for space, tab, newline and backslash in /proc paths. */
export function unescapeProcPath(value: string): string {
  return value.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

export interface Mount {
  mountPoint: string;
  fsType: string;
  source: string;
}

/** /proc/self/mountinfo: `id parent major:minor root mountpoint options [optional…] - fstype source superoptions`. */
export function parseMountInfo(output: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of output.split('\n')) {
    const fields = line.trim().split(' ');
    const dash = fields.indexOf('-');
    if (fields.length < 7 || dash < 6 || dash + 2 >= fields.length) continue;
    mounts.push({
      mountPoint: unescapeProcPath(fields[4]!),
      fsType: fields[dash + 1]!,
      source: unescapeProcPath(fields[dash + 2]!),
    });
  }
  return mounts;
}

/** A configuration file as read: where it is and what it says. */
export interface ConfigFile {
  path: string;
  text: string;
}

/** `Key=value` lines of the [Service] section of a unit file and its drop-ins, in the order systemd applies them. */
function serviceLines(files: readonly ConfigFile[]): { key: string; value: string; source: string }[] {
  const out: { key: string; value: string; source: string }[] = [];
  for (const file of files) {
    let section = '';
    // A line ending in `\` continues on the next.
    for (const raw of file.text.replace(/\\\r?\n/g, ' ').split('\n')) {
      const line = raw.trim();
      if (!line || line.startsWith('#') || line.startsWith(';')) continue;
      const header = /^\[(.+)\]$/.exec(line);
      if (header) section = header[1]!;
      const m = /^([A-Za-z]+)\s*=\s*(.*)$/.exec(line);
      if (section === 'Service' && m) out.push({ key: m[1]!, value: m[2]!, source: file.path });
    }
  }
  return out;
}

/**
 * The command line a systemd service runs, as its unit file and drop-ins (in the order systemd
 * applies them) leave it: `ExecStart=` with no value empties the list, every other line adds one.
 * Returns the last command, or null when none is left.
 */
export function effectiveExecStart(files: readonly ConfigFile[]): { command: string; source: string } | null {
  let found: { command: string; source: string } | null = null;
  for (const { key, value, source } of serviceLines(files))
    if (key === 'ExecStart') found = value ? { command: value, source } : null;
  return found;
}

/**
 * A service's environment as its unit file and drop-ins set it: `Environment=` assignments and the
 * `EnvironmentFile=` files (a leading `-`, "it may be missing", dropped); an empty value of either clears it.
 */
export function serviceEnvironment(files: readonly ConfigFile[]): {
  assignments: Map<string, string>;
  files: string[];
} {
  const assignments = new Map<string, string>();
  let envFiles: string[] = [];
  for (const { key, value } of serviceLines(files)) {
    if (key === 'Environment') {
      if (!value) assignments.clear();
      for (const word of splitCommandLine(value)) {
        const eq = word.indexOf('=');
        if (eq > 0) assignments.set(word.slice(0, eq), word.slice(eq + 1));
      }
    } else if (key === 'EnvironmentFile') {
      if (!value) envFiles = [];
      else envFiles.push(value.replace(/^-/, ''));
    }
  }
  return { assignments, files: envFiles };
}

/**
 * An EnvironmentFile (systemd.exec(5)): `KEY=value` lines, `#` and `;` comments, the value's quotes
 * removed; a later assignment replaces an earlier one.
 */
export function parseEnvironmentFile(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(raw);
    if (m) values.set(m[1]!, m[2]!.replace(/^(["'])(.*)\1$/, '$2'));
  }
  return values;
}

/**
 * Words of a unit file's command line: systemd's quoting with '…' and "…" and backslash escapes. With
 * `variables`, a word that is `$NAME` alone becomes the words of its value, `${NAME}` anywhere its value
 * (systemd.service(5), "Command lines").
 */
export function splitCommandLine(text: string, variables?: ReadonlyMap<string, string>): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|((?:[^\s"'\\]|\\.)+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const whole = variables && m[3] ? /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(m[3])?.[1] : undefined;
    if (whole !== undefined) {
      words.push(...(variables?.get(whole) ?? '').split(/\s+/).filter(Boolean));
      continue;
    }
    const word = (m[1] ?? m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1');
    words.push(
      variables ? word.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, n: string) => variables.get(n) ?? '') : word,
    );
  }
  return words;
}

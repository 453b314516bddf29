// Pure parsers for the remote_access probe: text in, values out.

export type PermitRootLogin = 'yes' | 'prohibit-password' | 'forced-commands-only' | 'no';

/** The sshd settings this probe reads, by the lower-case keyword sshd uses. */
export interface SshSettings {
  permitRootLogin: PermitRootLogin | null;
  passwordAuthentication: boolean | null;
  permitEmptyPasswords: boolean | null;
  /** Keyboard-interactive logins, which ask for the account's password when they go through PAM. */
  kbdInteractiveAuthentication: boolean | null;
  usePam: boolean | null;
}
export type SshSettingName = keyof SshSettings;
/** The settings the probe reports; its passwordAuthentication says whether sshd accepts passwords at all. */
export type ReportedSshSettings = Pick<
  SshSettings,
  'permitRootLogin' | 'passwordAuthentication' | 'permitEmptyPasswords'
>;

export const SSH_KEYWORD: Record<SshSettingName, string> = {
  permitRootLogin: 'permitrootlogin',
  passwordAuthentication: 'passwordauthentication',
  permitEmptyPasswords: 'permitemptypasswords',
  kbdInteractiveAuthentication: 'kbdinteractiveauthentication',
  usePam: 'usepam',
};

/** The setting a lower-case sshd keyword sets, if it is one this probe reads. */
export function sshSettingOf(keyword: string): SshSettingName | undefined {
  // OpenSSH 8.7 made ChallengeResponseAuthentication another name of KbdInteractiveAuthentication.
  if (keyword === 'challengeresponseauthentication') return 'kbdInteractiveAuthentication';
  return (Object.keys(SSH_KEYWORD) as SshSettingName[]).find((name) => SSH_KEYWORD[name] === keyword);
}

/** What sshd uses when a keyword is absent (OpenSSH ≥ 7.0, sshd_config(5); UsePAM is off unless a file sets it). */
export const SSHD_DEFAULTS: { [K in SshSettingName]: NonNullable<SshSettings[K]> } = {
  permitRootLogin: 'prohibit-password',
  passwordAuthentication: true,
  permitEmptyPasswords: false,
  kbdInteractiveAuthentication: true,
  usePam: false,
};

/**
 * A setting's value in `sshd -T` output. OpenSSH before 8.7 prints ChallengeResponseAuthentication beside
 * KbdInteractiveAuthentication and lets either start keyboard-interactive; a build without PAM prints no usepam.
 */
export function sshdTestValue(dump: ReadonlyMap<string, string>, name: SshSettingName): string | undefined {
  if (name === 'usePam') return dump.get('usepam') ?? 'no';
  const raw = dump.get(SSH_KEYWORD[name]);
  if (name !== 'kbdInteractiveAuthentication') return raw;
  const challengeResponse = dump.get('challengeresponseauthentication');
  return challengeResponse?.toLowerCase() === 'yes' ? challengeResponse : (raw ?? challengeResponse);
}

/**
 * A setting's value as sshd reads it (case-insensitive), or undefined when sshd would reject it.
 * `without-password` is the old name of `prohibit-password`; sshd -T of OpenSSH 9.2 still prints it.
 */
export function parseSshSettingValue<K extends SshSettingName>(
  name: K,
  raw: string,
): NonNullable<SshSettings[K]> | undefined {
  const v = raw.toLowerCase();
  if (name === 'permitRootLogin') {
    const value = v === 'without-password' ? 'prohibit-password' : v;
    return (['yes', 'prohibit-password', 'forced-commands-only', 'no'].includes(value) ? value : undefined) as
      | NonNullable<SshSettings[K]>
      | undefined;
  }
  if (v === 'yes') return true as NonNullable<SshSettings[K]>;
  if (v === 'no') return false as NonNullable<SshSettings[K]>;
  return undefined;
}

export interface SshdDirective {
  /** Lower-case keyword, e.g. `include`, `match`, `permitrootlogin`. */
  keyword: string;
  args: string[];
  line: number;
}

/**
 * Splits sshd_config text into directives: `Keyword value...` or `Keyword=value`, `#` comments,
 * double-quoted arguments (sshd's argv_split).
 */
export function parseSshdConfig(text: string): SshdDirective[] {
  const out: SshdDirective[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^([A-Za-z][A-Za-z0-9]*)(?:\s*=\s*|\s+|$)(.*)$/.exec(line);
    if (!m) return;
    out.push({ keyword: m[1]!.toLowerCase(), args: splitArgs(m[2]!), line: i + 1 });
  });
  return out;
}

function splitArgs(rest: string): string[] {
  const args: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    const arg = m[1] ?? m[2]!;
    // An unquoted `#` starts a trailing comment.
    if (m[2]?.startsWith('#')) break;
    args.push(arg);
  }
  return args;
}

/**
 * Whether a Match line applies without a connection: only `Match all` does. sshd -T without -C
 * evaluates the global configuration the same way.
 */
export function matchAppliesGlobally(args: readonly string[]): boolean {
  return args.length === 1 && args[0]!.toLowerCase() === 'all';
}

/** Whether a Match line applies to every connection: `Match all`, or each criterion's pattern is just `*`. */
export function matchAppliesToEveryone(args: readonly string[]): boolean {
  if (matchAppliesGlobally(args)) return true;
  const pairs = matchCriteria(args);
  return pairs !== null && pairs.length > 0 && pairs.every(([, pattern]) => pattern === '*');
}

/** `Match User bob Address 10.0.0.0/8` as [criterion (lower-case), pattern] pairs; null when the line is not pairs. */
export function matchCriteria(args: readonly string[]): [string, string][] | null {
  const words = args.flatMap((a) => (a.includes('=') ? a.split('=', 2) : [a]));
  if (words.length % 2 !== 0) return null;
  const pairs: [string, string][] = [];
  for (let i = 0; i < words.length; i += 2) pairs.push([words[i]!.toLowerCase(), words[i + 1]!]);
  return pairs;
}

/**
 * Whether a Match line can select a connection of `user`: false when its User criterion names
 * other accounts only (sshd's pattern lists: comma-separated, `*` and `?`, `!` excludes).
 */
export function matchCanSelectUser(args: readonly string[], user: string): boolean {
  const pairs = matchCriteria(args);
  if (!pairs) return true;
  return pairs.every(([criterion, list]) => {
    if (criterion !== 'user') return true;
    let selected = false;
    for (const pattern of list.split(',')) {
      const negated = pattern.startsWith('!');
      const glob = (negated ? pattern.slice(1) : pattern)
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.');
      if (new RegExp(`^${glob}$`).test(user)) {
        if (negated) return false;
        selected = true;
      }
    }
    return selected;
  });
}

// Each setting's values from closed to open: a connection that gets a later value is let in more easily.
const OPENNESS: { [K in SshSettingName]: readonly NonNullable<SshSettings[K]>[] } = {
  permitRootLogin: ['no', 'forced-commands-only', 'prohibit-password', 'yes'],
  passwordAuthentication: [false, true],
  permitEmptyPasswords: [false, true],
  kbdInteractiveAuthentication: [false, true],
  usePam: [false, true],
};

/** Whether `value` lets more connections in than `than` does. */
export function opensMore<K extends SshSettingName>(
  name: K,
  value: NonNullable<SshSettings[K]>,
  than: NonNullable<SshSettings[K]>,
): boolean {
  const order = OPENNESS[name] as readonly unknown[];
  return order.indexOf(value) > order.indexOf(than);
}

/** The `keyword value` lines of `sshd -T` (keywords lower-case, one per line). */
export function parseSshdTestOutput(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^([a-z0-9]+) (.*)$/.exec(line.trim());
    if (m && !out.has(m[1]!)) out.set(m[1]!, m[2]!.trim());
  }
  return out;
}

/** A shell glob (`*`, `?`, `[...]`) over one path segment, as glob(3) matches it. */
export function globSegmentToRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      // A `]` right after `[` or `[!` is a member of the class, not its end (glob(7)).
      const negated = segment[i + 1] === '!';
      const first = i + (negated ? 2 : 1);
      const end = segment.indexOf(']', first + 1);
      if (end < 0) re += '\\[';
      else {
        const body = segment.slice(first, end).replace(/\\/g, '\\\\').replace(/]/g, '\\]');
        re += `[${negated ? '^' : ''}${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function hasGlob(segment: string): boolean {
  return /[*?[]/.test(segment);
}

// sshd's options that take an argument (its getopt string "C:E:b:c:f:g:h:k:o:p:u:46DGQRTdeiqrtV").
const SSHD_ARG_OPTIONS = new Set(['C', 'E', 'b', 'c', 'f', 'g', 'h', 'k', 'o', 'p', 'u']);

/**
 * What sshd's command line changes in its configuration: the `-o` settings (they come before the file, and sshd
 * keeps the first value it reads, so they win) and the file `-f` names (null: the default file). Options stop at
 * the first word that is not one, as sshd's getopt does.
 */
export function sshdCommandLine(args: readonly string[]): { options: string[]; config: string | null } {
  const out: { options: string[]; config: string | null } = { options: [], config: null };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--' || !arg.startsWith('-') || arg === '-') break;
    for (let c = 1; c < arg.length; c++) {
      const option = arg[c]!;
      if (!SSHD_ARG_OPTIONS.has(option)) continue;
      const value = c < arg.length - 1 ? arg.slice(c + 1) : (args[++i] ?? '');
      if (option === 'o') out.options.push(value);
      if (option === 'f') out.config = value;
      break;
    }
  }
  return out;
}

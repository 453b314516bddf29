// Pure parsers of macOS tool output shared by several probes. Every one returns null for text
// that is not in the shape the tool prints, so a changed format reads as unknown, never as "off".

/**
 * `launchctl print-disabled system`: launchd's overrides, label -> disabled. Up to macOS 12 the
 * value is true/false, since macOS 13 disabled/enabled. A label that is not listed keeps the
 * Disabled key of its own launchd plist.
 */
export function parseLaunchdOverrides(text: string): Map<string, boolean> | null {
  const start = text.indexOf('disabled services = {');
  if (start < 0) return null;
  const block = text.slice(start);
  const end = block.search(/^}/m);
  const overrides = new Map<string, boolean>();
  for (const m of (end < 0 ? block : block.slice(0, end)).matchAll(
    /^\s*"([^"]+)"\s*=>\s*(true|false|disabled|enabled)\s*$/gm,
  )) {
    overrides.set(m[1]!, m[2] === 'true' || m[2] === 'disabled');
  }
  return overrides;
}

/**
 * `launchctl print system/LABEL`: launchd has the job loaded (exit 0, a `system/LABEL = {` block), or
 * it does not (exit 113, "Could not find service"). Null for anything else.
 */
export function parseLaunchctlPrintJob(
  label: string,
  exitCode: number,
  stdout: string,
  stderr: string,
): boolean | null {
  if (exitCode === 0) return stdout.trimStart().startsWith(`system/${label} = {`) ? true : null;
  if (exitCode === 113 && (stderr + stdout).includes(`Could not find service "${label}"`)) return false;
  return null;
}

/** `ps -A -o comm=`: on macOS `comm` is the executable's full path (or its name), one process a line. */
export function parseProcessCommands(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const command = line.trim();
    if (!command) continue;
    names.add(command);
    names.add(command.slice(command.lastIndexOf('/') + 1));
  }
  return names;
}

/**
 * `defaults read DOMAIN KEY`: exit 0 prints the value; exit 1 with "does not exist" on stderr
 * means the key (or the whole domain) is not set. Anything else is not an answer.
 */
export function parseDefaultsRead(
  exitCode: number,
  stdout: string,
  stderr: string,
): { set: true; value: string } | { set: false } | null {
  if (exitCode === 0) return { set: true, value: stdout.trim() };
  if (exitCode === 1 && /does not exist/.test(stderr + stdout)) return { set: false };
  return null;
}

/** `sw_vers`: `Key:<TAB>Value` lines (ProductName, ProductVersion, BuildVersion). */
export function parseSwVers(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const m of text.matchAll(/^(\w+):\s*(.*?)\s*$/gm)) if (m[2]) fields.set(m[1]!, m[2]);
  return fields;
}

export type FileVaultState = 'on' | 'off' | 'encrypting' | 'decrypting';

/**
 * `fdesetup status`. FileVault, not the APFS "encrypted" volume flag: on T2 and Apple-silicon Macs
 * every volume is encrypted by hardware and unlocks without a password unless FileVault is on.
 * A conversion under way adds "Encryption in progress" or "Decryption in progress" lines, one that waits
 * for a restart says "On, but needs to be restarted to finish"; other
 * lines (institutional master keychain, deferred enablement) say nothing about the state.
 */
export function parseFdesetupStatus(text: string): FileVaultState | null {
  // "On, but needs to be restarted to finish": switched on, but on a CoreStorage Mac encryption begins at the restart.
  if (/^Encryption in progress/m.test(text) || /^FileVault is On, but needs to be restarted/m.test(text))
    return 'encrypting';
  if (/^Decryption in progress/m.test(text)) return 'decrypting';
  const m = /^FileVault is (On|Off)\b/m.exec(text);
  return m ? (m[1] === 'On' ? 'on' : 'off') : null;
}

/** The global account policies as `pwpolicy -getaccountpolicies` prints them (0 where the policy sets nothing). */
export interface MacAccountPolicy {
  minLength: number;
  maxAgeDays: number;
  lockoutThreshold: number;
  /** null when no lockout is set; 0 when a lockout has no autoEnableInSeconds (it stays until unlocked). */
  lockoutMinutes: number | null;
  historyLength: number;
}

const unescapeXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/**
 * The shortest password one `policyAttributePassword matches '…'` content policy accepts: 0 when it
 * lets an empty password through (`^$|…`), else its largest `.{N,}`; null when it says nothing of length.
 */
function contentPolicyMinimum(regex: string): number | null {
  if (regex.includes('^$|')) return 0;
  const counts = [...regex.matchAll(/\.\{(\d+),/g)].map((m) => Number(m[1]));
  return counts.length > 0 ? Math.max(...counts) : null;
}

/**
 * Parses the XML plist of `pwpolicy -getaccountpolicies` (after its "Getting global account
 * policies" line). Every content policy must match, so the longest minimum holds; the account
 * locks at the smallest maximum of failed logins. Returns null unless a whole plist is there.
 */
export function parsePwpolicyAccountPolicies(text: string): MacAccountPolicy | null {
  const start = text.indexOf('<plist');
  if (start < 0 || !/<\/plist>\s*$/.test(text)) return null;
  const plist = text.slice(start);
  const integers = (key: string) =>
    [...plist.matchAll(new RegExp(`<key>${key}</key>\\s*<integer>(-?\\d+)</integer>`, 'g'))].map((m) => Number(m[1]));
  const minimums = [...plist.matchAll(/<string>policyAttributePassword matches '(.*)'<\/string>/g)]
    .map((m) => contentPolicyMinimum(unescapeXml(m[1]!)))
    .filter((n): n is number => n !== null);
  const thresholds = integers('policyAttributeMaximumFailedAuthentications');
  const unlockSeconds = integers('autoEnableInSeconds');
  const expiries = integers('policyAttributeExpiresEveryNDays');
  const lockoutThreshold = thresholds.length > 0 ? Math.min(...thresholds) : 0;
  return {
    minLength: minimums.length > 0 ? Math.max(...minimums) : 0,
    maxAgeDays: expiries.length > 0 ? Math.min(...expiries) : 0,
    lockoutThreshold,
    lockoutMinutes:
      lockoutThreshold === 0 ? null : unlockSeconds.length > 0 ? Math.floor(Math.min(...unlockSeconds) / 60) : 0,
    historyLength: Math.max(0, ...integers('policyAttributePasswordHistoryDepth')),
  };
}

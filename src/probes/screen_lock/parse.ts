// Pure parsers for the screen_lock probe: text in, values out.

/** What the screen lock does: starts by itself when idle, asks for the password, after how long. */
export interface LockState {
  enabled: boolean;
  requiresPassword: boolean;
  /** Seconds of idleness until the screen is locked with the password; 0 = it never is. */
  idleSeconds: number;
}

/** `gsettings list-recursively SCHEMA` lines (`schema key value`) -> key -> value as printed (a GVariant text). */
export function parseGsettingsList(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^(\S+)\s+(\S+)\s+(.*)$/.exec(line.trim());
    if (match?.[2] !== undefined && match[3] !== undefined) values.set(match[2], match[3]);
  }
  return values;
}

/** A GVariant boolean as gsettings prints it (`true` / `false`). */
export function parseGvariantBoolean(text: string | undefined): boolean | null {
  const value = text?.trim();
  return value === 'true' ? true : value === 'false' ? false : null;
}

/** A GVariant unsigned number as gsettings prints it (`uint32 300`, or `300` when the type is implied). */
export function parseGvariantUint(text: string | undefined): number | null {
  const match = /^(?:uint(?:16|32|64)\s+)?(\d+)$/.exec(text?.trim() ?? '');
  return match ? Number(match[1]) : null;
}

export interface GnomeSettings {
  /** org.gnome.desktop.screensaver lock-enabled: lock (ask the password) when the screen blanks. */
  lockEnabled: boolean;
  /** org.gnome.desktop.screensaver idle-activation-enabled; undefined when the schema has no such key. */
  idleActivation?: boolean;
  /** org.gnome.desktop.session idle-delay: seconds idle until the screen blanks; 0 = never. */
  idleDelay: number;
  /** org.gnome.desktop.screensaver lock-delay: seconds after blanking until the lock. */
  lockDelay: number;
}

/**
 * GNOME blanks the screen after idle-delay and locks lock-delay seconds later when lock-enabled.
 * idle-activation-enabled=false is read as "never blanks": newer GNOME Shell may ignore the key,
 * but reading it so can only report a missing lock, never hide one.
 */
export function gnomeLock(s: GnomeSettings): LockState {
  const enabled = s.idleDelay > 0 && s.idleActivation !== false;
  return {
    enabled,
    requiresPassword: s.lockEnabled,
    idleSeconds: enabled && s.lockEnabled ? s.idleDelay + s.lockDelay : 0,
  };
}

/** One KConfig file: `[$i]` marks (a whole file, a group, a key) that the user's own file cannot override. */
export interface KConfigFile {
  immutable: boolean;
  groups: Map<string, { immutable: boolean; entries: Map<string, { value: string; immutable: boolean }> }>;
}

/**
 * KDE's config file format (KConfig): `[Group]`, `[Group][$i]`, `Key=value`, `Key[$i]=value`, `Key[de]=` (a
 * translation, skipped).
 */
export function parseKConfig(text: string): KConfigFile {
  const file: KConfigFile = { immutable: false, groups: new Map() };
  let group: ReturnType<KConfigFile['groups']['get']> | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line === '[$i]') {
      if (group === null) file.immutable = true;
      continue;
    }
    if (line.startsWith('[')) {
      const immutable = line.endsWith('[$i]');
      const name = (immutable ? line.slice(0, -'[$i]'.length) : line).replace(/^\[/, '').replace(/\]$/, '');
      group = file.groups.get(name) ?? { immutable: false, entries: new Map() };
      group.immutable ||= immutable;
      file.groups.set(name, group);
      continue;
    }
    const match = /^([^=[]+?)\s*((?:\[[^\]]*\])*)\s*=(.*)$/.exec(line);
    if (!match?.[1] || !group) continue;
    const options = match[2]?.match(/\[[^\]]*\]/g) ?? [];
    if (options.some((o) => !o.startsWith('[$'))) continue;
    group.entries.set(match[1], { value: (match[3] ?? '').trim(), immutable: options.some((o) => o.includes('i')) });
  }
  return file;
}

/**
 * One group of KConfig files read in cascade order (system first, user last): later files win unless an
 * earlier one made it immutable.
 */
export function mergeKConfigGroup(files: readonly KConfigFile[], name: string): Map<string, string> {
  const merged = new Map<string, string>();
  const locked = new Set<string>();
  for (const file of files) {
    const group = file.groups.get(name);
    for (const [key, entry] of group?.entries ?? []) {
      if (locked.has(key)) continue;
      merged.set(key, entry.value);
      if (entry.immutable) locked.add(key);
    }
    // An immutable file or group ends the cascade: files after it are not read.
    if (file.immutable || group?.immutable) break;
  }
  return merged;
}

// KDE's defaults for the kscreenlocker settings this probe reads (kscreenlockersettings.kcfg).
const KDE_DEFAULTS = { Autolock: true, Timeout: 5, LockGrace: 5, RequirePassword: true };

// KConfig reads a boolean as false only for these words; any other text is true.
function kconfigBool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['false', 'no', 'off', '0'].includes(value.toLowerCase());
}

/**
 * kscreenlockerrc [Daemon]: Autolock (lock when idle), Timeout (minutes idle), LockGrace (seconds
 * after locking during which no password is asked), RequirePassword. Returns an error text when a
 * number cannot be read.
 */
export function kdeLock(daemon: Map<string, string>): LockState | { error: string } {
  const number = (key: 'Timeout' | 'LockGrace'): number | null => {
    const text = daemon.get(key);
    if (text === undefined || text === '') return KDE_DEFAULTS[key];
    return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : null;
  };
  const timeout = number('Timeout');
  const grace = number('LockGrace');
  if (timeout === null) return { error: `kscreenlockerrc Timeout is not a number: ${daemon.get('Timeout')}` };
  if (grace === null) return { error: `kscreenlockerrc LockGrace is not a number: ${daemon.get('LockGrace')}` };
  const enabled = kconfigBool(daemon.get('Autolock'), KDE_DEFAULTS.Autolock) && timeout > 0;
  const requiresPassword = kconfigBool(daemon.get('RequirePassword'), KDE_DEFAULTS.RequirePassword);
  return {
    enabled,
    requiresPassword,
    idleSeconds: enabled && requiresPassword ? Math.round(timeout * 60) + Math.max(grace, 0) : 0,
  };
}

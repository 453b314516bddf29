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
    mounts.push({ mountPoint: unescapeProcPath(fields[4]!), fsType: fields[dash + 1]!, source: unescapeProcPath(fields[dash + 2]!) });
  }
  return mounts;
}

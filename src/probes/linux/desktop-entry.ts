// XDG autostart entries (.desktop files): what the remote_access and autostart probes read of them.

/** The program an XDG autostart entry runs, and whether the entry is switched on. */
export interface AutostartEntry {
  /** Base name of the executable in Exec=, e.g. `x11vnc`; null when there is no Exec=. */
  program: string | null;
  /** The executable as Exec= names it (`/usr/bin/x11vnc`, or just `x11vnc` for one found on PATH). */
  command: string | null;
  enabled: boolean;
}

/** Parses the [Desktop Entry] group of a .desktop file (XDG Desktop Entry + Autostart specs). */
export function parseAutostartEntry(text: string): AutostartEntry {
  const keys = new Map<string, string>();
  let inEntry = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('[')) inEntry = line === '[Desktop Entry]';
    else if (inEntry && !line.startsWith('#')) {
      const eq = line.indexOf('=');
      if (eq > 0) keys.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
    }
  }
  const enabled =
    keys.get('Hidden')?.toLowerCase() !== 'true' && keys.get('X-GNOME-Autostart-enabled')?.toLowerCase() !== 'false';
  const command = execTokens(keys.get('Exec') ?? '').at(-1) ?? null;
  return { program: command ? command.slice(command.lastIndexOf('/') + 1) : null, command, enabled };
}

/** The tokens of an Exec= value up to and including the program (`env VAR=value program`), without its arguments. */
function execTokens(exec: string): string[] {
  const tokens = exec.match(/"[^"]*"|\S+/g)?.map((t) => t.replace(/^"|"$/g, '')) ?? [];
  let i = 0;
  if (tokens[i] !== undefined && /(^|\/)env$/.test(tokens[i]!)) {
    i++;
    while (tokens[i]?.includes('=') || tokens[i]?.startsWith('-')) i++;
  }
  return tokens.slice(0, i + 1);
}

/**
 * An autostart entry's Exec= can hold a password (`x11vnc -passwd ...`, `env PASS=...`): for
 * --record bundles keep only what the parser needs, the program it runs.
 */
export function redactDesktopEntry(text: string): string {
  return text.replace(/^(\s*Exec\s*=)(.*)$/gm, (_, key: string, value: string) => {
    const program = execTokens(value.trim()).at(-1);
    if (!program) return key;
    return `${key}${/\s/.test(program) ? `"${program}"` : program} REDACTED`;
  });
}

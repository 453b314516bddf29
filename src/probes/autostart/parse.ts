// Pure parsers of what starts by itself: text and answers in, entries out.
import type { AnswerOf } from '../windows/document.js';
import { commandProgram } from '../windows/document.js';
import { REASON, type ProbeOutput } from '../types.js';
import type { AutostartEntry, AutostartFacts, PrintExtension } from './facts.js';
import shipped from './windows-shipped.json' with { type: 'json' };

const lower = (s: string) => s.toLowerCase();
const SHIPPED_MONITORS = new Set(shipped.monitors.map((m) => `${lower(m.name)}|${lower(m.driver)}`));
const SHIPPED_PROCESSORS = new Set(shipped.printProcessors.map((p) => `${lower(p.name)}|${lower(p.driver)}`));

/** The program of a Windows command line, unquoted (`"C:\a b\x.exe" -k` → `C:\a b\x.exe`). */
export const windowsProgram = (command: string): string | null => commandProgram(command).replace(/"/g, '') || null;

/**
 * Whether a program lives in Windows' own folder (%SystemRoot%, also written %windir%, \SystemRoot\ or a path
 * relative to it like system32\svchost.exe): decided by path, which costs nothing. A file an intruder put in
 * C:\Windows passes as Windows' own; the print-add-on rule judges by name and DLL instead.
 */
export function isWindowsProgram(program: string, systemRoot: string): boolean {
  const root = lower(systemRoot);
  const path = lower(program)
    .replace(/^%(systemroot|windir)%/, root)
    .replace(/^\\systemroot(?=\\)/, root)
    .replace(/^\\\?\?\\/, '');
  if (/^system32\\|^syswow64\\/.test(path)) return true;
  return path.startsWith(`${root}\\`);
}

/**
 * A print DLL is Windows' own when its key's name and its Driver are one pair Windows installs, and the Driver is
 * a bare file name (loaded from System32) or a path into System32.
 */
function isShipped(set: Set<string>, name: string, driver: string | null, systemRoot: string): boolean {
  if (!driver) return false;
  const cut = driver.lastIndexOf('\\');
  const dir = cut < 0 ? null : driver.slice(0, cut);
  if (dir !== null && lower(dir) !== `${lower(systemRoot)}\\system32`) return false;
  return set.has(`${lower(name)}|${lower(driver.slice(cut + 1))}`);
}

/**
 * The print monitors and processors the spooler loads. A key with no Driver value loads nothing and is left out:
 * Windows 10 x64 keeps an empty `Windows ARM64\Print Processors\winprint` key.
 */
export function printExtensions(
  monitors: AnswerOf<'printMonitors'>,
  processors: AnswerOf<'printProcessors'>,
  systemRoot: string,
): PrintExtension[] {
  const loaded = <T extends { driver: string | null }>(xs: readonly T[]) => xs.filter((x) => x.driver);
  return [
    ...loaded(monitors).map((m) => ({
      id: `print-monitor:${m.name}`,
      kind: 'print-monitor' as const,
      name: m.driver ? `${m.name} (${m.driver})` : m.name,
      driver: m.driver,
      shipped: isShipped(SHIPPED_MONITORS, m.name, m.driver, systemRoot),
    })),
    ...loaded(processors).map((p) => ({
      id: `print-processor:${p.environment}\\${p.name}`,
      kind: 'print-processor' as const,
      name: `${p.name} (${p.environment}${p.driver ? `, ${p.driver}` : ''})`,
      driver: p.driver,
      shipped: isShipped(SHIPPED_PROCESSORS, p.name, p.driver, systemRoot),
    })),
  ];
}

/** One entry; its name says what the owner sees and the program it starts. */
export function entry(
  kind: AutostartEntry['kind'],
  where: string,
  label: string,
  program: string | null,
  publisher: string | null = null,
): AutostartEntry {
  return {
    id: `${kind}:${where}`,
    kind,
    name: program && program !== label ? `${label} (${program})` : label,
    program,
    publisher: publisher?.trim() || null,
  };
}

/**
 * Run keys, Startup folders and enabled scheduled tasks outside \Microsoft\ are all listed; services only when
 * automatic and not in Windows' folder.
 */
export function windowsEntries(
  a: {
    runKeys: AnswerOf<'runKeys'>;
    services: AnswerOf<'services'>;
    scheduledTasks: AnswerOf<'scheduledTasks'>;
    startupFolders: AnswerOf<'startupFolders'>;
  },
  systemRoot: string,
): AutostartEntry[] {
  const services = a.services.flatMap((s) => {
    const program = s.command === null ? null : windowsProgram(s.command);
    if (s.startMode !== 'Auto' || !program || isWindowsProgram(program, systemRoot)) return [];
    return [entry('service', s.name, s.displayName ?? s.name, program, s.publisher)];
  });
  return [
    ...a.runKeys.map((r) => entry('run-key', `${r.key}\\${r.name}`, r.name, windowsProgram(r.command), r.publisher)),
    ...services,
    ...a.scheduledTasks
      .filter((t) => t.state !== 'Disabled')
      .map((t) =>
        entry(
          'scheduled-task',
          `${t.path}|${windowsProgram(t.command)}`,
          t.path,
          windowsProgram(t.command),
          t.publisher,
        ),
      ),
    ...a.startupFolders.map((f) =>
      entry('startup-folder', `${f.folder}\\${f.name}`, f.name, windowsProgram(f.command), f.publisher),
    ),
  ];
}

/** The first word of a command, with systemd's prefixes (`-`, `@`, `:`, `+`, `!`) and quotes taken off. */
function firstWord(command: string): string | null {
  const word = /^("[^"]*"|'[^']*'|\S+)/.exec(command.trim().replace(/^[-@:+!]+/, ''))?.[1];
  return word ? word.replace(/^["']|["']$/g, '') || null : null;
}

/** The program of a unit's first ExecStart= in its [Service] section; null when it has none (a .timer, a .target). */
export function unitProgram(text: string): string | null {
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('[')) section = line;
    else if (section === '[Service]' && /^ExecStart\s*=/.test(line)) {
      const program = firstWord(line.slice(line.indexOf('=') + 1));
      if (program) return program;
    }
  }
  return null;
}

/**
 * The programs of a crontab's @reboot lines. The system crontab and /etc/cron.d have a user field after
 * @reboot; a user's crontab has not.
 */
export function cronRebootPrograms(text: string, withUser: boolean): string[] {
  const programs: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*@reboot\s+(.*)$/.exec(raw);
    if (!m) continue;
    const rest = withUser ? m[1]!.replace(/^\S+\s+/, '') : m[1]!;
    const program = firstWord(rest);
    if (program) programs.push(program);
  }
  return programs;
}

/** What a crontab keeps in a --record bundle: each @reboot line cut to its program, nothing else of it. */
export function redactCrontab(text: string, withUser: boolean): string {
  return text
    .split('\n')
    .map((raw) => {
      // A line may end in \r (a crontab written on Windows), as cronRebootPrograms reads it.
      const line = raw.replace(/\r$/, '');
      const end = raw.slice(line.length);
      if (!/^\s*@reboot\s/.test(line)) return /^\s*(#|$)/.test(line) ? raw : `(a line left out)${end}`;
      const [program] = cronRebootPrograms(line, withUser);
      return `@reboot ${withUser ? 'USER ' : ''}${program ?? ''}`.trimEnd() + end;
    })
    .join('\n');
}

/**
 * A unit file in a --record bundle: section headers and the program of each Exec line; every other setting
 * (Environment=DB_PASSWORD=…, a token in an argument) is left out.
 */
export function redactUnit(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      // A line may end in \r (a unit file written on Windows): systemd reads it all the same.
      const exec = /^(\s*Exec\w*\s*=)(.*?)(\r?)$/.exec(line);
      if (exec) return `${exec[1]}${firstWord(exec[2]!) ?? ''}${exec[3]}`;
      return /^\s*(\[[^\]]*\]\s*|[#;].*|)$/.test(line) ? line : '(a line left out)';
    })
    .join('\n');
}

/** The program of a launchd job's plist (XML form): Program, or the first of ProgramArguments; null in binary form. */
export function plistProgram(text: string): string | null {
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  const program = /<key>\s*Program\s*<\/key>\s*<string>([^<]*)<\/string>/.exec(text);
  if (program) return decode(program[1]!.trim()) || null;
  const args = /<key>\s*ProgramArguments\s*<\/key>\s*<array>\s*<string>([^<]*)<\/string>/.exec(text);
  return args ? decode(args[1]!.trim()) || null : null;
}

/** A launchd plist in a --record bundle: Program and the first ProgramArguments string stay, the other arguments go. */
export function redactPlist(text: string): string {
  return text.replace(
    /(<key>\s*ProgramArguments\s*<\/key>\s*<array>\s*<string>[^<]*<\/string>)([\s\S]*?)(<\/array>)/g,
    (_, first: string, _rest: string, end: string) => `${first}\n\t\t<!-- arguments left out -->\n\t${end}`,
  );
}

/**
 * The MD5 dpkg recorded for each of `paths` when it installed it (the `Conffiles:` fields of /var/lib/dpkg/status):
 * a file there with the same content came with a package; an edited one did not stay as shipped. The status file
 * is large (every installed package): only the lines naming these paths are looked at, not every line split.
 */
export function dpkgConffileSums(status: string, paths: readonly string[]): Map<string, string> {
  const sums = new Map<string, string>();
  for (const path of paths) {
    const needle = `\n ${path} `;
    for (let at = status.indexOf(needle); at !== -1; at = status.indexOf(needle, at + 1)) {
      const end = status.indexOf('\n', at + 1);
      const m = /^ (\/\S+) ([0-9a-f]{32})(?: obsolete)?\s*$/.exec(status.slice(at + 1, end === -1 ? undefined : end));
      if (m?.[1] === path && inConffilesField(status, at)) sums.set(path, m[2]!);
    }
  }
  return sums;
}

/** Whether the line after the newline at `at` continues a `Conffiles:` field (not, say, a Description). */
function inConffilesField(status: string, at: number): boolean {
  for (let lineEnd = at; lineEnd > 0; ) {
    const lineStart = status.lastIndexOf('\n', lineEnd - 1) + 1;
    const line = status.slice(lineStart, lineEnd);
    if (!line.startsWith(' ')) return line.startsWith('Conffiles:');
    lineEnd = lineStart - 1;
  }
  return false;
}

/**
 * macOS and Linux facts from what was read. Some places may be unreadable (other users' crontabs without root): the
 * entries found still stand (the inventory rule fails on them), but with none found the list is unknown, never empty.
 */
export function partialList(found: AutostartEntry[], problems: readonly string[]): ProbeOutput<AutostartFacts> {
  const unknown: Record<string, string> = { printExtensions: REASON.notOnThisOs };
  if (problems.length) unknown.thirdParty = `not read: ${problems.join('; ')}`;
  return {
    facts: { thirdParty: problems.length && found.length === 0 ? null : found, printExtensions: null },
    unknown,
  };
}

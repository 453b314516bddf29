import { CODE_PAGE_ENCODINGS, describeFailure, type ExecResult, type Host } from '../../host/types.js';
import { REASON, type Answer } from '../types.js';
import {
  answerSchemas,
  commandProgram,
  regFileTime,
  system32,
  type AnswerName,
  type FallbackAnswers,
} from './document.js';
import {
  parseManageBdeStatus,
  parseNetshAdvfirewall,
  builtinByComment,
  parseNetShare,
  parseNetUser,
  parseNetUserList,
  parseRegQuery,
  parseSchtasksCsv,
  parseScQuery,
  parseNetstatAno,
  parseTasklistCsv,
  parseTasklistPids,
  parseWmicTable,
  wevtutilEventTime,
  type RegData,
  type RegKeyBlock,
} from './fallback-parse.js';
import {
  FIREWALL_POLICY,
  keyName,
  PRINT_ENVIRONMENTS,
  PRINT_MONITORS,
  REGISTRY_ANSWERS,
  SYSTEM_IMAGE_BACKUP,
  USBSTOR_DEVICES,
  WINDOWS_BACKUP_STATUS,
  WINDOWS_BACKUP_TARGET,
  WINLOGON,
} from './registry.js';
import {
  CODE_PAGE,
  DEFAULT_PASSWORD_QUERY,
  DISPLAY_NAMES,
  DRIVER_VALUES,
  MEMORY_MANAGEMENT,
  PRODUCT_OPTIONS,
  RUN,
  SERVICES,
  START_VALUES,
  SYSTEM_DRIVE,
  TOOL_COMMANDS,
  UI_LANGUAGE_KEYS,
  UNINSTALL,
  USER_HIVES,
  WINLOGON_KEY,
  type ToolCommand,
} from './tool-commands.js';

// When PowerShell cannot run — missing, disabled by policy, blocked by security software, timed
// out, or printing no document — the probes still get the same named answers, from tools every
// Windows has: the environment (COMPUTERNAME, SystemDrive), reg.exe for each registry answer
// (its layout does not change with the display language) and, where nothing else exists, the
// text of `net share`, `net accounts`, `quser`, `netsh advfirewall` and `manage-bde -status`.
// An answer with no such source stays unknown and says why PowerShell could not run.

// Every command run here is declared in tool-commands.ts, from which the old-Windows collector is made
// (`net user NAME`, for names only known when the PC answers, is the one exception).
/** The Services keys' Start value as Win32_Service's StartMode (0 boot, 1 system, 2 auto, 3 manual, 4 disabled). */
const START_MODES: Record<number, string> = { 0: 'Boot', 1: 'System', 2: 'Auto', 3: 'Manual', 4: 'Disabled' };
/** WMIC's TRUE / FALSE (never translated). */
const wmicFlag = (v: string | undefined) => (v === 'TRUE' ? true : v === 'FALSE' ? false : null);
/** ProductOptions' ProductType as Win32_OperatingSystem's code: 1 workstation, 2 domain controller, 3 server. */
const PRODUCT_TYPES: Record<string, number> = { winnt: 1, lanmannt: 2, servernt: 3 };

const failed = (reason: string): Answer<never> => ({ ok: false, reason });

/** A value of a key, by name as the registry compares names: without regard to case. */
const regValue = (values: Record<string, RegData>, name: string): RegData | null =>
  Object.entries(values).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1] ?? null;

const HIVES: Record<string, string> = { HKLM: 'HKEY_LOCAL_MACHINE', HKCU: 'HKEY_CURRENT_USER' };
/** Whether reg.exe's name of a key (HKEY_LOCAL_MACHINE\…, in the registry's own case) is the key asked for (HKLM\…). */
const sameKey = (printed: string, asked: string) =>
  printed.toLowerCase() === asked.replace(/^\w+(?=\\|$)/, (h) => HIVES[h.toUpperCase()] ?? h).toLowerCase();

/** The strings of a REG_MULTI_SZ value, which reg.exe prints joined by a literal \0. */
const multiString = (value: RegData | null) => (typeof value === 'string' ? value.split('\\0').filter(Boolean) : []);

const firstLine = (r: Extract<ExecResult, { status: 'exited' }>) =>
  (r.stderr.trim() || r.stdout.trim()).split(/\r?\n/)[0] ?? '';
/** Why a tool gave no answer: its first line or exit code, or why it did not run. */
const whyNot = (r: ExecResult) =>
  r.status === 'exited' ? firstLine(r) || `exit code ${r.exitCode}` : describeFailure(r);

/** Windows' own tools at their absolute paths, read as the fallback needs them. */
export class WindowsTools {
  private encoding = 'utf-8';
  // Several answers read the same key (and a missing key's parents): ask reg.exe once for each.
  private readonly queries = new Map<string, Promise<Answer<RegKeyBlock[] | null>>>();
  constructor(private readonly host: Host) {}

  /** One of the commands of tool-commands.ts, the system drive put in (`drive`). */
  private run = (command: ToolCommand, drive = '') =>
    this.host.exec(
      `${system32(this.host)}\\${command.program}`,
      command.args.map((a) => (a === SYSTEM_DRIVE ? drive : a)),
      { encoding: this.encoding },
    );

  /** Console tools write redirected output in the OEM code page (GBK on Chinese Windows); the registry says which. */
  async useOemCodePage(): Promise<void> {
    const read = await this.key(CODE_PAGE);
    const page = read.ok && read.value ? String(regValue(read.value.values, 'OEMCP') ?? '') : '';
    this.encoding = CODE_PAGE_ENCODINGS[page] ?? 'utf-8';
  }

  /**
   * `reg query KEY [more args]`: the blocks it printed, or null when the key does not exist.
   * reg.exe exits 1 both for a missing key and for one it may not read, and says which only in
   * the display language, so the parent key decides: it lists the subkey only if it exists.
   */
  query(key: string, more: readonly string[] = []): Promise<Answer<RegKeyBlock[] | null>> {
    const id = JSON.stringify([key, ...more]);
    const read = this.queries.get(id) ?? this.queryOnce(key, more);
    this.queries.set(id, read);
    return read;
  }

  private async queryOnce(key: string, more: readonly string[]): Promise<Answer<RegKeyBlock[] | null>> {
    const r = await this.run({ program: 'reg.exe', args: ['query', key, ...more] });
    if (r.status !== 'exited') return failed(`reg.exe: ${describeFailure(r)}`);
    const blocks = parseRegQuery(r.stdout);
    // A search (/s) that finds nothing prints only its closing line, with the count 0 in any language
    // (Windows exits 1, Wine 0).
    if (more.includes('/s') && blocks.length === 0 && /(^|\W)0(\W|$)/.test(r.stdout)) return { ok: true, value: [] };
    if (r.exitCode === 0) {
      // Wine's reg.exe prints no line for the key itself when it holds no values: a blank line, or only its subkeys.
      const listed = blocks.length > 0 || (r.stdout !== '' && !r.stdout.trim());
      return listed ? { ok: true, value: blocks } : failed(`reg.exe printed no registry key for ${key}`);
    }
    const there = await this.listed(key);
    if (!there.ok) return failed(there.reason || `reg.exe cannot read ${key}: ${firstLine(r)}`);
    if (!there.value) return { ok: true, value: null };
    return failed(this.host.elevated ? `reg.exe cannot read ${key}: ${firstLine(r)}` : REASON.needsAdmin);
  }

  /** Whether a key exists, as its parent's listing says (reg.exe's own errors are worded in the display language). */
  private async listed(key: string): Promise<Answer<boolean>> {
    const cut = key.lastIndexOf('\\');
    if (cut < 0) return failed('');
    const parent = await this.query(key.slice(0, cut));
    if (!parent.ok) return parent;
    return { ok: true, value: parent.value?.some((b) => sameKey(b.key, key)) ?? false };
  }

  /** One key with its values (none when reg.exe printed no line for it), or null when it does not exist. */
  async key(key: string): Promise<Answer<RegKeyBlock | null>> {
    const read = await this.query(key);
    if (!read.ok || !read.value) return read as Answer<null>;
    return { ok: true, value: read.value.find((b) => sameKey(b.key, key)) ?? { key, values: {}, hidden: [] } };
  }

  /** The named values of a key, each read without regard to case; null when the key does not exist. */
  async registryValues(key: string, names: readonly string[]): Promise<Answer<Record<string, RegData | null> | null>> {
    const read = await this.key(key);
    if (!read.ok || !read.value) return read as Answer<null>;
    const values = read.value.values;
    return { ok: true, value: Object.fromEntries(names.map((n) => [n, regValue(values, n)])) };
  }

  /**
   * Whether HKCU is the only person's registry: the user hives loaded under HKEY_USERS (S-1-5-21-… local and
   * domain accounts, S-1-12-1-… Entra ID accounts; not
   * their _Classes) are those of the people signed in, the scanning account's among them. One hive: HKCU
   * is the shop's; more (a technician elevated with his own account beside the shop's user): whose is
   * which cannot be told without PowerShell.
   */
  async onlyUserHive(): Promise<Answer<true>> {
    const read = await this.query(USER_HIVES);
    if (!read.ok) return read;
    const hives = (read.value ?? []).map((b) => b.key).filter((k) => /^HKEY_USERS\\S-1-(5-21|12-1)-[\d-]+$/i.test(k));
    if (hives.length <= 1) return { ok: true, value: true };
    return failed(
      `${hives.length} people are signed in: whose per-user settings are the shop's cannot be told ` +
        `without PowerShell (run shop-audit as the person who uses this PC)`,
    );
  }

  /** Workstation, domain controller or server, as Win32_OperatingSystem's ProductType. */
  async productType(): Promise<Answer<number>> {
    const read = await this.registryValues(PRODUCT_OPTIONS, ['ProductType']);
    if (!read.ok) return read;
    const type = read.value?.ProductType;
    const code = typeof type === 'string' ? PRODUCT_TYPES[type.toLowerCase()] : undefined;
    return code
      ? { ok: true, value: code }
      : failed(
          `ProductType in ${PRODUCT_OPTIONS} is ${type ?? 'not set'}, not WinNT, LanmanNT or ServerNT: ` +
            `whether this is a workstation or a server is not known`,
        );
  }

  /** Group Policy's firewall settings of each profile key (registry.ts FIREWALL_POLICY). */
  async firewallPolicy(): Promise<Answer<unknown>> {
    const profiles = FIREWALL_POLICY.profiles;
    const root = keyName(FIREWALL_POLICY);
    const reads = await Promise.all(profiles.map((p) => this.registryValues(`${root}\\${p}`, FIREWALL_POLICY.values)));
    const unread = reads.find((r) => !r.ok);
    if (unread) return unread;
    return { ok: true, value: Object.fromEntries(profiles.map((p, i) => [p, (reads[i] as { value: unknown }).value])) };
  }

  /**
   * `netsh advfirewall show allprofiles` read by the firewall probe's parser, as the CIM codes the
   * script gives (Enabled 1 on / 0 off, DefaultInboundAction 4 block / 2 allow); netsh shows the
   * state in force, Group Policy included.
   */
  async firewallProfiles(): Promise<Answer<unknown[]>> {
    const r = await this.run(TOOL_COMMANDS.firewallProfiles);
    if (r.status !== 'exited') return failed(`netsh: ${describeFailure(r)}`);
    const profiles = r.exitCode === 0 ? parseNetshAdvfirewall(r.stdout) : null;
    if (!profiles) return failed(`netsh advfirewall: ${firstLine(r) || `exit code ${r.exitCode}`}`);
    const code = (on: boolean | null, yes: number, no: number) => (on === null ? null : on ? yes : no);
    return {
      ok: true,
      value: profiles.map((p) => ({
        name: p.name,
        enabled: code(p.enabled, 1, 0),
        defaultInboundAction: code(p.blocksInbound, 4, 2),
      })),
    };
  }

  /** The display language: the user's choice, else the one Windows shows everyone (PowerShell's CurrentUICulture). */
  async uiLanguage(): Promise<Answer<string>> {
    for (const [key, name] of UI_LANGUAGE_KEYS) {
      const read = await this.key(key);
      if (!read.ok) return read;
      // The first of the list is the language in use.
      const [first] = multiString(read.value ? regValue(read.value.values, name) : null);
      if (first) return { ok: true, value: first };
    }
    return failed('Windows names no display language in HKCU\\Control Panel\\Desktop');
  }

  /** The page files Windows opened at start-up, as Session Manager lists them (\??\C:\pagefile.sys). */
  async pageFiles(): Promise<Answer<string[]>> {
    const read = await this.key(MEMORY_MANAGEMENT);
    if (!read.ok) return read;
    const value = read.value ? regValue(read.value.values, 'ExistingPageFiles') : null;
    if (value === null) return failed(`${MEMORY_MANAGEMENT} lists no ExistingPageFiles`);
    return { ok: true, value: multiString(value).map((f) => f.replace(/^\\\?\?\\/, '')) };
  }

  /**
   * Auto-logon settings, each value asked for by name (`reg query KEY /v NAME`), so that DefaultPassword
   * is never listed with them: of it only reg.exe's exit code is read (0: it exists). A value reg.exe
   * does not find in the key, which exists, is not set (Winlogon is readable by every account).
   */
  async winlogon(): Promise<Answer<unknown>> {
    const values: Record<string, RegData | null> = {};
    let keyRead = false;
    for (const name of WINLOGON.values) {
      const r = await this.run({ program: 'reg.exe', args: ['query', WINLOGON_KEY, '/v', name] });
      if (r.status !== 'exited') return failed(`reg.exe: ${describeFailure(r)}`);
      const block = r.exitCode === 0 ? parseRegQuery(r.stdout).find((b) => sameKey(b.key, WINLOGON_KEY)) : undefined;
      values[name] = block ? regValue(block.values, name) : null;
      keyRead ||= block !== undefined;
      if (block || keyRead) continue;
      // Not found: the value is not set if the key is there (reg.exe exits 1 for a missing key, value or right);
      // a value already read from it shows it is there and readable.
      const there = await this.listed(WINLOGON_KEY);
      if (!there.ok) return there;
      if (!there.value) return failed(`${WINLOGON_KEY} is missing`);
    }
    const password = await this.run(DEFAULT_PASSWORD_QUERY);
    if (password.status !== 'exited') return failed(`reg.exe: ${describeFailure(password)}`);
    return { ok: true, value: { ...values, DefaultPasswordExists: password.exitCode === 0 } };
  }

  /** Backup and Restore's keys (registry.ts), its times as the script gives them (ISO 8601, UTC). */
  async windowsBackup(): Promise<Answer<unknown>> {
    const [last, disk, image] = await Promise.all([
      this.registryValues(keyName(WINDOWS_BACKUP_STATUS), WINDOWS_BACKUP_STATUS.values),
      this.key(keyName(WINDOWS_BACKUP_TARGET)),
      this.registryValues(keyName(SYSTEM_IMAGE_BACKUP), SYSTEM_IMAGE_BACKUP.values),
    ]);
    if (!last.ok) return last;
    if (!disk.ok) return disk;
    if (!image.ok) return image;
    const iso = (value: RegData | null | undefined) => regFileTime(value)?.toISOString() ?? null;
    return {
      ok: true,
      value: {
        target: disk.value !== null,
        lastSuccess: iso(last.value?.LastSuccess),
        systemImage: iso(image.value?.LastSuccessfulBackupTime),
      },
    };
  }

  /** The kinds of USB storage device seen: USBSTOR's subkeys (Disk&Ven_X&Prod_Y), never their instances (serials). */
  async usbStorageDevices(): Promise<Answer<string[]>> {
    const root = keyName(USBSTOR_DEVICES);
    const read = await this.query(root);
    if (!read.ok) return read;
    const prefix = `${HIVES.HKLM}${root.slice('HKLM'.length)}\\`.toLowerCase();
    const below = (read.value ?? []).map((b) => b.key).filter((k) => k.toLowerCase().startsWith(prefix));
    return { ok: true, value: below.map((k) => k.slice(prefix.length)).filter((name) => !name.includes('\\')) };
  }

  /** Display names in the uninstall keys of 64-bit, 32-bit and per-user installs (a missing key has none). */
  async installed(): Promise<Answer<string[]>> {
    const names: string[] = [];
    for (const read of await Promise.all(UNINSTALL.map((root) => this.query(root, DISPLAY_NAMES)))) {
      if (!read.ok) return read;
      for (const block of read.value ?? []) {
        const name = regValue(block.values, 'DisplayName');
        if (typeof name === 'string' && name) names.push(name);
      }
    }
    return { ok: true, value: names };
  }

  /** Run-key entries, each command cut to its program as a --record bundle keeps it. */
  async runKeys(): Promise<Answer<unknown[]>> {
    const entries: unknown[] = [];
    const reads = await Promise.all(RUN.map((root) => this.key(root)));
    for (const [i, read] of reads.entries()) {
      if (!read.ok) return read;
      for (const [name, data] of Object.entries(read.value?.values ?? {}))
        entries.push({ key: RUN[i], name, command: commandProgram(String(data)) });
    }
    return { ok: true, value: entries };
  }

  /**
   * The Driver values below a print key (`reg query KEY /s /v Driver`), each with the path of its subkey below
   * KEY split at its backslashes (`Local Port`; `Windows x64`, `Print Processors`, `winprint`).
   */
  private async printDrivers(root: string): Promise<Answer<{ under: string[]; driver: string | null }[]>> {
    const read = await this.query(root, DRIVER_VALUES);
    if (!read.ok) return read;
    const prefix = `${HIVES.HKLM}${root.slice('HKLM'.length)}\\`.toLowerCase();
    return {
      ok: true,
      value: (read.value ?? []).flatMap((b) => {
        if (!b.key.toLowerCase().startsWith(prefix)) return [];
        const driver = regValue(b.values, 'Driver');
        return [{ under: b.key.slice(prefix.length).split('\\'), driver: typeof driver === 'string' ? driver : null }];
      }),
    };
  }

  /** Print monitors: each subkey of Monitors with its Driver. */
  async printMonitors(): Promise<Answer<unknown[]>> {
    const read = await this.printDrivers(keyName(PRINT_MONITORS));
    if (!read.ok) return read;
    return {
      ok: true,
      value: read.value.filter((d) => d.under.length === 1).map((d) => ({ name: d.under[0], driver: d.driver })),
    };
  }

  /** Print processors: `<environment>\Print Processors\<name>` with its Driver. */
  async printProcessors(): Promise<Answer<unknown[]>> {
    const read = await this.printDrivers(keyName(PRINT_ENVIRONMENTS));
    if (!read.ok) return read;
    return {
      ok: true,
      value: read.value
        .filter((d) => d.under.length === 3 && d.under[1]!.toLowerCase() === 'print processors')
        .map((d) => ({ environment: d.under[0], name: d.under[2], driver: d.driver })),
    };
  }

  /**
   * Scheduled tasks outside \\Microsoft\\ from `schtasks /query /fo csv /v`, read by column (the headers are
   * translated); each command cut to its program, as a --record bundle keeps it. A state schtasks names in another
   * language than English or Chinese is null: the task is listed as one that may start.
   */
  async scheduledTasks(): Promise<Answer<unknown[]>> {
    const r = await this.run(TOOL_COMMANDS.scheduledTasks);
    if (r.status !== 'exited') return failed(`schtasks: ${describeFailure(r)}`);
    const tasks = r.exitCode === 0 ? parseSchtasksCsv(r.stdout) : null;
    if (!tasks) return failed(`schtasks /query: ${firstLine(r) || `exit code ${r.exitCode}`}`);
    return {
      ok: true,
      value: tasks
        .filter((t) => !t.path.toLowerCase().startsWith('\\microsoft\\'))
        .map((t) => ({
          path: t.path,
          state: t.disabled === null ? null : t.disabled ? 'Disabled' : 'Ready',
          command: commandProgram(t.command),
        })),
    };
  }

  /** `net accounts`: its lines, which the password policy reads by position (the labels are translated). */
  /** `netstat -ano` and `tasklist`: the listening TCP and bound UDP sockets with their programs' names. */
  async listeningSockets(): Promise<Answer<unknown[]>> {
    const [netstat, tasklist] = await Promise.all([
      this.run(TOOL_COMMANDS.listeningSockets),
      this.run(TOOL_COMMANDS.processes),
    ]);
    if (netstat.status !== 'exited') return failed(`netstat -ano: ${describeFailure(netstat)}`);
    if (netstat.exitCode !== 0) return failed(`netstat -ano: ${firstLine(netstat) || `exit code ${netstat.exitCode}`}`);
    const sockets = parseNetstatAno(netstat.stdout);
    if (sockets.length === 0) return failed('netstat -ano listed no socket');
    const names = tasklist.status === 'exited' ? parseTasklistPids(tasklist.stdout) : new Map<number, string>();
    return {
      ok: true,
      value: sockets.map(({ pid, ...s }) => ({ ...s, program: names.get(pid)?.replace(/\.exe$/i, '') ?? null })),
    };
  }

  /**
   * The Security log's oldest event, from `wevtutil qe Security /c:1 /rd:false /f:xml` (administrator only): its
   * time, or null when the log is empty (wevtutil then prints nothing and exits 0).
   */
  async securityLogOldest(): Promise<Answer<string | null>> {
    if (!this.host.elevated) return failed(REASON.needsAdmin);
    const r = await this.run(TOOL_COMMANDS.securityLogOldest);
    if (r.status !== 'exited') return failed(`wevtutil: ${describeFailure(r)}`);
    if (r.exitCode === 0 && !r.stdout.trim()) return { ok: true, value: null };
    const time = r.exitCode === 0 ? wevtutilEventTime(r.stdout) : null;
    return time ? { ok: true, value: time } : failed(`wevtutil qe Security: ${whyNot(r)}`);
  }

  /** `netsh wlan show interfaces`, read by position (parseNetshInterfaces); a non-zero exit code is an answer too. */
  async wlanInterfaces(): Promise<Answer<{ exitCode: number; lines: string[] }>> {
    const r = await this.run(TOOL_COMMANDS.wlanInterfaces);
    if (r.status !== 'exited') return failed(`netsh wlan show interfaces: ${describeFailure(r)}`);
    return { ok: true, value: { exitCode: r.exitCode, lines: r.stdout.split(/\r?\n/) } };
  }

  async netAccounts(): Promise<Answer<string[]>> {
    const r = await this.run(TOOL_COMMANDS.netAccounts);
    if (r.status !== 'exited') return failed(`net accounts: ${describeFailure(r)}`);
    if (r.exitCode !== 0) return failed(`net accounts: ${firstLine(r) || `exit code ${r.exitCode}`}`);
    return { ok: true, value: r.stdout.split(/\r?\n/) };
  }

  /**
   * `quser`: its exit code and lines, as the script gives them (quserSessions decides). Whether the
   * scan runs in a user's session is known without PowerShell only when SESSIONNAME says so: Windows
   * sets it in interactive sessions (Console, RDP-Tcp#N), a service or scheduled task has none.
   */
  async quser(): Promise<Answer<unknown>> {
    // Kept as the answer in a --record bundle, whose masking would take a row of a user named like a secret
    // (Secretary) for a key and its value; the PowerShell document keeps the same lines.
    return this.host.derive('windows.fallback.quser', async (): Promise<Answer<unknown>> => {
      const r = await this.run(TOOL_COMMANDS.quser);
      if (r.status === 'missing') return failed(`${REASON.notSupported} (quser.exe is not on this edition of Windows)`);
      if (r.status !== 'exited') return failed(`quser: ${describeFailure(r)}`);
      return {
        ok: true,
        value: {
          exitCode: r.exitCode,
          lines: r.stdout.split(/\r?\n/),
          inSession: this.host.env('SESSIONNAME') ? true : null,
        },
      };
    });
  }

  /** `net share`: the shares' names, folders and remarks (not whether they are printers, nor who may use them). */
  async shares(): Promise<Answer<unknown[]>> {
    const r = await this.run(TOOL_COMMANDS.netShare);
    if (r.status !== 'exited') return failed(`net share: ${describeFailure(r)}`);
    const shares = r.exitCode === 0 ? parseNetShare(r.stdout) : null;
    if (!shares) return failed(`net share: ${firstLine(r) || `exit code ${r.exitCode}`}`);
    return {
      ok: true,
      value: shares.map((s) => ({ name: s.name, path: s.path, description: s.remark, special: null, shareType: null })),
    };
  }

  /**
   * Every service with its state from `sc query` (read by position) and its start mode from the
   * Services keys' Start values (reg.exe); a start mode that cannot be read stays null.
   */
  async services(): Promise<Answer<unknown[]>> {
    const r = await this.run(TOOL_COMMANDS.services);
    if (r.status !== 'exited') return failed(`sc query: ${describeFailure(r)}`);
    const services = r.exitCode === 0 ? parseScQuery(r.stdout) : [];
    if (services.length === 0) return failed(`sc query: ${firstLine(r) || `exit code ${r.exitCode}`}`);
    const starts = await this.query(SERVICES, START_VALUES);
    const startOf = new Map<string, number>();
    for (const block of starts.ok ? (starts.value ?? []) : []) {
      const name = block.key.slice(block.key.lastIndexOf('\\') + 1).toLowerCase();
      const start = regValue(block.values, 'Start');
      if (sameKey(block.key.slice(0, block.key.lastIndexOf('\\')), SERVICES) && typeof start === 'number')
        startOf.set(name, start);
    }
    return {
      ok: true,
      value: services.map((s) => ({
        name: s.name,
        displayName: s.displayName,
        state: s.state,
        startMode: START_MODES[startOf.get(s.name.toLowerCase()) ?? -1] ?? null,
      })),
    };
  }

  /** `tasklist /fo csv /nh`: the running programs, named as Get-Process names them (without .exe). */
  async processes(): Promise<Answer<string[]>> {
    const r = await this.run(TOOL_COMMANDS.processes);
    if (r.status !== 'exited') return failed(`tasklist: ${describeFailure(r)}`);
    const names = r.exitCode === 0 ? parseTasklistCsv(r.stdout) : [];
    if (names.length === 0) return failed(`tasklist: ${firstLine(r) || `exit code ${r.exitCode}`}`);
    return { ok: true, value: [...new Set(names.map((n) => n.replace(/\.exe$/i, '')))].sort() };
  }

  /** The local accounts from WMIC, which gives their SIDs; where WMIC is missing or fails, from `net user`. */
  async localUsers(): Promise<Answer<unknown[]>> {
    const wmic = await this.wmicUsers();
    if (wmic.ok) return wmic;
    const net = await this.netUsers();
    return net.ok ? net : failed(`${wmic.reason}; ${net.reason}`);
  }

  /**
   * The local accounts from `net user` and `net user NAME` for each (read by position, parseNetUser): name,
   * enabled, whether a password is required, and which built-in account Windows' description names; no SIDs.
   */
  private async netUsers(): Promise<Answer<unknown[]>> {
    const list = await this.run(TOOL_COMMANDS.netUsers);
    const names = list.status === 'exited' && list.exitCode === 0 ? parseNetUserList(list.stdout) : null;
    if (!names?.length) return failed(`net user: ${whyNot(list)}`);
    const reads = await Promise.all(names.map((name) => this.run({ program: 'net.exe', args: ['user', name] })));
    const users: unknown[] = [];
    for (const [i, r] of reads.entries()) {
      const account = r.status === 'exited' && r.exitCode === 0 ? parseNetUser(r.stdout) : null;
      if (account) {
        users.push({
          name: account.name,
          sid: null,
          enabled: account.enabled,
          passwordRequired: account.passwordRequired,
          passwordLastSet: null,
          builtin: builtinByComment(account.comment),
        });
        // net's closing line, when as short as a name, is the last one and describes no account.
      } else if (i < names.length - 1) return failed(`net user ${names[i]}: ${whyNot(r)}`);
    }
    return { ok: true, value: users };
  }

  /**
   * The local accounts from WMIC (Win32_UserAccount: its property names and TRUE/FALSE are never
   * translated): name, SID, enabled, whether a password is required. WMIC is missing on Windows 11
   * 24H2 and later installs unless added back.
   */
  private async wmicUsers(): Promise<Answer<unknown[]>> {
    const r = await this.run(TOOL_COMMANDS.localUsers);
    if (r.status === 'missing') return failed('WMIC is not on this PC (removed from Windows 11 24H2 and later)');
    if (r.status !== 'exited') return failed(`wmic useraccount: ${describeFailure(r)}`);
    const rows = r.exitCode === 0 ? parseWmicTable(r.stdout).filter((u) => u.Name && u.SID) : [];
    if (rows.length === 0) return failed(`wmic useraccount: ${firstLine(r) || `exit code ${r.exitCode}`}`);
    return {
      ok: true,
      value: rows.map((u) => {
        const disabled = wmicFlag(u.Disabled);
        return {
          name: u.Name,
          sid: u.SID,
          enabled: disabled === null ? null : !disabled,
          passwordRequired: wmicFlag(u.PasswordRequired),
          passwordLastSet: null,
        };
      }),
    };
  }

  /** Installed updates from WMIC (Win32_QuickFixEngineering, as the script reads it: InstalledOn as WMI's text). */
  async hotfixes(): Promise<Answer<unknown[]>> {
    const r = await this.run(TOOL_COMMANDS.hotfixes);
    if (r.status === 'missing') return failed('WMIC is not on this PC (removed from Windows 11 24H2 and later)');
    if (r.status !== 'exited') return failed(`wmic qfe: ${describeFailure(r)}`);
    if (r.exitCode !== 0) return failed(`wmic qfe: ${firstLine(r) || `exit code ${r.exitCode}`}`);
    return {
      ok: true,
      value: parseWmicTable(r.stdout).map((q) => ({ id: q.HotFixID || null, installedOn: q.InstalledOn || null })),
    };
  }

  /**
   * `manage-bde -status` of the system drive (of every volume when it is not known; administrator only), as
   * Win32_EncryptableVolume's codes.
   */
  async bitLockerVolumes(systemDrive: string | null): Promise<Answer<unknown[]>> {
    if (!this.host.elevated) return failed(REASON.needsAdmin);
    const bde = TOOL_COMMANDS.bitLockerVolumes;
    const r = await this.run(systemDrive ? bde : { ...bde, args: ['-status'] }, systemDrive ?? '');
    if (r.status !== 'exited') return failed(`manage-bde: ${describeFailure(r)}`);
    const volumes = r.exitCode === 0 ? parseManageBdeStatus(r.stdout) : [];
    if (volumes.length === 0) return failed(`manage-bde: ${firstLine(r) || `exit code ${r.exitCode}`}`);
    // A state it does not know leaves that volume unknown, not every volume.
    return {
      ok: true,
      value: volumes.map((v) => {
        const known = v.conversionStatus !== null && v.protectionStatus !== null;
        return {
          deviceId: null,
          driveLetter: v.driveLetter,
          volumeType: v.volumeType,
          protectionStatus: known ? v.protectionStatus : null,
          conversionStatus: known ? v.conversionStatus : null,
          encryptionMethod: null,
          unknownState: known
            ? null
            : `manage-bde printed a state of ${v.driveLetter} shop-audit does not know: ` +
              `${v.conversionLabel ?? '(none)'} ` +
              `/ ${v.protectionLabel ?? '(none)'}`,
        };
      }),
    };
  }
}

/**
 * Each of the named answers (those the script did not give) that Windows' own tools can give, read
 * because PowerShell could not run or was stopped (`why`); the others carry a reason that says so.
 */
export async function fallbackAnswers(
  host: Host,
  why: string,
  names: readonly AnswerName[] = Object.keys(answerSchemas()) as AnswerName[],
): Promise<FallbackAnswers> {
  const tools = new WindowsTools(host);
  const systemDrive = host.env('SystemDrive');
  const drive = systemDrive && /^[A-Za-z]:$/.test(systemDrive) ? systemDrive : null;
  const env = (name: string, value: string | undefined): Answer<string> =>
    value ? { ok: true, value } : failed(`the environment variable ${name} is not set`);
  const readers: Partial<Record<AnswerName, () => Promise<Answer<unknown>>>> = {
    computerName: async () => env('COMPUTERNAME', host.env('COMPUTERNAME')),
    uiLanguage: () => tools.uiLanguage(),
    pageFiles: () => tools.pageFiles(),
    systemDrive: async () => env('SystemDrive', systemDrive),
    winlogon: () => tools.winlogon(),
    installed: () => tools.installed(),
    runKeys: () => tools.runKeys(),
    windowsBackup: () => tools.windowsBackup(),
    usbStorageDevices: () => tools.usbStorageDevices(),
    securityLogOldest: () => tools.securityLogOldest(),
    printMonitors: () => tools.printMonitors(),
    scheduledTasks: () => tools.scheduledTasks(),
    printProcessors: () => tools.printProcessors(),
    shares: () => tools.shares(),
    netAccounts: () => tools.netAccounts(),
    quser: () => tools.quser(),
    firewallProfiles: () => tools.firewallProfiles(),
    firewallPolicy: () => tools.firewallPolicy(),
    productType: () => tools.productType(),
    bitLockerVolumes: () => tools.bitLockerVolumes(drive),
    services: () => tools.services(),
    processes: () => tools.processes(),
    localUsers: () => tools.localUsers(),
    hotfixes: () => tools.hotfixes(),
    wlanInterfaces: () => tools.wlanInterfaces(),
    listeningSockets: () => tools.listeningSockets(),
  };
  // An elevated scan may run under a technician's account: HKCU is the shop's only when nobody else is signed in.
  let onlyUser: Promise<Answer<true>> | null = null;
  const whoseHkcu = (): Promise<Answer<true>> => {
    if (!host.elevated) return Promise.resolve({ ok: true, value: true });
    onlyUser ??= tools.onlyUserHive();
    return onlyUser;
  };
  for (const [name, key] of Object.entries(REGISTRY_ANSWERS)) {
    readers[name as AnswerName] = async () => {
      const hkcu = key.hive === 'HKCU' ? await whoseHkcu() : null;
      if (hkcu && !hkcu.ok) return hkcu;
      return tools.registryValues(keyName(key), key.values);
    };
  }

  // chcp only when a tool will run: asked for answers no tool gives, the fallback starts nothing.
  if (names.some((name) => readers[name])) await tools.useOemCodePage();
  const reads = new Map(names.map((name) => [name, readers[name]?.()] as const));
  const answers: FallbackAnswers = { facts: {}, reasons: {} };
  for (const [name, pending] of reads) {
    const read = await pending;
    if (read?.ok) answers.facts[name] = read.value;
    else if (!read) answers.reasons[name] = `needs PowerShell, which could not run (${why})`;
    else
      answers.reasons[name] =
        read.reason === REASON.needsAdmin ? REASON.needsAdmin : `${read.reason} (PowerShell could not run)`;
  }
  return answers;
}

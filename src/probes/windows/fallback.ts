import type { z } from 'zod';
import { describeFailure, type ExecResult, type Host } from '../../host/types.js';
import { REASON, type Answer } from '../types.js';
import { ANSWERS, commandProgram, systemRoot, type AnswerName, type FallbackAnswers } from './document.js';
import { parseManageBdeStatus, parseNetshAdvfirewall, parseNetShare, parseRegQuery, type RegData, type RegKeyBlock } from './fallback-parse.js';

// When PowerShell cannot run — missing, disabled by policy, blocked by security software, timed
// out, or printing no document — the probes still get the same named answers, from tools every
// Windows has: the environment (COMPUTERNAME, SystemDrive), reg.exe for each registry answer
// (its layout does not change with the display language) and, where nothing else exists, the
// text of `net share`, `net accounts`, `quser`, `netsh advfirewall` and `manage-bde -status`.
// An answer with no such source stays unknown and says why PowerShell could not run.

/** The registry key behind each answer that is one key's named values (the same keys the script reads). */
const REGISTRY_ANSWERS: Partial<Record<AnswerName, string>> = {
  osVersion: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
  machineGuid: 'HKLM\\SOFTWARE\\Microsoft\\Cryptography',
  screenSaverUser: 'HKCU\\Control Panel\\Desktop',
  screenSaverPolicy: 'HKCU\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop',
  machineInactivity: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System',
  lanmanServer: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters',
  lsa: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa',
  terminalServer: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server',
  rdpTcp: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp',
  terminalServicesPolicy: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services',
  autorunMachine: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer',
  autorunUser: 'HKCU\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer',
  autoplayHandlers: 'HKCU\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\AutoplayHandlers',
};
const WINLOGON = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';
const UNINSTALL = ['HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall', 'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall', 'HKCU\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall'];
const RUN = ['HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run', 'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Run', 'HKCU\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run'];
const CODE_PAGE = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage';
const MEMORY_MANAGEMENT = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Memory Management';
const FIREWALL_POLICY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall';
const PRODUCT_OPTIONS = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\ProductOptions';
/** ProductOptions' ProductType as Win32_OperatingSystem's code: 1 workstation, 2 domain controller, 3 server. */
const PRODUCT_TYPES: Record<string, number> = { winnt: 1, lanmannt: 2, servernt: 3 };

/** The value names a registry-key answer's schema (regKey in document.ts) asks for. */
const regKeyNames = (schema: unknown) => Object.keys((schema as z.ZodNullable<z.ZodObject>).unwrap().shape);

/** TextDecoder labels of the OEM code pages whose text Node can decode; others are read as UTF-8 (non-ASCII shows as �). */
const OEM_ENCODINGS: Record<string, string> = { '936': 'gbk', '950': 'big5', '932': 'shift_jis', '949': 'euc-kr', '866': 'ibm866', '65001': 'utf-8' };

const failed = (reason: string): Answer<never> => ({ ok: false, reason });

/** A value of a key, by name as the registry compares names: without regard to case. */
const regValue = (values: Record<string, RegData>, name: string): RegData | null => Object.entries(values).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1] ?? null;

const HIVES: Record<string, string> = { HKLM: 'HKEY_LOCAL_MACHINE', HKCU: 'HKEY_CURRENT_USER' };
/** Whether reg.exe's name of a key (HKEY_LOCAL_MACHINE\…, in the registry's own case) is the key asked for (HKLM\…). */
const sameKey = (printed: string, asked: string) => printed.toLowerCase() === asked.replace(/^\w+(?=\\|$)/, (h) => HIVES[h.toUpperCase()] ?? h).toLowerCase();

/** The strings of a REG_MULTI_SZ value, which reg.exe prints joined by a literal \0. */
const multiString = (value: RegData | null) => (typeof value === 'string' ? value.split('\\0').filter(Boolean) : []);

const firstLine = (r: Extract<ExecResult, { status: 'exited' }>) => (r.stderr.trim() || r.stdout.trim()).split(/\r?\n/)[0] ?? '';

/** Windows' own tools at their absolute paths, read as the fallback needs them. */
export class WindowsTools {
  private encoding = 'utf-8';
  // Several answers read the same key (and a missing key's parents): ask reg.exe once for each.
  private readonly queries = new Map<string, Promise<Answer<RegKeyBlock[] | null>>>();
  constructor(private readonly host: Host) {}

  private tool = (name: string) => `${systemRoot(this.host)}\\System32\\${name}`;
  private run = (name: string, args: string[]) => this.host.exec(this.tool(name), args, { encoding: this.encoding });

  /** Console tools write redirected output in the OEM code page (GBK on Chinese Windows); the registry says which. */
  async useOemCodePage(): Promise<void> {
    const read = await this.key(CODE_PAGE);
    const page = read.ok && read.value ? String(regValue(read.value.values, 'OEMCP') ?? '') : '';
    this.encoding = OEM_ENCODINGS[page] ?? 'utf-8';
  }

  /**
   * `reg query KEY [more args]`: the blocks it printed, or null when the key does not exist.
   * reg.exe exits 1 both for a missing key and for one it may not read, and says which only in
   * the display language, so the parent key decides: it lists the subkey only if it exists.
   */
  query(key: string, more: string[] = []): Promise<Answer<RegKeyBlock[] | null>> {
    const id = JSON.stringify([key, ...more]);
    const read = this.queries.get(id) ?? this.queryOnce(key, more);
    this.queries.set(id, read);
    return read;
  }

  private async queryOnce(key: string, more: string[]): Promise<Answer<RegKeyBlock[] | null>> {
    const r = await this.run('reg.exe', ['query', key, ...more]);
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
    const cut = key.lastIndexOf('\\');
    if (cut < 0) return failed(`reg.exe cannot read ${key}: ${firstLine(r)}`);
    const parent = await this.query(key.slice(0, cut));
    if (!parent.ok) return parent;
    const there = parent.value?.some((b) => sameKey(b.key, key));
    if (!there) return { ok: true, value: null };
    return failed(this.host.elevated ? `reg.exe cannot read ${key}: ${firstLine(r)}` : REASON.needsAdmin);
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

  /** Workstation, domain controller or server, as Win32_OperatingSystem's ProductType. */
  async productType(): Promise<Answer<number>> {
    const read = await this.registryValues(PRODUCT_OPTIONS, ['ProductType']);
    if (!read.ok) return read;
    const type = read.value?.ProductType;
    const code = typeof type === 'string' ? PRODUCT_TYPES[type.toLowerCase()] : undefined;
    return code ? { ok: true, value: code } : failed(`ProductType in ${PRODUCT_OPTIONS} is ${type ?? 'not set'}, not WinNT, LanmanNT or ServerNT: whether this is a workstation or a server is not known`);
  }

  /** Group Policy's firewall settings of the three profiles (the Private profile is StandardProfile there). */
  async firewallPolicy(): Promise<Answer<unknown>> {
    const profiles = Object.keys(ANSWERS.firewallPolicy.shape) as (keyof typeof ANSWERS.firewallPolicy.shape)[];
    const reads = await Promise.all(profiles.map((p) => this.registryValues(`${FIREWALL_POLICY}\\${p}`, regKeyNames(ANSWERS.firewallPolicy.shape[p]))));
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
    const r = await this.run('netsh.exe', ['advfirewall', 'show', 'allprofiles']);
    if (r.status !== 'exited') return failed(`netsh: ${describeFailure(r)}`);
    const profiles = r.exitCode === 0 ? parseNetshAdvfirewall(r.stdout) : null;
    if (!profiles) return failed(`netsh advfirewall: ${firstLine(r) || `exit code ${r.exitCode}`}`);
    const code = (on: boolean | null, yes: number, no: number) => (on === null ? null : on ? yes : no);
    return { ok: true, value: profiles.map((p) => ({ name: p.name, enabled: code(p.enabled, 1, 0), defaultInboundAction: code(p.blocksInbound, 4, 2) })) };
  }

  /** The display language: the one the user chose, else the one Windows shows everyone (as PowerShell's CurrentUICulture). */
  async uiLanguage(): Promise<Answer<string>> {
    for (const [key, name] of [['HKCU\\Control Panel\\Desktop', 'PreferredUILanguages'], ['HKCU\\Control Panel\\Desktop\\MuiCached', 'MachinePreferredUILanguages']] as const) {
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

  /** Auto-logon settings; DefaultPassword's data was dropped by the parser, only that it exists is kept. */
  async winlogon(): Promise<Answer<unknown>> {
    const read = await this.key(WINLOGON);
    if (!read.ok) return read;
    if (!read.value) return failed(`${WINLOGON} is missing`);
    const { values, hidden } = read.value;
    return {
      ok: true,
      value: {
        AutoAdminLogon: regValue(values, 'AutoAdminLogon'),
        DefaultUserName: regValue(values, 'DefaultUserName'),
        DefaultDomainName: regValue(values, 'DefaultDomainName'),
        DefaultPasswordExists: hidden.some((n) => n.toLowerCase() === 'defaultpassword'),
      },
    };
  }

  /** Display names in the uninstall keys of 64-bit, 32-bit and per-user installs (a missing key has none). */
  async installed(): Promise<Answer<string[]>> {
    const names: string[] = [];
    for (const read of await Promise.all(UNINSTALL.map((root) => this.query(root, ['/s', '/v', 'DisplayName'])))) {
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
      for (const [name, data] of Object.entries(read.value?.values ?? {})) entries.push({ key: RUN[i], name, command: commandProgram(String(data)) });
    }
    return { ok: true, value: entries };
  }

  /** `net accounts`: its lines, which the password policy reads by position (the labels are translated). */
  async netAccounts(): Promise<Answer<string[]>> {
    const r = await this.run('net.exe', ['accounts']);
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
    const r = await this.run('quser.exe', []);
    if (r.status === 'missing') return failed(`${REASON.notSupported} (quser.exe is not on this edition of Windows)`);
    if (r.status !== 'exited') return failed(`quser: ${describeFailure(r)}`);
    return { ok: true, value: { exitCode: r.exitCode, lines: r.stdout.split(/\r?\n/), inSession: this.host.env('SESSIONNAME') ? true : null } };
  }

  /** `net share`: the shares' names, folders and remarks (not whether they are printers, nor who may use them). */
  async shares(): Promise<Answer<unknown[]>> {
    const r = await this.run('net.exe', ['share']);
    if (r.status !== 'exited') return failed(`net share: ${describeFailure(r)}`);
    const shares = r.exitCode === 0 ? parseNetShare(r.stdout) : null;
    if (!shares) return failed(`net share: ${firstLine(r) || `exit code ${r.exitCode}`}`);
    return { ok: true, value: shares.map((s) => ({ name: s.name, path: s.path, description: s.remark, special: null, shareType: null })) };
  }

  /** `manage-bde -status` of the system drive (of every volume when it is not known; administrator only), as Win32_EncryptableVolume's codes. */
  async bitLockerVolumes(systemDrive: string | null): Promise<Answer<unknown[]>> {
    if (!this.host.elevated) return failed(REASON.needsAdmin);
    const r = await this.run('manage-bde.exe', systemDrive ? ['-status', systemDrive] : ['-status']);
    if (r.status !== 'exited') return failed(`manage-bde: ${describeFailure(r)}`);
    const volumes = r.exitCode === 0 ? parseManageBdeStatus(r.stdout) : [];
    if (volumes.length === 0) return failed(`manage-bde: ${firstLine(r) || `exit code ${r.exitCode}`}`);
    const unread = volumes.find((v) => v.conversionStatus === null || v.protectionStatus === null);
    if (unread) return failed(`manage-bde printed a state of ${unread.driveLetter} shop-audit does not know: ${unread.conversionLabel ?? '(none)'} / ${unread.protectionLabel ?? '(none)'}`);
    return { ok: true, value: volumes.map((v) => ({ deviceId: null, driveLetter: v.driveLetter, volumeType: v.volumeType, protectionStatus: v.protectionStatus, conversionStatus: v.conversionStatus, encryptionMethod: null })) };
  }
}

/**
 * Every answer of the script's contract that Windows' own tools can give, read when PowerShell
 * could not run (`why`); the others carry a reason that says so.
 */
export async function fallbackAnswers(host: Host, why: string): Promise<FallbackAnswers> {
  const tools = new WindowsTools(host);
  await tools.useOemCodePage();
  const systemDrive = host.env('SystemDrive');
  const drive = systemDrive && /^[A-Za-z]:$/.test(systemDrive) ? systemDrive : null;
  const env = (name: string, value: string | undefined): Answer<string> => (value ? { ok: true, value } : failed(`the environment variable ${name} is not set`));
  const reads: Partial<Record<AnswerName, Promise<Answer<unknown>>>> = {
    computerName: Promise.resolve(env('COMPUTERNAME', host.env('COMPUTERNAME'))),
    uiLanguage: tools.uiLanguage(),
    pageFiles: tools.pageFiles(),
    systemDrive: Promise.resolve(env('SystemDrive', systemDrive)),
    winlogon: tools.winlogon(),
    installed: tools.installed(),
    runKeys: tools.runKeys(),
    shares: tools.shares(),
    netAccounts: tools.netAccounts(),
    quser: tools.quser(),
    firewallProfiles: tools.firewallProfiles(),
    firewallPolicy: tools.firewallPolicy(),
    productType: tools.productType(),
    bitLockerVolumes: tools.bitLockerVolumes(drive),
  };
  for (const [name, key] of Object.entries(REGISTRY_ANSWERS)) reads[name as AnswerName] = tools.registryValues(key, regKeyNames(ANSWERS[name as AnswerName]));

  const answers: FallbackAnswers = { facts: {}, reasons: {} };
  for (const name of Object.keys(ANSWERS) as AnswerName[]) {
    const read = await reads[name];
    if (read?.ok) answers.facts[name] = read.value;
    else if (!read) answers.reasons[name] = `needs PowerShell, which could not run (${why})`;
    else answers.reasons[name] = read.reason === REASON.needsAdmin ? REASON.needsAdmin : `${read.reason} (PowerShell could not run)`;
  }
  return answers;
}

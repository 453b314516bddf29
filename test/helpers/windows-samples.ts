import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createReplayHost, type Bundle } from '../../src/host/bundle.js';
import type { Host } from '../../src/host/types.js';
import { POWERSHELL_ARGS } from '../../src/probes/windows/document.js';
import { ANSWER_MARKER } from '../../src/probes/windows/script.js';
import {
  parseManageBdeStatus,
  parseNetshAdvfirewall,
  parseNetShare as parseNetShareTable,
} from '../../src/probes/windows/fallback-parse.js';
import { REPO, SAMPLES } from './host.js';

// Turns the real Windows outputs in test/fixtures/samples/windows into the answers the shop-audit
// script gives for the same state, and wraps them in a replay bundle. The text parsers here know
// the English and the Chinese labels of each tool.

export const sample = (name: string) => readFileSync(path.join(SAMPLES, 'windows', name), 'utf8');

/** Get-HotFix's documented example as the script's hotfixes answer (handwritten from Microsoft's documentation). */
export const HOTFIXES_EXAMPLE = JSON.parse(
  readFileSync(
    path.join(
      REPO,
      'test',
      'fixtures',
      'os_support',
      'hotfixes__handwritten-documented-format-get-hotfix-example-1.json',
    ),
    'utf8',
  ),
) as unknown[];

/** `reg query KEY`: `    Name    REG_TYPE    Data` lines; DWORDs as numbers, REG_SZ as text. */
export function parseRegQuery(text: string): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^ {4}(.+?) {4}(REG_\w+) {4}(.*)$/.exec(line);
    if (!m) continue;
    out[m[1]!] = m[2] === 'REG_DWORD' ? Number.parseInt(m[3]!, 16) : m[3]!;
  }
  return out;
}

/** The script's winlogon answer for a `reg query …\Winlogon` sample: DefaultPassword only as whether it exists. */
export function winlogonFromSample(name: string) {
  const winlogon = parseRegQuery(sample(name));
  return {
    AutoAdminLogon: winlogon.AutoAdminLogon ?? null,
    DefaultUserName: winlogon.DefaultUserName ?? null,
    DefaultDomainName: null,
    ScreenSaverGracePeriod: winlogon.ScreenSaverGracePeriod ?? null,
    DefaultPasswordExists: 'DefaultPassword' in winlogon,
  };
}

/** PowerShell's Format-List: `Key : Value` records separated by blank lines. */
export function parseFormatList(text: string): Record<string, string>[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((block) => Object.fromEntries([...block.matchAll(/^(\w+)\s*: ?(.*)$/gm)].map((m) => [m[1]!, m[2]!.trim()])))
    .filter((r) => Object.keys(r).length > 0);
}

/** PowerShell's Format-Table: columns start where the dashes under the headers start. */
export function parseFormatTable(text: string): Record<string, string>[] {
  const lines = text.split(/\r?\n/);
  const dashes = lines.findIndex((l) => /^-+(\s+-+)*\s*$/.test(l));
  const starts = [...lines[dashes]!.matchAll(/-+/g)].map((m) => m.index);
  const cell = (line: string, i: number) => line.slice(starts[i], starts[i + 1]).trim();
  const headers = starts.map((_, i) => cell(lines[dashes - 1]!, i));
  return lines
    .slice(dashes + 1)
    .filter((l) => l.trim())
    .map((l) => Object.fromEntries(headers.map((h, i) => [h, cell(l, i)])));
}

/** `net share` (src's parser, also the fallback's): each share's name and folder. */
export function parseNetShare(text: string): { name: string; path: string | null }[] {
  return (parseNetShareTable(text) ?? []).map((s) => ({ name: s.name, path: s.path }));
}

/** `manage-bde -status` (src's parser, also the fallback's): one entry per volume, labels in English or Chinese. */
export function parseManageBde(
  text: string,
): { driveLetter: string; osVolume: boolean; conversionStatus: number | null; protectionStatus: number | null }[] {
  return parseManageBdeStatus(text).map((v) => ({
    driveLetter: v.driveLetter,
    osVolume: v.volumeType === 0,
    conversionStatus: v.conversionStatus,
    protectionStatus: v.protectionStatus,
  }));
}

/** `net user NAME`: the account name and whether it is active, in English or Chinese. */
export function parseNetUser(text: string): { name: string; enabled: boolean } {
  const field = (labels: string[]) =>
    labels.map((l) => new RegExp(`^${l}\\s{2,}(\\S.*?)\\s*$`, 'm').exec(text)?.[1]).find((v) => v !== undefined) ?? '';
  return { name: field(['User name', '用户名']), enabled: field(['Account active', '帐户启用']) === 'Yes' };
}

/**
 * The running programs of a process listing as Get-Process names them (the file name without .exe):
 * `tasklist` / `tasklist /v` rows (the image name fills the first 25 columns and the PID the next 9,
 * whatever the language; a row the console wrapped goes on in a line that starts with spaces),
 * `nvidia-smi`'s process rows (`|  GPU GI CI PID Type  path  memory |`: the path's last part), WinDbg's
 * `!mex.tl` rows (`0x… 0n<PID> address name`, a 32-bit program marked `*32`), and a port table's
 * `port  count  image` rows.
 */
export function processNames(text: string): string[] {
  const names = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const tasklist = /^\S/.test(line) && /^ +\d+ $/.test(line.slice(25, 35)) ? line.slice(0, 25) : undefined;
    const nvidia = /^\|\s+\d+\s+\S+\s+\S+\s+\d+\s+\S+\s+(.+?\.exe)\s+\S+\s+\|$/i.exec(line)?.[1]?.split('\\').pop();
    const ports = /^\s+\d+\s+\d+\s+(\S+\.exe)\s*$/i.exec(line)?.[1];
    const windbg = /^0x[0-9a-f]+\s+0n\d+\s+[0-9a-f]{16} (\S+?)(?:\*32)?\s/i.exec(line)?.[1];
    const image = tasklist ?? nvidia ?? ports ?? windbg;
    if (image) names.add(image.trim().replace(/\.exe$/i, ''));
  }
  return [...names].sort();
}

/** `sc qc NAME`: the service as Win32_Service describes it (START_TYPE's number as its StartMode word). */
export function serviceFromScQc(text: string, state: string | null): Record<string, string | null> {
  const field = (label: string) => new RegExp(`^\\s*${label}\\s*: ?(.*?)\\s*$`, 'm').exec(text)?.[1] ?? null;
  const start = { '0': 'Boot', '1': 'System', '2': 'Auto', '3': 'Manual', '4': 'Disabled' }[
    /^\d+/.exec(field('START_TYPE') ?? '')?.[0] ?? ''
  ];
  return { name: field('SERVICE_NAME'), displayName: field('DISPLAY_NAME'), state, startMode: start ?? null };
}

/** `systeminfo`: product name and build, in English or Chinese. */
export function parseSystemInfo(text: string): { ProductName: string; CurrentVersion: string; CurrentBuild: string } {
  const field = (labels: string[]) =>
    labels.map((l) => new RegExp(`^${l}:\\s+(.*?)\\s*$`, 'm').exec(text)?.[1]).find((v) => v !== undefined) ?? '';
  const version = /^(\d+\.\d+)\.\d+ .*Build (\d+)/.exec(field(['OS Version', 'OS 版本']))!;
  return {
    ProductName: field(['OS Name', 'OS 名称']).replace(/^Microsoft /, ''),
    CurrentVersion: version[1]!,
    CurrentBuild: version[2]!,
  };
}

type Failures = Record<string, { type: string; message: string }>;

/**
 * What the script prints for these answers: a marked JSON line each, between its contract line and,
 * unless `done` is false (a run stopped half-way), its closing line.
 */
export function scriptOutput(facts: Record<string, unknown>, failed: Failures = {}, done = true): string {
  const lines = [
    { contract: 2 },
    ...Object.entries(facts).map(([q, value]) => ({ q, value })),
    ...Object.entries(failed).map(([q, f]) => ({ q, failed: f })),
    ...(done ? [{ done: true }] : []),
  ];
  return lines.map((l) => `${ANSWER_MARKER}${JSON.stringify(l)}\r\n`).join('');
}

/** The account running the scan is the one signed in at the screen (the xt account of wmic-useraccount__zh-CN-…). */
/**
 * The shop person's Desktop, Documents, Downloads and Startup where Windows puts them by default (User Shell Folders,
 * unexpanded, and the session variables that expand them), as Wine's reg.exe shows them
 * (test/fixtures/windows_fallback/reg-query-user-shell-folders__…), for the home C:\Users\shop.
 */
export const SHOP_FOLDERS_AT_DEFAULT = {
  userShellFolders: {
    Desktop: '%USERPROFILE%\\Desktop',
    Personal: '%USERPROFILE%\\Documents',
    '{374DE290-123F-4565-9164-39C4925E467B}': '%USERPROFILE%\\Downloads',
    Startup: '%USERPROFILE%\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\StartUp',
  },
  userSession: {
    USERPROFILE: 'C:\\Users\\shop',
    HOMEDRIVE: 'C:',
    HOMEPATH: '\\Users\\shop',
    USERNAME: 'shop',
    APPDATA: 'C:\\Users\\shop\\AppData\\Roaming',
    LOCALAPPDATA: 'C:\\Users\\shop\\AppData\\Local',
  },
};

export const SHOP_AT_CONSOLE = {
  scanSid: 'S-1-5-21-1907407323-3790588764-1508052843-1000',
  consoleSid: 'S-1-5-21-1907407323-3790588764-1508052843-1000',
};

/**
 * A bundle of a Windows PC whose one PowerShell run printed `facts` (and `failed`). Unless the facts
 * say otherwise, the scan runs as the person signed in at the screen (SHOP_AT_CONSOLE).
 */
export function windowsBundle(
  facts: Record<string, unknown>,
  options: { elevated?: boolean; failed?: Failures; stdout?: string } = {},
): Bundle {
  const answered =
    'consoleUser' in facts || options.failed?.consoleUser ? facts : { consoleUser: SHOP_AT_CONSOLE, ...facts };
  const stdout = options.stdout ?? scriptOutput(answered, options.failed);
  return {
    kind: 'shop-audit-bundle',
    schemaVersion: 1,
    os: 'windows',
    elevated: options.elevated ?? true,
    user: { name: 'shop', uid: null, home: 'C:\\Users\\shop' },
    env: { SystemRoot: 'C:\\Windows', ProgramData: 'C:\\ProgramData' },
    commands: [
      {
        command: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        args: [...POWERSHELL_ARGS],
        result: { status: 'exited', exitCode: 0, stdout, stderr: '' },
      },
    ],
    files: {},
    dirs: {},
    stats: {},
    derived: {},
  };
}

export const windowsHost = (...args: Parameters<typeof windowsBundle>): Host =>
  createReplayHost(windowsBundle(...args));

/**
 * `netsh advfirewall show …`: the `firewallProfiles` answer (CIM's raw values: Enabled 1/0,
 * DefaultInboundAction 4 Block / 2 Allow) of the profiles the text shows.
 */
export function firewallProfilesFromNetsh(
  text: string,
): { name: string; enabled: number | null; defaultInboundAction: number | null }[] {
  return (parseNetshAdvfirewall(text) ?? []).map((p) => ({
    name: p.name,
    enabled: p.enabled === null ? null : p.enabled ? 1 : 0,
    defaultInboundAction: p.blocksInbound === null ? null : p.blocksInbound ? 4 : 2,
  }));
}

/**
 * Win32_OperatingSystem.ProductType for the PC a `systeminfo` output describes: its "OS Configuration"
 * (English or Chinese) names the same role (Workstation 1, Domain Controller 2, Server 3).
 */
export function productTypeFromSystemInfo(text: string): number {
  const role = /^(?:OS Configuration|OS 配置):\s+(.*?)\s*$/m.exec(text)![1]!;
  return /Workstation|工作站/.test(role) ? 1 : /Domain Controller|域控制器/.test(role) ? 2 : 3;
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Bundle } from '../../src/host/bundle.js';
import type { ExecResult } from '../../src/host/types.js';
import { WINLOGON } from '../../src/probes/windows/registry.js';
import { REPO } from './host.js';
import { sample, scriptOutput, windowsBundle } from './windows-samples.js';

// A Windows PC where PowerShell cannot run, whose reg.exe, net share and manage-bde answer with the
// real outputs of test/fixtures/samples/windows (MANIFEST.md gives their ground truth).

const SYSTEM32 = 'C:\\Windows\\System32';
const POWERSHELL = `${SYSTEM32}\\WindowsPowerShell\\v1.0\\powershell.exe`;
export const CANARY = 'CANARY-fallback-41c9';
export const exited = (stdout: string, exitCode = 0, stderr = ''): ExecResult => ({
  status: 'exited',
  exitCode,
  stdout,
  stderr,
});
/** An output of Windows' tools captured on this machine under Wine 8 (test/fixtures/windows_fallback/SOURCES.md). */
export const wineOutput = (name: string) =>
  readFileSync(path.join(REPO, 'test', 'fixtures', 'windows_fallback', name), 'utf8');
/** reg.exe on a key that is not there (Wine's reg.exe says so on stdout, Windows' on stderr; both exit 1). */
export const NOT_FOUND = exited(wineOutput('reg-query-missing-key__this-debian12-wine-8-exit1.txt'), 1);
/** reg.exe on a key with no values and no subkeys, as Wine's prints it: a blank line. */
const EMPTY_KEY = exited(wineOutput('reg-query-run-no-values__this-debian12-wine-8-exit0.txt'));
export const reg = (key: string, result: ExecResult, more: string[] = []) => ({
  command: `${SYSTEM32}\\reg.exe`,
  args: ['query', key, ...more],
  result,
});
/** A key that does not exist: reg.exe fails on it, and its parent exists without it. */
export const absent = (key: string) => [reg(key, NOT_FOUND), reg(key.slice(0, key.lastIndexOf('\\')), EMPTY_KEY)];

export const POWERSHELL_FAILURES: Record<string, ExecResult | null> = {
  missing: null,
  'blocked (exit code 1, nothing printed)': exited('', 1, 'This program is blocked by group policy.\r\n'),
  'garbage instead of JSON': exited('\u001b[31mΩ not a document ]]]', 0),
  'timed out': { status: 'timeout' },
  // The script's own languageMode answer: a policy keeps PowerShell in Constrained Language Mode.
  'in Constrained Language Mode': exited(
    scriptOutput({ computerName: 'TILL-PC', languageMode: 'ConstrainedLanguage' }),
  ),
};

/** reg.exe's listing of one key holding one text value (hand-written in the layout of the real samples). */
export const keyWithValue = (key: string, name: string, type: 'REG_SZ' | 'REG_MULTI_SZ', data: string) =>
  exited(`\r\n${key}\r\n    ${name}    ${type}    ${data}\r\n\r\n`);

const WINLOGON_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';
/**
 * reg.exe's answers to the fallback's `reg query WINLOGON /v NAME` (the auto-logon values and DefaultPassword),
 * cut from a real listing of the whole key: its key line and that value's line; exit 1 when it has no such value.
 */
export function winlogonQueries(listing: string) {
  const lines = listing.split(/\r?\n/);
  const keyLine = lines.find((l) => l.startsWith('HKEY_'))!;
  return [...WINLOGON.values, 'DefaultPassword'].map((name) => {
    const line = lines.find((l) => l.toLowerCase().startsWith(`    ${name.toLowerCase()}    `));
    return reg(WINLOGON_KEY, line ? exited(`\r\n${keyLine}\r\n${line}\r\n\r\n`) : NOT_FOUND, ['/v', name]);
  });
}

const MEMORY_MANAGEMENT = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Memory Management';

/** The PC the real samples describe, as the fallback's tools print it; PowerShell as given. */
export function noPowerShellPc(
  powershell: ExecResult | null,
  options: { bde?: string; elevated?: boolean } = {},
): Bundle {
  const bundle = windowsBundle({}, { elevated: options.elevated ?? true });
  bundle.env = { ...bundle.env, SystemDrive: 'C:', COMPUTERNAME: 'TILL-PC' };
  bundle.commands = [
    ...(powershell ? [{ command: POWERSHELL, args: bundle.commands[0]!.args, result: powershell }] : []),
    // One user hive loaded (Wine's, captured here): the scanning account is the only one signed in.
    reg('HKU', exited(wineOutput('reg-query-hku__this-debian12-wine-8-exit0.txt'))),
    // The real auto-logon sample, with a canary where its (already REDACTED) password was.
    ...winlogonQueries(
      sample('reg-query-winlogon__en-win7-autologon-plaintext-password.txt').replace('REDACTED', CANARY),
    ),
    // These two samples were printed for `/v NAME`: the same layout as the whole key, fewer values.
    reg('HKCU\\Control Panel\\Desktop', exited(sample('reg-query-hkcu-desktop__en-screensaverissecure-0.txt'))),
    reg(
      'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server',
      exited(sample('reg-query-fdenytsconnections__en-win11-rdp-enabled-0x0.txt')),
    ),
    ...absent('HKCU\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop'),
    ...absent('HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System'),
    ...absent('HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services'),
    ...absent('HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp'),
    // The page file as Session Manager lists it (the data of a real exported ExistingPageFiles value; see SOURCES.md).
    reg(
      MEMORY_MANAGEMENT,
      keyWithValue(
        `HKEY_LOCAL_MACHINE${MEMORY_MANAGEMENT.slice(4)}`,
        'ExistingPageFiles',
        'REG_MULTI_SZ',
        '\\??\\C:\\pagefile.sys',
      ),
    ),
    {
      command: `${SYSTEM32}\\net.exe`,
      args: ['accounts'],
      result: exited(sample('net-accounts__zh-CN-default-minlen-0.txt')),
    },
    {
      command: `${SYSTEM32}\\net.exe`,
      args: ['share'],
      result: exited(sample('net-share__zh-CN-users-folder-shared.txt')),
    },
    {
      command: `${SYSTEM32}\\manage-bde.exe`,
      args: ['-status', 'C:'],
      result: exited(sample(options.bde ?? 'manage-bde-status__en-os-used-space-encrypted-decimal-comma.txt')),
    },
  ];
  return bundle;
}

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Node, Parser } from 'web-tree-sitter';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRecordingHost, createReplayHost } from '../../../src/host/bundle.js';
import { COLLECT_PS1, collectCmd } from '../../../src/probes/windows/collector.js';
import { fallbackAnswers } from '../../../src/probes/windows/fallback.js';
import { fallbackCommands, SYSTEM_DRIVE, type ToolCommand } from '../../../src/probes/windows/tool-commands.js';
import { REPO } from '../../helpers/host.js';
import { powershellParser } from '../../helpers/powershell-grammar.js';
import { exited, noPowerShellPc, wineOutput } from '../../helpers/windows-fallback.js';
import { windowsBundle } from '../../helpers/windows-samples.js';

const SYSTEM32 = 'C:\\Windows\\System32\\';
const VERSION = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version as string;
const asRun = (c: ToolCommand) => JSON.stringify([c.program, ...c.args.map((a) => (a === SYSTEM_DRIVE ? 'C:' : a))]);

/** The commands the fallback runs on a PC (program below System32 and arguments), as a --record bundle keeps them. */
async function fallbackRuns(bundle: ReturnType<typeof windowsBundle>): Promise<string[]> {
  const recording = createRecordingHost(createReplayHost(bundle), (_k, _key, text) => text);
  await fallbackAnswers(recording.host, 'PowerShell: not found');
  return recording.finish().commands.map((c) => JSON.stringify([c.command.replace(SYSTEM32, ''), ...c.args]));
}

describe("the fallback's command table (tool-commands.ts) and the collector made from it", () => {
  const table = fallbackCommands();
  const regKeys = table.filter((c) => c.program === 'reg.exe').map((c) => c.args[1]!.toLowerCase());
  const isParentQuery = (run: string) => {
    const [program, verb, key, ...more] = JSON.parse(run) as string[];
    return (
      program === 'reg.exe' &&
      verb === 'query' &&
      more.length === 0 &&
      regKeys.some((k) => k.startsWith(`${key!.toLowerCase()}\\`))
    );
  };

  it('every command the fallback runs is in the table, or reads a parent of a key in it (elevated or not, answered or not)', async () => {
    const everyCommandFails = windowsBundle({}, { elevated: true });
    everyCommandFails.env = { SystemDrive: 'C:', COMPUTERNAME: 'TILL' };
    // sc query answers (a real output): the fallback then reads the services' start modes too.
    const withServices = noPowerShellPc(null);
    withServices.commands.push({
      command: `${SYSTEM32}sc.exe`,
      args: ['query', 'type=', 'service', 'state=', 'all'],
      result: exited(wineOutput('sc-query__en-server2012r2-running-services-excerpt.txt')),
    });
    const pcs = [withServices, noPowerShellPc(null, { elevated: false }), everyCommandFails];
    const listed = new Set(table.map(asRun));
    const runs = new Set((await Promise.all(pcs.map(fallbackRuns))).flat());
    expect(runs.size).toBeGreaterThan(20);
    // `net user NAME` for each name `net user` listed: the one command not in the table (its names vary).
    const perAccount = (run: string) => /^\["net\.exe","user","[^"]+"\]$/.test(run);
    for (const run of runs) expect(listed.has(run) || isParentQuery(run) || perAccount(run), run).toBe(true);
    // The other way round: the table holds no command the fallback never asks (on an elevated PC).
    for (const c of table) expect(runs.has(asRun(c)), asRun(c)).toBe(true);
  });

  it('collect.cmd runs exactly the collected commands of the table, each with its exact arguments', () => {
    const cmd = collectCmd(VERSION);
    // Each command's description, as collect.cmd writes it into the bundle (its first try, before any parent key).
    const described = [...cmd.matchAll(/^rem (.+)\r\n(?:if not .*\r\n)?set "PROGRAM=.*\r\nset "DESC=(.*)"\r\n/gm)].map(
      (m) => {
        const desc = JSON.parse(`{${m[2]!.replace('%JSYS32%', 'C:\\\\Windows\\\\System32')}}`);
        return JSON.stringify([desc.command.replace(SYSTEM32, ''), ...desc.args]);
      },
    );
    const collected = table.filter((c) => !c.notCollected);
    expect(described).toEqual(collected.map((c) => asRun(c).replace('"C:"', '"%SystemDrive%"')));
    // Left out on purpose, with its reason: the machine identity.
    expect(table.filter((c) => c.notCollected).map((c) => c.args[1])).toEqual([
      'HKLM\\SOFTWARE\\Microsoft\\Cryptography',
    ]);
    expect(cmd).not.toContain('Cryptography');
  });

  it('collect.cmd keeps only the exit code of the DefaultPassword query (its output goes to NUL)', () => {
    const cmd = collectCmd(VERSION);
    const block = /set "DESC=[^\r\n]*DefaultPassword[^\r\n]*"\r\nset "KEEP=(\w+)"/.exec(cmd);
    expect(block?.[1]).toBe('no');
    expect(cmd).toContain('"%SYS32%\\%PROGRAM%" %* >nul 2>nul');
    // Every other command is kept.
    expect(cmd.match(/set "KEEP=no"/g)).toHaveLength(1);
  });

  it('collect.cmd is ASCII with CRLF line ends, and the built one is the one the table makes', () => {
    const cmd = collectCmd(VERSION);
    expect(/^[\x20-\x7e\r\n\t]*$/.test(cmd)).toBe(true);
    expect(cmd.split('\r\n').some((l) => l.includes('\n'))).toBe(false);
    const built = path.join(REPO, 'dist', 'collect.cmd');
    if (existsSync(built)) expect(readFileSync(built, 'utf8')).toBe(cmd);
    if (existsSync(built)) expect(readFileSync(path.join(REPO, 'dist', 'collect.ps1'), 'utf8')).toBe(COLLECT_PS1);
  });
});

// No PowerShell runs here: collect.ps1 is checked with the PowerShell grammar (tree-sitter-powershell).
let parser: Parser;
beforeAll(async () => {
  parser = await powershellParser();
});

/** What in a script needs a PowerShell newer than 2.0 (Windows 7's), found on its syntax tree. */
function newerThanPowerShell2(source: string): string[] {
  const found: string[] = [];
  const walk = (node: Node) => {
    const text = node.text;
    if (node.type === 'type_literal' && /^\[\s*ordered\s*\]$/i.test(text)) found.push('[ordered] (3.0)');
    if (node.type === 'command_name' && /^(ConvertTo-Json|ConvertFrom-Json|Get-CimInstance)$/i.test(text))
      found.push(`${text} (3.0)`);
    if (node.type === 'comparison_operator' && /^-(not)?in$/i.test(text)) found.push(`${text} (3.0)`);
    if (node.type === 'member_name' && /^new$/i.test(text) && node.parent?.text.includes('::'))
      found.push('::new() (5.0)');
    if (node.type === 'variable' && /^\$PSItem$/i.test(text)) found.push('$PSItem (3.0)');
    for (const child of node.children) if (child) walk(child);
  };
  const root = parser.parse(source)!.rootNode;
  if (root.hasError) found.push('a syntax error');
  walk(root);
  return found;
}

describe('collect.ps1', () => {
  it('parses with the PowerShell grammar and uses nothing newer than PowerShell 2.0; the check finds each kind', () => {
    expect(newerThanPowerShell2(COLLECT_PS1)).toEqual([]);
    for (const [newer, kind] of [
      ['$o = [ordered]@{ a = 1 }', '[ordered]'],
      ['$j = @{ a = 1 } | ConvertTo-Json', 'ConvertTo-Json'],
      ['$w = Get-CimInstance Win32_OperatingSystem', 'Get-CimInstance'],
      ["if ('a' -in @('a')) { 1 }", '-in'],
      ["if ('a' -notin @('b')) { 1 }", '-notin'],
      ['$l = [Collections.ArrayList]::new()', '::new()'],
      ['1..2 | ForEach-Object { $PSItem }', '$PSItem'],
      ['foreach ($f in $files) {{ }', 'a syntax error'],
    ] as const)
      expect(newerThanPowerShell2(`${COLLECT_PS1}${newer}\r\n`).join(), kind).toContain(kind);
  });

  it('writes each encoded file as certutil -encode does, so collect.cmd reads both alike', () => {
    expect(COLLECT_PS1).toContain('-----BEGIN CERTIFICATE-----');
    expect(COLLECT_PS1).toContain('-----END CERTIFICATE-----');
    expect(COLLECT_PS1).toContain("'*.raw'");
    expect(COLLECT_PS1).toContain("$file + '.b64'");
    // Read on standard input (collect.cmd: -Command - <collect.ps1), so each statement is whole on its line.
    for (const line of COLLECT_PS1.split('\r\n').filter((l) => l && !l.startsWith('#')))
      expect(parser.parse(line)!.rootNode.hasError, line).toBe(false);
  });
});

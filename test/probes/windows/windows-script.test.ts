import type { Node, Parser } from 'web-tree-sitter';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerSchemas } from '../../../src/probes/windows/document.js';
import { ANSWER_MARKER, WINDOWS_SCRIPT, windowsScript } from '../../../src/probes/windows/script.js';
import { powershellParser } from '../../helpers/powershell-grammar.js';

// No PowerShell runs here, so the script is checked with the PowerShell grammar of tree-sitter-powershell.
let parser: Parser;
beforeAll(async () => {
  parser = await powershellParser();
});

const parse = (source: string) => parser.parse(source)!.rootNode;
const topLevel = (source: string): Node[] =>
  parse(source).namedChildren[0]!.namedChildren.filter((n): n is Node => n !== null);
const descendants = (node: Node, type: string) => node.descendantsOfType(type).filter((n): n is Node => n !== null);
const firstCommand = (node: Node) => descendants(node, 'command_name')[0]?.text ?? null;
const isAssignment = (node: Node) =>
  node.type === 'pipeline' && node.namedChildren[0]?.type === 'assignment_expression';

/** `Q 'name' { ... }` statements at the top of the script: name → the statement. */
function queries(source: string): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const s of topLevel(source)) {
    if (s.type === 'pipeline' && !isAssignment(s) && firstCommand(s) === 'Q')
      out.set(descendants(s, 'verbatim_string_characters')[0]!.text.replace(/'/g, ''), s);
  }
  return out;
}

/**
 * What in the source needs a PowerShell newer than Windows PowerShell 5.1 (the one every Windows 10/11 has), found on
 * the parse tree: `&&` / `||` pipeline chains, the `-Parallel` of ForEach-Object, and any `?` outside strings and
 * comments — the grammar has no ternary `?:`, null-coalescing `??` or null-conditional `?.`, so they show as `?` tokens.
 */
function newerThanWindowsPowerShell51(source: string): string[] {
  const found: string[] = [];
  const walk = (node: Node) => {
    if (node.type === 'pipeline_chain_tail') found.push(`pipeline chain: ${node.text}`);
    if (node.type === 'command' && /^(ForEach-Object|foreach|%)$/i.test(firstCommand(node) ?? '')) {
      for (const p of descendants(node, 'command_parameter'))
        if (/^-Parallel$/i.test(p.text)) found.push(`ForEach-Object -Parallel: ${node.text.slice(0, 60)}`);
    }
    if (node.childCount === 0 && node.type !== 'comment' && !/string/.test(node.type) && node.text.includes('?'))
      found.push(`"${node.text}" (?:, ?? or ?.)`);
    for (const child of node.children) if (child) walk(child);
  };
  walk(parse(source));
  return found;
}

describe('the Windows PowerShell script', () => {
  it('uses no syntax newer than Windows PowerShell 5.1, and the check finds each kind', () => {
    expect(newerThanWindowsPowerShell51(WINDOWS_SCRIPT)).toEqual([]);
    const q = "Q 'computerName' { [Environment]::MachineName }";
    expect(WINDOWS_SCRIPT).toContain(q);
    for (const [newer, kind] of [
      ["Q 'computerName' { if ($true) { 'a' } else { 'b' } ; $x = $true ? 'a' : 'b' }", '?:'],
      ["Q 'computerName' { $n = $null ?? [Environment]::MachineName }", '??'],
      ["Q 'computerName' { $u = $env:USERNAME; $u?.Length }", '?.'],
      ["Q 'computerName' { hostname.exe && whoami.exe }", 'pipeline chain'],
      ["Q 'computerName' { 1..2 | ForEach-Object -Parallel { $_ } }", 'Parallel'],
    ] as const) {
      expect(newerThanWindowsPowerShell51(WINDOWS_SCRIPT.replace(q, newer)).length, kind).toBeGreaterThan(0);
    }
    // A question mark inside a string or a comment is not syntax.
    expect(newerThanWindowsPowerShell51("$s = 'why?' # really?\n")).toEqual([]);
  });

  it('parses with the PowerShell grammar, and the check catches a syntax error', () => {
    expect(parse(WINDOWS_SCRIPT).hasError).toBe(false);
    expect(parse(WINDOWS_SCRIPT.replace("Q 'uiLanguage' {", "Q 'uiLanguage' {{")).hasError).toBe(true);
  });

  it('runs every query inside Q, so one failure leaves only that answer null with its reason', () => {
    const statements = topLevel(WINDOWS_SCRIPT);
    const loose = statements.filter(
      (s) => s.type === 'pipeline' && !isAssignment(s) && !['Q', 'Emit'].includes(firstCommand(s) ?? ''),
    );
    expect(loose.map((s) => s.text)).toEqual([]);
    // Outside Q, only the first and the last line of the answer are printed.
    const emits = statements.filter((s) => s.type === 'pipeline' && firstCommand(s) === 'Emit').map((s) => s.text);
    expect(emits).toEqual(['Emit ([ordered]@{ contract = 2 })', 'Emit ([ordered]@{ done = $true })']);
    expect(statements.at(-1)!.text).toBe('Emit ([ordered]@{ done = $true })');
    // Q itself catches everything a query throws and prints it under the query's name, answer or failure.
    const q = statements.find((s) => s.type === 'function_statement' && s.text.startsWith('function Q('))!;
    expect(descendants(q, 'try_statement')).toHaveLength(1);
    expect(q.text).toContain('Emit ([ordered]@{ q = $Name; value = $value })');
    expect(q.text).toContain('Emit ([ordered]@{ q = $Name; failed =');
    // Each line is flushed as it is printed, after the marker the decoder looks for.
    const emit = statements.find((s) => s.type === 'function_statement' && s.text.startsWith('function Emit('))!;
    expect(emit.text).toContain('[Console]::Out.Flush()');
    expect(WINDOWS_SCRIPT).toContain(`$Marker = '${ANSWER_MARKER}'`);
  });

  it('asks exactly the questions the decoder knows (the JSON contract), each once', () => {
    const names = [...queries(WINDOWS_SCRIPT).keys()];
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual(Object.keys(answerSchemas()).sort());
  });

  it('ends every statement that spans lines with a blank line (powershell -Command - reads standard input line by line)', () => {
    const lines = WINDOWS_SCRIPT.split('\n');
    for (const s of topLevel(WINDOWS_SCRIPT)) {
      if (s.startPosition.row !== s.endPosition.row)
        expect(lines[s.endPosition.row + 1] ?? '', `after: ${s.text.slice(0, 40)}`).toBe('');
    }
  });

  it('switches off every stream that could print a stray line (progress, warnings, information, verbose, debug) before any query', () => {
    const firstQuery = WINDOWS_SCRIPT.search(/^Q '/m);
    const preamble = WINDOWS_SCRIPT.slice(0, firstQuery);
    for (const stream of ['Progress', 'Warning', 'Information', 'Verbose', 'Debug'])
      expect(preamble, stream).toMatch(new RegExp(`\\$${stream}Preference = (\\$\\w+ = )*'SilentlyContinue'`));
    // None of them is switched back on later.
    expect(WINDOWS_SCRIPT.slice(firstQuery)).not.toMatch(
      /\$(Progress|Warning|Information|Verbose|Debug)Preference\s*=/,
    );
  });

  it('is plain ASCII (PowerShell reads standard input in the console code page, GBK on Chinese Windows), small and readable', () => {
    expect(WINDOWS_SCRIPT).toMatch(/^[\x20-\x7e\n]*$/);
    const lines = WINDOWS_SCRIPT.split('\n');
    // Readable through: on average at most eight lines a query (43 queries in 300 lines when issue 19 added the
    // common-password tries), the shared functions included. A budget per query, so that a new query is not
    // refused for its own few lines while a bloated one still shows.
    const queries = WINDOWS_SCRIPT.match(/^Q '/gm)?.length ?? 0;
    expect(queries).toBeGreaterThan(30);
    expect(lines.length / queries).toBeLessThan(8);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(200);
  });

  it('tries empty-password logons only when --deep asked: $Deep comes first and the query returns at once without it', () => {
    for (const deep of [false, true]) {
      const script = windowsScript({ deep });
      expect(parse(script).hasError).toBe(false);
      expect(topLevel(script)[0]!.text).toBe(`$Deep = $${deep}`);
    }
    for (const name of ['emptyPasswordLogons', 'commonPasswordLogons']) {
      const query = queries(WINDOWS_SCRIPT).get(name)!;
      const body = descendants(query, 'script_block')[0]!;
      const statements = descendants(body, 'statement_list')[0]!.namedChildren.filter((n): n is Node => n !== null);
      expect(statements[0]!.text, name).toBe('if (-not $Deep) { return }');
    }
    // The one function that logs on; the queries call it only after their $Deep check.
    const logon = WINDOWS_SCRIPT.slice(
      WINDOWS_SCRIPT.indexOf('function Logon('),
      WINDOWS_SCRIPT.indexOf('\n}\n', WINDOWS_SCRIPT.indexOf('function Logon(')),
    );
    expect(WINDOWS_SCRIPT.match(/LogonUserW\(/g)).toHaveLength(1);
    // Every token a logon returns is closed; the P/Invoke assembly stays in memory ('Run', never saved;
    // Add-Type, which runs csc.exe into %TEMP%, is refused by the read-only check below).
    expect(logon).toMatch(
      /if \(\$token -ne \[IntPtr\]::Zero\) \{ \[void\]\$script:LogonType::CloseHandle\(\$token\) \}/,
    );
    expect(logon).toContain("DefineDynamicAssembly($assemblyName, 'Run')");
    expect(WINDOWS_SCRIPT).not.toMatch(/\.Save\(|RunAndSave/);
    expect(logon.match(/LogonUserW\([^)]*\)/g)).toEqual(["LogonUserW($Name, '.', $Password, 3, 0, [ref]$token)"]);
    // The empty-password query passes only the empty one; Logon is called nowhere else but the common-password query.
    // The empty-password try is a failed logon too: like the common-password tries it is made only when the lockout
    // threshold and the failures so far leave LOCKOUT_MARGIN more (TriesAllowed, allowedTries' twin).
    expect(queries(WINDOWS_SCRIPT).get('emptyPasswordLogons')!.text).toContain(
      "if ((TriesAllowed (LockoutState $_.Name) 1) -ge 1) { $code = Logon $_.Name '' }",
    );
    expect(queries(WINDOWS_SCRIPT).get('commonPasswordLogons')!.text).toContain(
      '$allowed = TriesAllowed $state $candidates.Count',
    );
    const callers = [...queries(WINDOWS_SCRIPT)].filter(([, q]) => /\bLogon \$/.test(q.text)).map(([n]) => n);
    expect(callers.sort()).toEqual(['commonPasswordLogons', 'emptyPasswordLogons']);
  });

  it('answers that used to be lost: InstalledOn read raw (no date wrapper that throws on empty), each share entry resolved on its own', () => {
    const hotfixes = queries(WINDOWS_SCRIPT).get('hotfixes')!.text;
    expect(hotfixes).toContain("$on = $_.CimInstanceProperties['InstalledOn'].Value");
    expect(hotfixes).not.toMatch(/\$_\.InstalledOn\b/);
    const access = queries(WINDOWS_SCRIPT).get('shareAccess')!;
    // The translation sits in its own try inside the per-entry block, so one failure is one null sid.
    const perEntry = descendants(access, 'script_block').find((b) => b.text.includes('$sid = $null'))!;
    expect(descendants(perEntry, 'try_statement')).toHaveLength(1);
    expect(descendants(perEntry, 'try_statement')[0]!.text).toContain('Sid $_.AccountName');
  });

  it("reads the Run keys of the person at the screen ($UserHive), not the technician's own HKCU, and names them HKCU", () => {
    const runKeys = queries(WINDOWS_SCRIPT).get('runKeys')!.text;
    expect(runKeys).toContain("$path = $root -replace '^HKCU(?=\\\\)', $UserHive");
    expect(runKeys).toContain('Get-Item -LiteralPath "Registry::$path"');
    expect(runKeys).toContain('key = $root');
    // $UserHive is set by the consoleUser query, which comes first.
    expect(WINDOWS_SCRIPT.indexOf("Q 'consoleUser'")).toBeLessThan(WINDOWS_SCRIPT.indexOf("Q 'runKeys'"));
  });

  it("lists the Startup folder of the person at the screen, from $UserHive's User Shell Folders, not the technician's", () => {
    const startup = queries(WINDOWS_SCRIPT).get('startupFolders')!.text;
    // The scanning account's own folder (GetFolderPath('Startup')) is asked for CommonStartup only.
    expect(startup).toContain(
      "if ($folder -eq 'Startup') { UserStartupFolder } else { [Environment]::GetFolderPath($folder) }",
    );
    const fn = topLevel(WINDOWS_SCRIPT).find((s) => s.text.startsWith('function UserStartupFolder'))!.text;
    expect(fn).toContain(
      'RegValues "$UserHive\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders"',
    );
    expect(fn).toContain('RegValues "$UserHive\\Volatile Environment"');
    // Read unexpanded: expanding in the scanning process would put the technician's %USERPROFILE% in the path.
    expect(WINDOWS_SCRIPT).toContain("$key.GetValue($name, $null, 'DoNotExpandEnvironmentNames')");
    expect(WINDOWS_SCRIPT).not.toMatch(/GetFolderPath\('Startup'\)/);
    // A folder on a server is never listed; a variable not known fails the query with why.
    expect(fn).toMatch(/if \(\$path -notmatch '\^\[A-Za-z\]:\\\\'\) \{ throw/);
    expect(fn).toContain('whose value for this person is not known');
    expect(WINDOWS_SCRIPT.indexOf("Q 'consoleUser'")).toBeLessThan(
      WINDOWS_SCRIPT.indexOf('function UserStartupFolder'),
    );
  });

  it('only reads: no cmdlet that changes anything, no Win32_Product, never the value of DefaultPassword', () => {
    const commands = descendants(parse(WINDOWS_SCRIPT), 'command_name').map((n) => n.text);
    expect(
      commands.filter(
        (c) =>
          /^(Set|New|Remove|Add|Enable|Disable|Start|Stop|Restart|Invoke|Clear|Write|Out)-/i.test(c) &&
          c !== 'New-Object',
      ),
    ).toEqual([]);
    expect(WINDOWS_SCRIPT).not.toMatch(/Win32_Product|Invoke-Expression|iex\b|EncodedCommand/i);
    expect(WINDOWS_SCRIPT).not.toMatch(/GetValue\('DefaultPassword'|DefaultPassword'\s*\)/);
    expect(WINDOWS_SCRIPT).toContain("GetValueNames() -contains 'DefaultPassword'");
  });
});

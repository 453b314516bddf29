import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReplayHost } from '../../../src/host/bundle.js';
import type { ExecOptions, Host } from '../../../src/host/types.js';
import { answerSchemas } from '../../../src/probes/windows/document.js';
import { fallbackAnswers } from '../../../src/probes/windows/fallback.js';
import * as registry from '../../../src/probes/windows/registry.js';
import { keyName, REGISTRY_ANSWERS, type RegistryAnswerName } from '../../../src/probes/windows/registry.js';
import { WINDOWS_SCRIPT } from '../../../src/probes/windows/script.js';
import { REPO } from '../../helpers/host.js';
import { keyWithValue, noPowerShellPc } from '../../helpers/windows-fallback.js';

// Windows knowledge is declared once (issue 20): every registry key the script reads, its value names, the
// decoder's schema and the reg.exe fallback's queries come from the table in src/probes/windows/registry.ts.

const NAMES = Object.keys(REGISTRY_ANSWERS) as RegistryAnswerName[];
const isKey = (x: unknown): x is { hive: string; path: string } =>
  typeof x === 'object' && x !== null && 'hive' in x && 'path' in x;
/** Every key registry.ts declares: the answers' table and each exported key or list of keys. */
const DECLARED_KEYS = [
  ...Object.values(REGISTRY_ANSWERS),
  ...Object.values(registry).flatMap((x) => (Array.isArray(x) ? x : [x])),
].filter(isKey);
/** A registry path as a literal: HKLM\… or HKCU\… (or HKLM:\…, the drive form), and the provider's Registry::…. */
const LITERAL_KEY = /\b(HKLM|HKCU|HKU|HKEY_[A-Z_]+):?\\+[A-Za-z]|Registry::[A-Za-z]/;

describe('the registry table', () => {
  it('script.ts writes no registry path of its own: the check finds one written by hand', () => {
    const source = readFileSync(path.join(REPO, 'src/probes/windows/script.ts'), 'utf8');
    expect(source.split('\n').filter((line) => LITERAL_KEY.test(line))).toEqual([]);
    expect(
      LITERAL_KEY.test("Q 'lsa' { RegValues 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa' @('forceguest') }"),
    ).toBe(true);
    expect(LITERAL_KEY.test("$key = Get-Item -LiteralPath 'Registry::HKLM\\SOFTWARE'")).toBe(true);
    expect(LITERAL_KEY.test("$roots = @('HKCU:\\SOFTWARE\\Microsoft')")).toBe(true);
  });

  it("every registry path in the script is one of the table's keys", () => {
    const tableKeys = new Set(DECLARED_KEYS.map((k) => (k.hive === 'HKCU' ? k.path : keyName(k))));
    // Quoted paths: 'HKLM\…', 'HKLM:\…', 'Registry::HKLM\…' and "$UserHive\…" (the signed-in person's hive), each up
    // to the first variable (a power scheme's or a firewall profile's name) or the closing quote.
    const found = [
      ...WINDOWS_SCRIPT.matchAll(/['"](?:Registry::)?(?:(HK(?:LM|CU)):?\\|\$UserHive\\)([^'"$]*?)\\?(?=['"$])/g),
    ];
    const paths = found.map((m) => (m[1] === 'HKLM' ? `HKLM\\${m[2]}` : m[2]!));
    expect(paths.length).toBeGreaterThan(NAMES.length);
    for (const p of paths) expect(tableKeys, p).toContain(p);
  });

  it('each key answer is queried in the script with its table key and value names, and decoded by them', () => {
    for (const name of NAMES) {
      const key = REGISTRY_ANSWERS[name];
      const where = key.hive === 'HKCU' ? `"$UserHive\\${key.path}"` : `'${keyName(key)}'`;
      const read = `RegValues ${where} @(${key.values.map((v) => `'${v}'`).join(', ')})`;
      // One line, or three where one would be over 200 characters, or the value names wrapped where even that is.
      const oneLine = WINDOWS_SCRIPT.replace(/\s*\n\s*/g, ' ')
        .replace(/@\( /g, '@(')
        .replace(/ \)/g, ')');
      expect(oneLine, name).toContain(`Q '${name}' { ${read} }`);
      // The decoder fills every value name of the table (null when unset) and no other.
      expect(Object.keys(answerSchemas()[name].parse({}) ?? {})).toEqual([...key.values]);
    }
    // A per-user key is never read from HKCU itself in the script (an elevated scan reads the console user's hive).
    for (const name of NAMES.filter((n) => REGISTRY_ANSWERS[n].hive === 'HKCU')) {
      expect(WINDOWS_SCRIPT).not.toContain(`'HKCU\\${REGISTRY_ANSWERS[name].path}'`);
    }
  });

  it("the fallback asks reg.exe for exactly the table's keys, and answers with the table's value names", async () => {
    const replay = createReplayHost(noPowerShellPc(null));
    const asked: string[] = [];
    const host: Host = {
      ...replay,
      exec: (command: string, args: readonly string[], options?: ExecOptions) => {
        if (/\\reg\.exe$/i.test(command) && args[0] === 'query') asked.push(args[1]!);
        return replay.exec(command, args, options);
      },
    };
    const answers = await fallbackAnswers(host, 'PowerShell is missing', NAMES);
    const keys = NAMES.map((n) => keyName(REGISTRY_ANSWERS[n]).toLowerCase());
    // Besides them it reads only the code page, the loaded user hives (whose HKCU it is, in this elevated scan), and
    // the parents of keys that are not there (which say they are absent).
    const own = ['hklm\\system\\currentcontrolset\\control\\nls\\codepage', 'hku'];
    const extra = asked.map((k) => k.toLowerCase()).filter((k) => !keys.includes(k) && !own.includes(k));
    for (const parent of extra)
      expect(
        keys.some((k) => k.startsWith(`${parent}\\`)),
        parent,
      ).toBe(true);
    expect(new Set(asked.map((k) => k.toLowerCase()).filter((k) => keys.includes(k)))).toEqual(new Set(keys));
    for (const name of NAMES) {
      const value = answers.facts[name] as Record<string, unknown> | null | undefined;
      if (value) expect(Object.keys(value), name).toEqual([...REGISTRY_ANSWERS[name].values]);
    }
    expect(Object.values(answers.facts).filter(Boolean).length).toBeGreaterThan(0);
  });

  it('a value the table names is read by reg.exe without regard to case, as Windows compares names', async () => {
    const key = keyName(REGISTRY_ANSWERS.machineInactivity);
    const bundle = noPowerShellPc(null);
    // Later entries of a bundle win: this replaces the key the sample PC lacks.
    const listing = keyWithValue(`HKEY_LOCAL_MACHINE${key.slice(4)}`, 'inactivitytimeoutsecs', 'REG_SZ', '300');
    bundle.commands = [
      ...bundle.commands,
      { command: 'C:\\Windows\\System32\\reg.exe', args: ['query', key], result: listing },
    ];
    const answers = await fallbackAnswers(createReplayHost(bundle), 'PowerShell is missing', ['machineInactivity']);
    expect(answers.facts.machineInactivity).toEqual({ InactivityTimeoutSecs: '300' });
  });
});

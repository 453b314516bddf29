import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { neutralise } from '../../src/report/neutralise.js';
import { runCli, runMain } from '../helpers/cli.js';
import { makeRoot } from '../helpers/host.js';
import { ruleFile, systemRule } from '../helpers/rules.js';

// Issue 13, class 8: what a rule file or the PC says reaches the terminal inert — every control
// and bidi character — and number options take decimal digits only.

const BIDI = [
  '\u061c',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
];
const HOSTILE = `\u001b]0;owned\u0007\u001b[2J${BIDI.join('')}\u0085\u2028\u200b\ufeff`;
// Anything a terminal would obey: C0 but tab/newline, DEL, C1, format characters, separators.
const RAW = /(?![\t\n])[\p{Cc}\p{Cf}\u2028\u2029]/u;

const hostileRule = ruleFile(
  systemRule(
    'test.hostile-refs',
    '{ fact: osId, equals: plan9 }',
    `
    title: { en: "Title ${JSON.stringify(HOSTILE).slice(1, -1)}", zh-CN: "标题" }
    why: { en: "Why.", zh-CN: "原因。" }
    fix: { linux: { en: ["Step ${JSON.stringify(HOSTILE).slice(1, -1)}"], zh-CN: ["步骤"] } }
    refs: [ { framework: pci-dss-4.0.1, control: "8.2.8${JSON.stringify(HOSTILE).slice(1, -1)}" } ]`,
  ),
);

describe('escapes', () => {
  it('every bidi control, C0/C1 control, zero-width and separator character is shown as an escape', () => {
    for (const c of [...BIDI, '\u001b', '\u0007', '\u007f', '\u0085', '\u2028', '\u2029', '\u200b', '\ufeff']) {
      expect(neutralise(`a${c}b`)).toBe(`a\\u{${c.codePointAt(0)!.toString(16)}}b`);
    }
    expect(neutralise('中文\tand\nlines')).toBe('中文\tand\nlines');
  });

  it('rule refs, titles and fixes from a rule file reach the terminal inert (scan, rules list, explain)', async () => {
    const root = await makeRoot({ '/rules/hostile.yaml': hostileRule });
    const rules = path.join(root, 'rules');
    const scan = runCli(['scan', '--no-bundled-rules', '--rules', rules, '--lang', 'en']);
    expect(scan.code).toBe(1);
    expect(scan.stdout).toContain('8.2.8\\u{1b}]0;owned\\u{7}');
    expect(scan.stdout).toContain('\\u{61c}\\u{200e}');
    for (const out of [
      scan.stdout,
      runCli(['rules', 'list', '--no-bundled-rules', '--rules', rules]).stdout,
      runCli(['rules', 'explain', 'test.hostile-refs', '--rules', rules]).stdout,
    ]) {
      expect(out).toContain('Title');
      expect(out).not.toMatch(RAW);
    }
  });
});

describe('number options take decimal digits only (exit 2)', () => {
  it('--min-score and --timeout refuse "", hex, exponents, signs and spaces', async () => {
    // The exit codes as the shell sees them for one refused and one taken value; the rest in-process.
    expect(runCli(['scan', '--skip', '*', '--min-score', '0x50']).code).toBe(2);
    for (const bad of ['', '0x50', '1e2', ' 80', '+80', '80.0', '101']) {
      const r = await runMain(['scan', '--skip', '*', '--min-score', bad]);
      expect(r.code, `--min-score "${bad}"`).toBe(2);
      expect(r.stderr).toMatch(
        /--min-score (takes a whole number from 0 to 100, written in decimal digits|is at most 100)/,
      );
    }
    for (const bad of ['', '0x5', '1e1', '0', '601'])
      expect((await runMain(['probes', '--timeout', bad])).code, `--timeout "${bad}"`).toBe(2);
    // A decimal number is taken: the scan runs (and, with every rule skipped, exits 3).
    expect(runCli(['scan', '--skip', '*', '--min-score', '80', '--timeout', '2.5']).code).toBe(3);
  }, 120_000);
});

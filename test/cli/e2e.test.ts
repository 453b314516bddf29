import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRoot, REPO } from '../helpers/host.js';
import { type CliRun, runCli, runMain, STACK_TRACE } from '../helpers/cli.js';
import { needsTool } from '../helpers/tools.js';
import { ruleFile, systemRule } from '../helpers/rules.js';

const schema = JSON.parse(readFileSync(path.join(REPO, 'schema', 'report.schema.json'), 'utf8'));
const validateReport = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
const version = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version as string;

// Rules over the system probe only: whether they pass depends on this machine's real
// /etc/os-release, so each exit code below is provoked by a real scan.
async function rulesDir(body: string): Promise<string> {
  const root = await makeRoot({ '/rules/test.yaml': ruleFile(body) });
  return path.join(root, 'rules');
}

describe('CLI end to end (built)', () => {
  // One JSON scan of this machine for the two tests that read it.
  let json: CliRun | undefined;
  const jsonScan = () => {
    json ??= runCli(['scan', '--format', 'json']);
    return json;
  };

  it('--version prints the version: the launcher (which answers it alone) and the CLI say the same', async () => {
    const r = runCli(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect(runCli(['-V'])).toMatchObject({ code: 0, stdout: `${version}\n` });
    // Not alone: the launcher loads the CLI, whose own --version answers.
    expect(runCli(['--version', '--debug'])).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect(await runMain(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('--help teaches: commands, examples and exit codes', () => {
    const r = runCli(['scan', '--help']);
    expect(r.code).toBe(0);
    for (const text of [
      '--format',
      '--fail-on',
      '--replay',
      'Examples:',
      'Exit codes:',
      '3  the scan itself could not run',
    ])
      expect(r.stdout).toContain(text);
  });

  it('scan of this machine prints a text report with score, grade, coverage and every rule', () => {
    const r = runCli(['scan']);
    expect([0, 1]).toContain(r.code);
    expect(r.stdout).toMatch(/Score \d+\/100 {3}Grade [A-F] {3}Coverage \d+%/);
    // Rules for other operating systems are counted in one line; the JSON report lists them all.
    const results = JSON.parse(jsonScan().stdout).results as {
      id: string;
      status: string;
      evidence: object;
    }[];
    const otherOs = results.filter((x) => x.status === 'not_applicable' && Object.keys(x.evidence).length === 0);
    expect(results.length - otherOs.length).toBeGreaterThanOrEqual(5);
    for (const x of results) if (!otherOs.includes(x)) expect(r.stdout).toContain(x.id);
    for (const x of otherOs) expect(r.stdout).not.toContain(x.id);
    expect(r.stdout).toContain(`Rules for other operating systems (listed in the JSON report): ${otherOs.length}`);
    expect(r.stderr).toBe('');
  });

  it('scan --format json prints only JSON that validates against the published schema', () => {
    const r = jsonScan();
    expect([0, 1]).toContain(r.code);
    const report = JSON.parse(r.stdout);
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    expect(report.schemaVersion).toBe(1);
    expect(report.machine.os).toBe('linux');
    expect(report.results.length).toBeGreaterThanOrEqual(5);
  });

  it('--lang zh-CN switches the report to Chinese', () => {
    const r = runCli(['scan', '--lang', 'zh-CN']);
    expect(r.stdout).toMatch(/得分 \d+\/100/);
    expect(r.stdout).toContain('结论：');
  });

  it('exit 0: every selected rule passes', async () => {
    const dir = await rulesDir(systemRule('test.os-known', '{ fact: osId, exists: true }'));
    const r = runCli(['scan', '--no-bundled-rules', '--rules', dir]);
    expect(r.stdout).toContain('[PASS]');
    expect(r.code).toBe(0);
  });

  it('exit 1: a high rule fails (and --fail-on critical lets it through while the score is in the pass band)', async () => {
    const dir = await rulesDir(
      systemRule('test.os-is-plan9', '{ fact: osId, equals: plan9 }') +
        systemRule('test.os-known', '{ fact: osId, exists: true }').replace('severity: high', 'severity: critical'),
    );
    expect(runCli(['scan', '--no-bundled-rules', '--rules', dir]).code).toBe(1);
    const lenient = runCli(['scan', '--no-bundled-rules', '--rules', dir, '--fail-on', 'critical']);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain(
      'Result: PASSED (2 of 2 checks answered; 0 not for this PC, 0 could not be checked)',
    );
    expect(
      runCli(['scan', '--no-bundled-rules', '--rules', dir, '--fail-on', 'critical', '--min-score', '70']).code,
    ).toBe(1);
  });

  // Issue 13, class 6: a scan that checked nothing, or whose score is in grade F, never passes.
  it('nothing checked is exit 3, never PASSED: --skip *, an empty rules folder, rules for another OS', async () => {
    const empty = await makeRoot({ '/rules/.keep': '' });
    const windowsOnly = await rulesDir(
      systemRule('test.win', '{ fact: osId, exists: true }').replaceAll('linux', 'windows'),
    );
    for (const args of [
      ['--skip', '*'],
      ['--no-bundled-rules', '--rules', path.join(empty, 'rules')],
      ['--no-bundled-rules', '--rules', windowsOnly],
    ]) {
      for (const format of ['text', 'json']) {
        const r = runCli(['scan', '--format', format, ...args]);
        expect(r.code, args.join(' ') + r.stderr).toBe(3);
        expect(r.stdout).not.toContain('PASSED');
        expect(r.stderr).toMatch(/no check was run|none of the 1 checks applies to this PC/);
        if (format === 'json')
          expect(JSON.parse(r.stdout).policy).toMatchObject({ passed: false, checked: { answered: 0 } });
      }
    }
  });

  it('a score in grade F fails the policy even when only medium rules failed (default --fail-on high)', async () => {
    const dir = await rulesDir(
      systemRule('test.os-is-plan9', '{ fact: osId, equals: plan9 }').replace('severity: high', 'severity: medium'),
    );
    const r = runCli(['scan', '--no-bundled-rules', '--rules', dir]);
    expect(r.stdout).toContain('Score 0/100');
    expect(r.stdout).toContain(
      'Result: FAILED (1 of 1 checks answered; 0 not for this PC, 0 could not be checked) — score 0 is below the pass mark of 60 (grade F)',
    );
    expect(r.code).toBe(1);
  });

  it('exit 3: nothing can be read (an empty replay bundle)', async () => {
    const root = await makeRoot({
      '/empty.json': JSON.stringify({
        kind: 'shop-audit-bundle',
        schemaVersion: 1,
        os: 'linux',
        elevated: false,
        user: { name: 'u', uid: 1000, home: '/home/u' },
      }),
    });
    const r = runCli(['scan', '--replay', path.join(root, 'empty.json')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('the scan could not run: nothing could be read from this replay bundle');
    expect(r.stdout).toBe('');
  });

  it('--record writes a bundle that --replay turns into the same results', async () => {
    const root = await makeRoot({});
    const bundle = path.join(root, 'pc.json');
    const live = runCli(['scan', '--format', 'json', '--record', bundle, '--quiet']);
    const replayed = runCli(['scan', '--format', 'json', '--replay', bundle]);
    expect(replayed.code).toBe(live.code);
    const statuses = (out: string) =>
      JSON.parse(out).results.map((x: { id: string; status: string }) => `${x.id}=${x.status}`);
    expect(statuses(replayed.stdout)).toEqual(statuses(live.stdout));
    expect(JSON.parse(replayed.stdout).machine.replayed).toBe(true);
  });

  it('--output writes the report atomically and leaves no temporary file', async () => {
    const root = await makeRoot({ '/out/old.txt': 'keep' });
    const out = path.join(root, 'out', 'report.json');
    const r = runCli(['scan', '--format', 'json', '--output', out]);
    expect([0, 1]).toContain(r.code);
    expect(r.stdout).toBe('');
    expect(validateReport(JSON.parse(readFileSync(out, 'utf8')))).toBe(true);
    expect(readdirSync(path.dirname(out)).sort()).toEqual(['old.txt', 'report.json']);
  });
});

describe('bad input: exit 2, a clear message, nothing written, no stack trace', () => {
  // The exit code as the shell sees it for an unknown option; the other refusals through the CLI's main in-process.
  const expectUsage = (r: CliRun, message: RegExp | string) => {
    expect(r.code).toBe(2);
    if (typeof message === 'string') expect(r.stderr).toContain(message);
    else expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stdout).toBe('');
  };

  it('an unknown option', () => {
    expectUsage(runCli(['scan', '--colour']), "unknown option '--colour'");
  });

  it('a bad option value', async () => {
    expectUsage(await runMain(['scan', '--format', 'pdf']), "argument 'pdf' is invalid");
    expectUsage(await runMain(['scan', '--min-score', 'lots']), '--min-score takes a whole number from 0 to 100');
    expectUsage(await runMain(['scan', '--timeout', '0']), '--timeout must be more than 0 seconds');
    expectUsage(await runMain(['scan', '--profile', 'nope']), 'unknown profile "nope"');
    expectUsage(await runMain(['scan', '--only', 'no.such-rule']), '--only no.such-rule: no rule has that id');
  });

  it('invalid YAML', async () => {
    const dir = await rulesDir('  - id: x\n    check: { fact: a, equals: [1, 2 }\n');
    expectUsage(
      await runMain(['scan', '--rules', dir]),
      new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/test\\.yaml:3:\\d+: `),
    );
  });

  it('a rule with an unknown probe, fact or operator names file:line:col', async () => {
    const file = (d: string) => `${d}/test.yaml`;
    const probe = await rulesDir(
      systemRule('test.a', '{ fact: osId, exists: true }').replace('probe: system', 'probe: nosuch'),
    );
    expectUsage(await runMain(['scan', '--rules', probe]), `${file(probe)}:3:12: unknown probe "nosuch"`);
    const fact = await rulesDir(systemRule('test.b', '{ fact: osKind, exists: true }'));
    expectUsage(await runMain(['scan', '--rules', fact]), `${file(fact)}:6:20: probe "system" has no fact "osKind"`);
    const op = await rulesDir(systemRule('test.c', '{ fact: osId, looksLike: debian }'));
    expectUsage(await runMain(['rules', 'validate', op]), `${file(op)}:6:26: unknown operator "looksLike"`);
  });

  it('rules validate reports every error of a file at once, schema errors and the later checks, and does not say it scanned', async () => {
    const text = `${systemRule('test.d', '{ fact: osKind, exists: true }').replace('severity: high', 'severity: urgent')}${systemRule('test.e', '{ fact: osId, looksLike: debian }').replace(/^rules:\n/, '')}`;
    const dir = await rulesDir(text);
    const r = await runMain(['rules', 'validate', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('severity: Invalid option');
    expect(r.stderr).toContain('probe "system" has no fact "osKind"');
    expect(r.stderr).toContain('unknown operator "looksLike"');
    expect(r.stderr).toMatch(/shop-audit: 3 error\(s\) in rule files\n$/);
    expect(r.stderr).not.toContain('nothing was scanned');
  });

  it('a missing rules folder', async () => {
    expectUsage(await runMain(['scan', '--rules', '/nonexistent/rules']), 'rules path not found: /nonexistent/rules');
  });

  it('a malformed replay bundle', async () => {
    const root = await makeRoot({ '/bad.json': '{"kind": "shop-audit-bundle",\n "os": }' });
    expectUsage(
      await runMain(['scan', '--replay', path.join(root, 'bad.json')]),
      /bad\.json:2:\d+: not a valid replay bundle/,
    );
    await writeFile(path.join(root, 'bad.json'), '{"kind": "something-else"}');
    expectUsage(await runMain(['scan', '--replay', path.join(root, 'bad.json')]), 'not a valid replay bundle: kind:');
  });

  it('an unwritable --output, before anything is scanned', async () => {
    const root = await makeRoot({});
    const target = path.join(root, 'no-such-folder', 'report.json');
    expectUsage(await runMain(['scan', '--output', target]), 'the folder does not exist');
    expect(existsSync(path.dirname(target))).toBe(false);
    expectUsage(await runMain(['scan', '--output', root]), 'that is a folder');
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('rules and probes commands', () => {
  it('rules validate accepts the bundled rules and profiles', () => {
    const r = runCli(['rules', 'validate', path.join(REPO, 'rules')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok: \d+ rules and \d+ profiles in .* are valid\n$/);
  });

  it('rules explain prints why and how to fix, in the chosen language', async () => {
    // The first rule that applies to Linux (some apply to Windows only).
    const id = (JSON.parse((await runMain(['rules', 'list', '--json'])).stdout) as { id: string; os: string[] }[]).find(
      (r) => r.os.includes('linux'),
    )!.id;
    const en = await runMain(['rules', 'explain', id, '--lang', 'en']);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('Why it matters:');
    expect(en.stdout).toContain('How to fix (Linux):');
    expect((await runMain(['rules', 'explain', id, '--lang', 'zh-CN'])).stdout).toContain('怎么修复 (Linux):');
    expect((await runMain(['rules', 'explain', 'no.such'])).code).toBe(2);
  });

  it('probes --json prints every probe with its facts and unknown reasons', () => {
    const r = runCli(['probes', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.probes.map((p: { id: string }) => p.id)).toEqual([
      'system',
      'login_password',
      'password_policy',
      'screen_lock',
      'disk_encryption',
      'open_shares',
      'remote_access',
      'firewall',
      'anti_malware',
      'autorun',
      'autostart',
      'os_support',
      'personal_data',
      'network_services',
      'wifi',
      'usb_storage',
      'logs_kept',
      'backups',
    ]);
    for (const p of out.probes) expect(typeof p.unknown).toBe('object');
  });
});

needsTool('/usr/bin/setpriv', 'util-linux').describe('without root', () => {
  // The built CLI, run as the unprivileged user "nobody" (setpriv from util-linux): facts only
  // root can read must come out unknown with the reason, never as passed. The checkout may sit in
  // a folder nobody cannot enter, so a copy of the built package (the launcher, the bundle, the
  // bundled rules: everything `node bin/shop-audit.js` reads) runs from a folder nobody can read.
  let copy = '';
  beforeAll(async () => {
    copy = await mkdtemp(path.join(tmpdir(), 'shop-audit-nobody-'));
    for (const part of ['package.json', 'bin', 'dist/bundle', 'dist/bundled-rules.json']) {
      cpSync(path.join(REPO, part), path.join(copy, part), { recursive: true });
    }
    for (const entry of readdirSync(copy, { recursive: true }) as string[]) chmodSync(path.join(copy, entry), 0o755);
    chmodSync(copy, 0o755);
  });
  afterAll(async () => rm(copy, { recursive: true, force: true }));
  const asNobody = (args: string[]) => {
    const cli = path.join(copy, 'bin', 'shop-audit.js');
    const nobody = ['--reuid=65534', '--regid=65534', '--clear-groups'];
    const r = spawnSync('/usr/bin/setpriv', [...nobody, process.execPath, cli, ...args], {
      cwd: '/',
      env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', NO_COLOR: '1' },
      encoding: 'utf8',
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  it('other accounts\' passwords are unknown with "needs root", and the report says to run with sudo', () => {
    const r = asNobody(['scan', '--format', 'json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.machine.elevated).toBe(false);
    const rule = report.results.find((x: { id: string }) => x.id === 'login.no-empty-password');
    expect(rule.status).toBe('unknown');
    expect(rule.reasons.join('\n')).toMatch(/accounts\[root\]\.password: needs root/);
    expect(report.score.coverage).toBeLessThan(100);
    // The text report is wrapped at 80 columns when it does not go to a terminal.
    expect(asNobody(['scan']).stdout.replace(/\s+/g, ' ')).toContain(
      'Run shop-audit again as administrator (Windows: right-click, "Run as administrator") or with sudo',
    );
  });
});

describe('pipes', () => {
  it('a reader that closes the pipe at once (| true) is not a crash', () => {
    for (const command of ['profiles', 'rules list', 'probes']) {
      const r = spawnSync(
        '/bin/sh',
        ['-c', `"${process.execPath}" "${path.join(REPO, 'bin', 'shop-audit.js')}" ${command} | true`],
        { encoding: 'utf8' },
      );
      expect(r.stderr, command).toBe('');
    }
  });
});

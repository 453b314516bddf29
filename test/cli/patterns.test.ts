import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';
import { REPO, makeRoot } from '../helpers/host.js';

// Issue 13, class 2, through the CLI: a rule's catastrophic `matches` pattern loads, and a scan over a long text
// ends. (The pattern engine's own tests are in test/engine/linear-regex.test.ts, which mutation testing runs.)

const CATASTROPHIC = ['(a+)+$', '(a|aa)+b', '(.*a){20}', '(a*)*b', '^(\\w+\\s?)*$', '(x+x+)+y', '.*.*.*.*.*.*z'];

describe('rules validate and scan never hang on a rule', () => {
  const rule = (pattern: string) => `rules:
  - id: test.catastrophic
    probe: system
    severity: high
    applies: { os: [linux] }
    check: { fact: hostname, matches: '${pattern}' }
    title: { en: "Host name", zh-CN: "主机名" }
    why: { en: "A test rule.", zh-CN: "测试规则。" }
    fix: { linux: { en: ["Nothing."], zh-CN: ["无。"] } }
`;
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [path.join(REPO, 'bin', 'shop-audit.js'), ...args], {
      encoding: 'utf8',
      timeout: 30_000,
    });

  it('catastrophic patterns load and a scan over a 100,000-character host name ends', async () => {
    // Loading each through the CLI's main in-process; the scan below, which could hang, in a program of its own.
    for (const p of CATASTROPHIC) {
      const root = await makeRoot({ '/rules/r.yaml': rule(p), '/etc/hostname': '' });
      expect((await runMain(['rules', 'validate', path.join(root, 'rules')])).code, p).toBe(0);
    }
    // A replayed PC whose host name is 100,000 a's: the scan must end (exit 0/1), not hang.
    const root = await makeRoot({ '/rules/r.yaml': rule('(a+)+$') });
    const bundle = {
      kind: 'shop-audit-bundle',
      schemaVersion: 1,
      os: 'linux',
      elevated: true,
      user: { name: 'root', uid: 0, home: '/root' },
      files: { '/proc/sys/kernel/hostname': { status: 'ok', text: `${'a'.repeat(100_000)}!\n` } },
    };
    const file = path.join(root, 'b.json');
    spawnSync('/bin/sh', ['-c', `cat > ${file}`], { input: JSON.stringify(bundle) });
    const started = Date.now();
    const r = cli([
      'scan',
      '--no-bundled-rules',
      '--rules',
      path.join(root, 'rules'),
      '--replay',
      file,
      '--format',
      'json',
    ]);
    expect(r.error).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(JSON.parse(r.stdout).results[0].status).toBe('fail');
  }, 120_000);

  it('a pattern with a backreference is refused at load time with file:line:col', async () => {
    const root = await makeRoot({ '/rules/r.yaml': rule('(a)\\1') });
    const r = cli(['rules', 'validate', path.join(root, 'rules')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/r\.yaml:6:\d+: .*backreferences/);
  });
});

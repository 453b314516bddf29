import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { COMMON_PASSWORDS } from '../../src/probes/common-passwords.js';
import { makeRoot, REPO } from '../helpers/host.js';
import { runInNamespace } from '../helpers/namespace.js';
import { needs } from '../helpers/tools.js';

// Canary for the common-password check: this machine's /etc/shadow and /etc/passwd are replaced (bind
// mounts in a private mount namespace, the machine untouched) by ones where the account `shop` has a
// common password, its hash written by the real chpasswd. Whole scans through the real CLI, as root, with
// --record and --debug in every format: neither the password nor its hash (nor the digest part) may appear
// in the report, the bundle, standard output or standard error (the debug log). The rule must fail, so
// the check really ran. No candidate or hash is put into a test name or an assertion message.

const CANDIDATE = COMMON_PASSWORDS[2]!;

needs({ chpasswd: 'passwd', unshare: 'util-linux' }).describe('secrets: the common-password check', () => {
  it('a common password and its hash appear in no output of a whole scan (--record, --debug, every format)', async () => {
    const dir = await makeRoot({
      '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\nshop:x:1000:1000:Shop:/home/shop:/bin/bash\n',
      '/etc/shadow': 'root:*:20000:0:99999:7:::\nshop:!:20000:0:99999:7:::\n',
      '/etc/group': 'root:x:0:\nshop:x:1000:\n',
      '/etc/login.defs': readFileSync(
        path.join(REPO, 'test/fixtures/password_policy/login.defs__this-debian12-default.txt'),
      ),
    });
    execFileSync('/usr/sbin/chpasswd', ['-R', dir, '-c', 'SHA512'], { input: `shop:${CANDIDATE}\n` });
    const shadow = readFileSync(path.join(dir, 'etc/shadow'), 'utf8');
    const field = /^shop:([^:]+):/m.exec(shadow)![1]!;
    const secrets = [CANDIDATE, field, field.slice(field.lastIndexOf('$') + 1)];
    const binds = { '/etc/shadow': path.join(dir, 'etc/shadow'), '/etc/passwd': path.join(dir, 'etc/passwd') };
    for (const format of ['json', 'text', 'html']) {
      const bundle = path.join(dir, `pc-${format}.bundle.json`);
      const report = path.join(dir, `report.${format}`);
      const run = runInNamespace(binds, process.execPath, [
        path.join(REPO, 'bin', 'shop-audit.js'),
        'scan',
        '--record',
        bundle,
        '--debug',
        '--format',
        format,
        '--output',
        report,
        '--lang',
        'en',
      ]);
      expect(run.status === 0 || run.status === 1, `scan ran (${format}): exit ${run.status}`).toBe(true);
      const outputs = {
        stdout: run.stdout,
        stderr: run.stderr,
        report: readFileSync(report, 'utf8'),
        bundle: readFileSync(bundle, 'utf8'),
      };
      // The check ran and found the account (else this test would prove nothing).
      if (format === 'json') {
        const result = JSON.parse(outputs.report).results.find(
          (r: { id: string }) => r.id === 'login.no-common-password',
        );
        expect(result.status).toBe('fail');
      } else expect(outputs.report).toContain('An account uses one of the commonest passwords');
      expect(outputs.bundle).toContain('login_password.commonPasswords');
      expect(outputs.stderr.length, 'the debug log was written').toBeGreaterThan(0);
      for (const [name, text] of Object.entries(outputs))
        expect(
          secrets.some((s) => text.includes(s)),
          `a secret in ${format} ${name}`,
        ).toBe(false);
    }
  }, 180_000);
});

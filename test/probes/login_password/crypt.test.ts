import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { md5Crypt, shaCrypt } from '../../../src/probes/login_password/crypt.js';
import {
  hashesAreCommon,
  hashIsCommon,
  MAX_HASHED_ACCOUNTS,
  parseCryptField,
  SHA_ROUNDS_CAP,
} from '../../../src/probes/login_password/common-password.js';
import { makeRoot } from '../../helpers/host.js';
import { needs } from '../../helpers/tools.js';

// The hand-written MD5-crypt and SHA-crypt against hashes this machine's own tools make: OpenSSL's
// `openssl passwd` and the shadow suite's chpasswd (libxcrypt, as it writes /etc/shadow). None of these
// test passwords is a common-password candidate, and no hash is ever put into a test name or message.

const PASSWORDS = ['a', 'shop till 7', 'x'.repeat(70), '收银台密码2024', 'p$with:colons'];
// The last is longer than either scheme reads (MD5-crypt 8 characters, SHA-crypt 16): openssl cuts it as crypt(3) does.
const SALTS = ['saltsalt', 'A.b/0123456789zz', 'short', 'A.b/0123456789zzEXTRA'];

/** The part after the last `$`: the computed digest, the only part compared. */
const digestOf = (crypted: string) => crypted.slice(crypted.lastIndexOf('$') + 1);

needs({ '/usr/bin/openssl': 'openssl' }).describe('crypt schemes against openssl passwd', () => {
  for (const [flag, scheme] of [
    ['-1', 'md5'],
    ['-5', 'sha256'],
    ['-6', 'sha512'],
  ] as const) {
    it(`openssl passwd ${flag}: ${PASSWORDS.length * SALTS.length} passwords and salts, every digest the same`, () => {
      let same = 0;
      for (const password of PASSWORDS) {
        for (const salt of SALTS) {
          const made = execFileSync('/usr/bin/openssl', ['passwd', flag, '-salt', salt, '-stdin'], { input: password })
            .toString()
            .trim();
          const mine = scheme === 'md5' ? md5Crypt(password, salt) : shaCrypt(scheme, password, salt, 5000);
          if (mine === digestOf(made)) same++;
        }
      }
      expect(same, 'digests equal to openssl passwd (counted, never printed)').toBe(PASSWORDS.length * SALTS.length);
    });
  }
});

needs({ chpasswd: 'passwd' }).describe(
  'crypt schemes against chpasswd (the /etc/shadow writer) in a private root',
  () => {
    /** The shadow field chpasswd -R writes for `password` with the method and SHA rounds given. */
    async function chpasswdField(password: string, method: string, rounds?: number): Promise<string> {
      const root = await makeRoot({
        '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\nshop:x:1000:1000::/home/shop:/bin/bash\n',
        '/etc/shadow': 'root:*:20000:0:99999:7:::\nshop:!:20000:0:99999:7:::\n',
        '/etc/group': 'root:x:0:\nshop:x:1000:\n',
        '/etc/login.defs': readFileSync('/etc/login.defs'),
      });
      const args = ['-R', root, '-c', method, ...(rounds ? ['-s', String(rounds)] : [])];
      execFileSync('/usr/sbin/chpasswd', args, { input: `shop:${password}\n` });
      return /^shop:([^:]*):/m.exec(readFileSync(path.join(root, 'etc/shadow'), 'utf8'))![1]!;
    }

    it('SHA-512 at the default rounds, SHA-256 with rounds=, MD5: each digest as chpasswd wrote it', async () => {
      const cases = [
        { method: 'SHA512', rounds: undefined, scheme: 'sha512', prefix: '$6$' },
        { method: 'SHA256', rounds: 1000, scheme: 'sha256', prefix: '$5$rounds=1000$' },
        { method: 'SHA512', rounds: 7777, scheme: 'sha512', prefix: '$6$rounds=7777$' },
        { method: 'MD5', rounds: undefined, scheme: 'md5', prefix: '$1$' },
      ] as const;
      for (const c of cases) {
        const field = await chpasswdField('till-Password-9', c.method, c.rounds);
        expect(field.startsWith(c.prefix), `${c.method} field form`).toBe(true);
        const parsed = parseCryptField(field);
        expect('reason' in parsed, `${c.method} parsed`).toBe(false);
        if ('reason' in parsed) continue;
        expect(parsed.scheme).toBe(c.scheme);
        const mine =
          parsed.scheme === 'md5'
            ? md5Crypt('till-Password-9', parsed.salt)
            : shaCrypt(parsed.scheme, 'till-Password-9', parsed.salt, parsed.rounds);
        expect(mine === parsed.hash, `${c.method} digest equals chpasswd's`).toBe(true);
        // A wrong password gives another digest (the comparison can fail).
        const other =
          parsed.scheme === 'md5'
            ? md5Crypt('till-Password-8', parsed.salt)
            : shaCrypt(parsed.scheme, 'till-Password-8', parsed.salt, parsed.rounds);
        expect(other === parsed.hash, `${c.method} other password differs`).toBe(false);
      }
    });

    it('yescrypt (Debian 12 default) and rounds above the cap are unknown with the reason, never "not common"', async () => {
      const yescrypt = hashIsCommon(await chpasswdField('till-Password-9', 'YESCRYPT'), 'shop');
      expect(yescrypt).toEqual({
        ok: false,
        reason:
          'the password is stored with yescrypt, which Node.js cannot compute and no well-kept npm package implements',
      });
      const slow = hashIsCommon(await chpasswdField('till-Password-9', 'SHA512', SHA_ROUNDS_CAP + 1), 'shop');
      expect(slow.ok).toBe(false);
      expect(!slow.ok && slow.reason).toBe(
        `the password hash uses ${SHA_ROUNDS_CAP + 1} rounds; shop-audit computes at most ${SHA_ROUNDS_CAP} ` +
          'to keep the scan fast (a hash this slow is also slow to guess)',
      );
    });
  },
);

describe('hash fields shop-audit does not compute', () => {
  it.each([
    ['old DES crypt (13 characters)', 'abJnggxhB/yWI', /old DES crypt/],
    ['bcrypt', '$2b$05$abcdefghijklmnopqrstuuN0lZ1yKcYkSxQyHk4pW7oJ3TbFpmyXa', /bcrypt, which Node\.js cannot/],
    ['a --record bundle keeps no hash', 'REDACTED', /not kept in a --record bundle/],
    ['garbage', '$6$rounds=x$salt$hash', /a form shop-audit does not know/],
  ])('%s: unknown with the reason', (_what, field, reason) => {
    const answer = hashIsCommon(field, 'shop');
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.reason).toMatch(reason);
  });
});

describe('the work of one scan is bounded', () => {
  it(`compares at most ${MAX_HASHED_ACCOUNTS} accounts' hashes; the rest are unknown with the reason`, () => {
    const accounts = Array.from({ length: MAX_HASHED_ACCOUNTS + 2 }, (_, i) => ({
      name: `user${i}`,
      hash: `$1$salt${i}$${md5Crypt(`till-Password-${i}`, `salt${i}`)}`,
    }));
    // A hash shop-audit cannot compute uses none of the budget.
    const answers = hashesAreCommon([{ name: 'yes', hash: '$y$j9T$abc$def' }, ...accounts]);
    expect(answers.slice(1, MAX_HASHED_ACCOUNTS + 1)).toEqual(
      Array(MAX_HASHED_ACCOUNTS).fill({ ok: true, value: false }),
    );
    expect(answers.slice(MAX_HASHED_ACCOUNTS + 1)).toEqual(
      Array(2).fill({
        ok: false,
        reason: `not compared: shop-audit compares the hashes of at most ${MAX_HASHED_ACCOUNTS} accounts per scan, to keep it fast`,
      }),
    );
  });
});

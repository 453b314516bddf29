import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { md5Crypt, shaCrypt } from '../../../src/probes/login_password/crypt.js';
import {
  hashesAreCommon,
  hashIsCommon,
  lockoutWords,
  MAX_HASHED_ACCOUNTS,
  parseCryptField,
  SHA_ROUNDS_CAP,
  triedAnswer,
} from '../../../src/probes/login_password/common-password.js';
import { COMMON_PASSWORDS } from '../../../src/probes/common-passwords.js';
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
      for (const salt of SALTS) {
        // openssl passwd -stdin reads one password a line and prints one hash a line.
        const made = execFileSync('/usr/bin/openssl', ['passwd', flag, '-salt', salt, '-stdin'], {
          input: `${PASSWORDS.join('\n')}\n`,
        })
          .toString()
          .trim()
          .split('\n');
        expect(made).toHaveLength(PASSWORDS.length);
        for (const [i, password] of PASSWORDS.entries()) {
          const mine = scheme === 'md5' ? md5Crypt(password, salt) : shaCrypt(scheme, password, salt, 5000);
          if (mine === digestOf(made[i]!)) same++;
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

describe('hash fields and answers: edges found by mutation testing', () => {
  const UNKNOWN_FORM = 'the password hash has a form shop-audit does not know';
  // `openssl passwd -1 -salt saltsalt` of a strong password (not a candidate), made on this machine; and a SHA-512
  // field whose digest is a stand-in (only its parts are read here).
  const MD5 = '$1$saltsalt$2v0E7I5PWQi97JMtN5HZp1';
  const SHA = '$6$saltsalt$abc';

  it('reads each part of $id$[rounds=N$]salt$hash, and refuses every other form', () => {
    expect(parseCryptField(MD5)).toEqual({ scheme: 'md5', salt: 'saltsalt', hash: '2v0E7I5PWQi97JMtN5HZp1' });
    expect(hashIsCommon(MD5, 'shop')).toEqual({ ok: true, value: false });
    expect(parseCryptField(SHA)).toEqual({ scheme: 'sha512', rounds: 5000, salt: 'saltsalt', hash: 'abc' });
    expect(parseCryptField('$5$rounds=1000$s$h')).toEqual({ scheme: 'sha256', rounds: 1000, salt: 's', hash: 'h' });
    // Fewer than 1000 rounds count as 1000 (Drepper's specification).
    expect(parseCryptField('$5$rounds=10$s$h')).toEqual({ scheme: 'sha256', rounds: 1000, salt: 's', hash: 'h' });
    for (const field of [
      'xx$1$salt$hash', // not starting with $
      '$1$salt', // too few parts
      '$1$a$b$c', // MD5-crypt has no rounds part
      '$6$a$b$c$d', // too many parts
      '$6$xrounds=5000$s$h',
      '$6$rounds=5000x$s$h',
      '$6$rounds=$s$h',
      '$9$salt$hash', // no such scheme
      '!',
      '*',
      '',
      'abJnggxhB/yW', // 12 characters: no DES crypt either
    ])
      expect(parseCryptField(field), field).toEqual({ reason: UNKNOWN_FORM });
    expect(parseCryptField('abJnggxhB/yWI')).toEqual({
      reason:
        'the password is stored with the old DES crypt (it keeps only 8 characters), which shop-audit does not compute',
    });
    expect(parseCryptField('REDACTED')).toEqual({ reason: 'the password hash is not kept in a --record bundle' });
  });

  it('rounds at the cap are computed, one above are not', () => {
    const atCap = `$5$rounds=${SHA_ROUNDS_CAP}$salt$${shaCrypt('sha256', COMMON_PASSWORDS[0]!, 'salt', SHA_ROUNDS_CAP)}`;
    expect(hashIsCommon(atCap, 'shop')).toEqual({ ok: true, value: true });
    expect(
      hashIsCommon(atCap.replace(`rounds=${SHA_ROUNDS_CAP}`, `rounds=${SHA_ROUNDS_CAP + 1}`), 'shop'),
    ).toMatchObject({
      ok: false,
    });
  });

  it('a candidate or the own name is found in either scheme; another password is not', () => {
    const md5 = (pw: string) => `$1$saltsalt$${md5Crypt(pw, 'saltsalt')}`;
    const sha = (pw: string) => `$6$saltsalt$${shaCrypt('sha512', pw, 'saltsalt', 5000)}`;
    for (const make of [md5, sha]) {
      expect(hashIsCommon(make(COMMON_PASSWORDS.at(-1)!), 'shop')).toEqual({ ok: true, value: true });
      expect(hashIsCommon(make('shop'), 'shop')).toEqual({ ok: true, value: true });
      expect(hashIsCommon(make('shop'), 'till')).toEqual({ ok: true, value: false });
      expect(hashIsCommon(make('Kumquat-ledger-41-Tiles'), 'shop')).toEqual({ ok: true, value: false });
      // Out of the scan's budget: not compared, whatever the hash.
      expect(hashIsCommon(make('shop'), 'shop', false)).toMatchObject({ ok: false });
    }
  });

  it('tries: a match is common; all candidates tried without one is not; fewer tries are unknown, with why', () => {
    expect(triedAnswer(3, 11, true, 'locks')).toEqual({ ok: true, value: true });
    expect(triedAnswer(11, 11, false, 'locks')).toEqual({ ok: true, value: false });
    expect(triedAnswer(10, 11, false, 'it locks')).toEqual({
      ok: false,
      reason: '10 of 11 common passwords tried: it locks',
    });
    expect(triedAnswer(0, 11, false, 'x')).toMatchObject({ ok: false });
  });

  it('says which lockout kept the tries short', () => {
    expect(lockoutWords(null, 2)).toBe(
      'the lockout threshold could not be read, so no password was tried (a try could lock the account)',
    );
    expect(lockoutWords(5, null)).toBe(
      'the account locks after 5 failed logons and its count of failed logons could not be read, ' +
        'so no password was tried (a try could lock it)',
    );
    expect(lockoutWords(10, 4)).toBe(
      'the account locks after 10 failed logons and has 4 already; shop-audit leaves at least 3 so it is never locked',
    );
    expect(lockoutWords(0, 0)).toMatch(/^the account locks after 0 failed logons and has 0 already/);
  });
});

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRecordingHost, createReplayHost } from '../../../src/host/bundle.js';
import { COMMON_PASSWORDS } from '../../../src/probes/common-passwords.js';
import { collectLinux } from '../../../src/probes/login_password/linux.js';
import { redactSecrets } from '../../../src/probes/index.js';
import { REASON } from '../../../src/probes/types.js';
import { makeRoot, REPO, rootHost } from '../../helpers/host.js';
import { scanWith } from '../../helpers/scan.js';
import { needs } from '../../helpers/tools.js';

// Linux as a real scenario: /etc/shadow written by the real chpasswd (the shadow suite's tool that
// `passwd` and the installers use) into a private root, then the probe and whole scans over it.
// Candidates are taken from the list by index; no candidate or hash is ever put into a test name or an
// assertion message.

const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
  'alice:x:1000:1000::/home/alice:/bin/bash',
  'bob:x:1001:1001::/home/bob:/bin/bash',
  'carol:x:1002:1002::/home/carol:/bin/bash',
  'dave:x:1003:1003::/home/dave:/bin/bash',
  'erin:x:1004:1004::/home/erin:/bin/bash',
  'frank:x:1005:1005::/home/frank:/bin/bash',
  'gina:x:1006:1006::/home/gina:/bin/bash',
  '',
].join('\n');
const NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina'];
const STRONG = 'Kumquat-ledger-41-Tiles';

/** One account's password and how chpasswd hashes it (method and SHA rounds). */
interface Setting {
  password: string;
  method: 'SHA512' | 'SHA256' | 'MD5' | 'YESCRYPT';
  rounds?: number;
}

/** A private root whose /etc/shadow the real chpasswd wrote; root locked, every other account as given (else locked). */
async function shadowRoot(settings: Record<string, Setting>): Promise<string> {
  const root = await makeRoot({
    '/etc/passwd': PASSWD,
    '/etc/shadow': ['root', 'daemon', ...NAMES].map((n) => `${n}:!:20000:0:99999:7:::`).join('\n') + '\n',
    '/etc/group': ['root:x:0:', ...NAMES.map((n, i) => `${n}:x:${1000 + i}:`)].join('\n') + '\n',
    '/etc/login.defs': readFileSync(
      path.join(REPO, 'test/fixtures/password_policy/login.defs__this-debian12-default.txt'),
    ),
    '/etc/os-release': readFileSync(path.join(REPO, 'test/fixtures/os_support/os-release__this-debian12-etc.txt')),
  });
  for (const [name, s] of Object.entries(settings)) {
    const args = ['-R', root, '-c', s.method, ...(s.rounds ? ['-s', String(s.rounds)] : [])];
    execFileSync('/usr/sbin/chpasswd', args, { input: `${name}:${s.password}\n` });
  }
  return root;
}

const asRoot = (root: string) => rootHost(root, { elevated: true, user: { name: 'root', uid: 0, home: '/root' } });
const shadowOf = (root: string) => readFileSync(path.join(root, 'etc/shadow'), 'utf8');

needs({ chpasswd: 'passwd' }).describe('common passwords on Linux: real /etc/shadow from chpasswd', () => {
  it('each scheme Node computes finds a candidate and the own name; a strong password, yescrypt and slow rounds do not pass as found', async () => {
    const root = await shadowRoot({
      alice: { password: COMMON_PASSWORDS[0]!, method: 'SHA512' },
      bob: { password: 'bob', method: 'SHA512' },
      carol: { password: STRONG, method: 'SHA512' },
      dave: { password: COMMON_PASSWORDS[3]!, method: 'MD5' },
      erin: { password: COMMON_PASSWORDS[6]!, method: 'SHA256', rounds: 20_000 },
      frank: { password: COMMON_PASSWORDS[1]!, method: 'YESCRYPT' },
      gina: { password: STRONG, method: 'SHA256', rounds: 1000 },
    });
    const out = await collectLinux(await asRoot(root));
    expect(out.facts.commonPasswords).toEqual([
      { name: 'root', common: false, tries: 0 },
      { name: 'alice', common: true, tries: 0 },
      { name: 'bob', common: true, tries: 0 },
      { name: 'carol', common: false, tries: 0 },
      { name: 'dave', common: true, tries: 0 },
      { name: 'erin', common: null, tries: 0 },
      { name: 'frank', common: null, tries: 0 },
      { name: 'gina', common: false, tries: 0 },
    ]);
    expect(out.unknown['commonPasswords[erin].common']).toMatch(/uses 20000 rounds; shop-audit computes at most 10000/);
    expect(out.unknown['commonPasswords[frank].common']).toMatch(/stored with yescrypt/);
    // Nothing the probe gives back holds a candidate or a hash.
    const given = JSON.stringify(out);
    for (const secret of [...COMMON_PASSWORDS, ...hashesOf(shadowOf(root))])
      expect(given.includes(secret), 'a candidate or a hash in the probe output').toBe(false);
  });

  it('without root: unknown (needs root), never "not common"', async () => {
    const root = await shadowRoot({ alice: { password: COMMON_PASSWORDS[0]!, method: 'SHA512' } });
    const out = await collectLinux(await rootHost(root, { elevated: false }));
    expect(out.facts.commonPasswords?.find((a) => a.name === 'alice')).toEqual({
      name: 'alice',
      common: null,
      tries: 0,
    });
    expect(out.unknown['commonPasswords[alice].common']).toBe(REASON.needsRoot);
  });

  it('a --record bundle keeps whether each account matched, never the hash, and replays the same facts', async () => {
    const root = await shadowRoot({
      alice: { password: COMMON_PASSWORDS[2]!, method: 'SHA512' },
      carol: { password: STRONG, method: 'MD5' },
    });
    const { host, finish } = createRecordingHost(await asRoot(root), redactSecrets);
    const live = await collectLinux(host);
    const bundle = finish();
    const text = JSON.stringify(bundle);
    for (const secret of [COMMON_PASSWORDS[2]!, ...hashesOf(shadowOf(root))])
      expect(text.includes(secret), 'a candidate or a hash in the bundle').toBe(false);
    expect(bundle.derived['login_password.commonPasswords']).toBeDefined();
    const replayed = await collectLinux(createReplayHost(bundle));
    expect(replayed.facts.commonPasswords).toEqual(live.facts.commonPasswords);
    expect(live.facts.commonPasswords?.find((a) => a.name === 'alice')?.common).toBe(true);
  });

  // Parity: login.no-common-password passes and fails in scans on Linux (of that rule alone: --only).
  it('scan: a candidate password fails login.no-common-password; the same accounts with strong passwords pass', async () => {
    const weak = await shadowRoot({
      alice: { password: COMMON_PASSWORDS[4]!, method: 'SHA512' },
      carol: { password: STRONG, method: 'SHA512' },
    });
    const failed = (
      await scanWith(await asRoot(weak), { only: ['login.no-common-password'], replayed: false })
    ).results.find((r) => r.id === 'login.no-common-password')!;
    expect(failed.status).toBe('fail');
    expect(failed.evidence).toMatchObject({
      commonPasswords: expect.arrayContaining([{ name: 'alice', common: true, tries: 0 }]),
    });
    const strong = await shadowRoot({
      alice: { password: STRONG, method: 'SHA512' },
      carol: { password: `${STRONG}-2`, method: 'SHA256' },
    });
    const passed = (
      await scanWith(await asRoot(strong), { only: ['login.no-common-password'], replayed: false })
    ).results.find((r) => r.id === 'login.no-common-password')!;
    expect(passed.status).toBe('pass');
  });

  it('scan on Debian 12 defaults (yescrypt): unknown with the reason, never pass', async () => {
    const root = await shadowRoot({ alice: { password: STRONG, method: 'YESCRYPT' } });
    const result = (
      await scanWith(await asRoot(root), { only: ['login.no-common-password'], replayed: false })
    ).results.find((r) => r.id === 'login.no-common-password')!;
    expect(result.status).toBe('unknown');
    expect(result.reasons.join(' ')).toMatch(/yescrypt/);
  });
});

/** Every password hash of a shadow file and its digest part (what must never leave the PC). */
function hashesOf(shadow: string): string[] {
  return shadow
    .split('\n')
    .map((line) => line.split(':')[1] ?? '')
    .filter((field) => field.startsWith('$'))
    .flatMap((field) => [field, field.slice(field.lastIndexOf('$') + 1)]);
}

describe('the list', () => {
  it('is short, unique and has its source beside it', () => {
    const file = JSON.parse(readFileSync(path.join(REPO, 'src/probes/common-passwords.json'), 'utf8'));
    expect(new Set(COMMON_PASSWORDS).size).toBe(COMMON_PASSWORDS.length);
    expect(COMMON_PASSWORDS.length).toBeLessThanOrEqual(10);
    expect(file.source).toMatch(/nordpass\.com/);
  });
});

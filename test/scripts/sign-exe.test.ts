import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript build script without types
import { signExe, signingFromEnv } from '../../scripts/sign-exe.mjs';
import { makeRoot } from '../helpers/host.js';
import { needs } from '../helpers/tools.js';

// npm run build:exe signs the Windows executable when given a code-signing certificate (issue 14: Smart App
// Control blocks unsigned programs). Here a real Windows program (Wine's hostname.exe, a PE file) is signed
// with a certificate made for the test, as the build signs shop-audit-win-x64.exe.
const WINE_EXE = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows/hostname.exe';
const tools = needs({ osslsigncode: 'osslsigncode', openssl: 'openssl', [WINE_EXE]: 'wine64' });

describe('the signing settings (SHOP_AUDIT_SIGN_*)', () => {
  it('none set: unsigned; only one of the two, or a file that is not there: an error, never an unsigned build', async () => {
    expect(signingFromEnv({})).toBeNull();
    const dir = await makeRoot({ '/cert.p12': 'x', '/pass.txt': 'x' });
    expect(() => signingFromEnv({ SHOP_AUDIT_SIGN_PKCS12: `${dir}/cert.p12` })).toThrow(/set both/);
    expect(() => signingFromEnv({ SHOP_AUDIT_SIGN_PASSWORD_FILE: `${dir}/pass.txt` })).toThrow(/set both/);
    expect(() =>
      signingFromEnv({
        SHOP_AUDIT_SIGN_PKCS12: `${dir}/missing.p12`,
        SHOP_AUDIT_SIGN_PASSWORD_FILE: `${dir}/pass.txt`,
      }),
    ).toThrow(/missing\.p12 does not exist/);
    expect(
      signingFromEnv({
        SHOP_AUDIT_SIGN_PKCS12: `${dir}/cert.p12`,
        SHOP_AUDIT_SIGN_PASSWORD_FILE: `${dir}/pass.txt`,
        SHOP_AUDIT_SIGN_TIMESTAMP: 'http://timestamp.example',
      }),
    ).toEqual({ pkcs12: `${dir}/cert.p12`, passwordFile: `${dir}/pass.txt`, timestamp: 'http://timestamp.example' });
  });
});

tools.describe('signExe (osslsigncode, a test certificate)', () => {
  it('signs a Windows program with SHA-256 Authenticode under the certificate, the password read from its file', async () => {
    const dir = await makeRoot({});
    const file = (name: string) => path.join(dir, name);
    writeFileSync(file('pass.txt'), 'test-only-passphrase\n');
    const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=shop-audit test signer',
      '-addext',
      'extendedKeyUsage=codeSigning',
      '-keyout',
      file('key.pem'),
      '-out',
      file('cert.pem'),
    );
    openssl(
      'pkcs12',
      '-export',
      '-inkey',
      file('key.pem'),
      '-in',
      file('cert.pem'),
      '-out',
      file('cert.p12'),
      '-passout',
      `file:${file('pass.txt')}`,
    );
    const exe = file('hostname.exe');
    copyFileSync(WINE_EXE, exe);
    const signature = () => spawnSync('osslsigncode', ['extract-signature', '-in', exe, '-out', file('sig.der')]);
    expect(signature().status).not.toBe(0);

    signExe(
      exe,
      signingFromEnv({ SHOP_AUDIT_SIGN_PKCS12: file('cert.p12'), SHOP_AUDIT_SIGN_PASSWORD_FILE: file('pass.txt') }),
    );

    expect(readFileSync(exe).subarray(0, 2).toString()).toBe('MZ');
    expect(signature().status).toBe(0);
    const verify = spawnSync('osslsigncode', ['verify', '-in', exe], { encoding: 'utf8' });
    expect(verify.stdout).toMatch(/Subject: .*CN ?= ?shop-audit test signer/);
    expect(verify.stdout).toMatch(/sha256/i);
    expect(verify.stdout).toContain('shop-audit');
    // Its password never reaches a command line: osslsigncode read it from the file.
    expect(verify.stdout + verify.stderr).not.toContain('test-only-passphrase');
  });
});

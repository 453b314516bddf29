import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { makeRoot, REPO, rootHost } from '../helpers/host.js';
import { runCli } from '../helpers/cli.js';
import { scanWith } from '../helpers/scan.js';
import { needsTool } from '../helpers/tools.js';

/** Every file and folder under `dir` with its kind, mode, size, mtime and content hash. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, rel);
    const s = statSync(full);
    out[rel] = s.isDirectory()
      ? `dir ${s.mode}`
      : `file ${s.mode} ${s.size} ${s.mtimeMs} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`;
  }
  return out;
}

describe('a scan is read-only', () => {
  it('the CLI writes nothing but the requested report: HOME, TMPDIR and the working folder are unchanged', async () => {
    const home = await makeRoot({ '/.config/keep.txt': 'x' });
    const tmp = await makeRoot({});
    const cwd = await makeRoot({ '/notes.txt': 'y' });
    const before = { home: tree(home), tmp: tree(tmp), cwd: tree(cwd), repo: tree(path.join(REPO, 'dist')) };
    const r = runCli(['scan', '--format', 'json', '--output', 'report.json'], {
      cwd,
      env: {
        HOME: home,
        TMPDIR: tmp,
        XDG_CONFIG_HOME: path.join(home, '.config'),
        XDG_CACHE_HOME: path.join(home, '.cache'),
      },
    });
    expect([0, 1]).toContain(r.code);
    expect(tree(home)).toEqual(before.home);
    expect(tree(tmp)).toEqual(before.tmp);
    expect(tree(path.join(REPO, 'dist'))).toEqual(before.repo);
    const { 'report.json': report, ...rest } = tree(cwd);
    expect(report).toMatch(/^file /);
    expect(rest).toEqual(before.cwd);
  });

  it('the probes change nothing in the root they scan (every Linux probe, real tools, as root)', async () => {
    const root = await makeRoot({
      '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\nshop:x:1000:1000::/home/shop:/bin/bash\n',
      '/etc/shadow': 'root:!:19000:0:99999:7:::\nshop::19000:0:99999:7:::\n',
      '/etc/gdm3/custom.conf': '[daemon]\nAutomaticLoginEnable=true\nAutomaticLogin=shop\n',
      '/etc/samba/smb.conf':
        '[global]\nmap to guest = Bad User\n[public]\npath = /srv/public\nguest ok = yes\nread only = no\n',
      '/etc/ssh/sshd_config': 'PermitEmptyPasswords yes\n',
      '/etc/exports': '/srv *(rw,insecure)\n',
      '/home/shop/.config/kscreenlockerrc': '[Daemon]\nAutolock=false\n',
      '/usr/bin/plasmashell': '',
      '/etc/os-release': 'ID=debian\nVERSION_ID="12"\n',
    });
    const before = tree(root);
    const report = await scanWith(
      await rootHost(root, { elevated: true, user: { name: 'root', uid: 0, home: '/root' } }),
      { replayed: false },
    );
    expect(report.results.find((r) => r.id === 'login.no-empty-password')?.status).toBe('fail');
    expect(tree(root)).toEqual(before);
  });
});

needsTool('/usr/bin/prlimit', 'util-linux').describe('the report is written atomically', () => {
  it('a failing write (file size limit) leaves the previous report intact, exits 3 and says why', async () => {
    const dir = await makeRoot({ '/report.json': 'PREVIOUS REPORT' });
    const target = path.join(dir, 'report.json');
    // prlimit (util-linux) makes any file larger than 300 bytes fail to write (EFBIG): a real failing disk write.
    const r = spawnSync(
      '/usr/bin/prlimit',
      [
        '--fsize=300',
        process.execPath,
        path.join(REPO, 'bin', 'shop-audit.js'),
        'scan',
        '--format',
        'json',
        '--output',
        target,
      ],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`could not save ${target}: the file would be larger than allowed (EFBIG)`);
    expect(r.stderr).toContain('any earlier file of that name is unchanged');
    expect(readFileSync(target, 'utf8')).toBe('PREVIOUS REPORT');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('a report that can be written replaces the previous one whole', async () => {
    const dir = await makeRoot({ '/report.json': 'PREVIOUS REPORT' });
    const target = path.join(dir, 'report.json');
    chmodSync(target, 0o444);
    writeFileSync(path.join(dir, 'other.txt'), 'z');
    const r = runCli(['scan', '--format', 'json', '--output', target]);
    expect([0, 1]).toContain(r.code);
    expect(JSON.parse(readFileSync(target, 'utf8')).schemaVersion).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['other.txt', 'report.json']);
  });
});

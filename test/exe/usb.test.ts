import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { expect, it } from 'vitest';
import { makeRoot, REPO } from '../helpers/host.js';
import { needsTool } from '../helpers/tools.js';

// The executable started with no arguments from a "stick": a temporary folder holding a copy of
// it, with a temporary HOME. Only the two reports may appear; nothing else anywhere changes.
const EXE = path.join(REPO, 'dist', 'shop-audit-linux-x64');

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, rel);
    const s = statSync(full);
    out[rel] = s.isDirectory()
      ? 'dir'
      : `${s.size} ${s.mtimeMs} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`;
  }
  return out;
}

async function stick(): Promise<{ stick: string; home: string; exe: string }> {
  const stickDir = await makeRoot({ '/notes.txt': 'the technician keeps notes here' });
  const home = await makeRoot({ '/.bashrc': '# home\n' });
  const exe = path.join(stickDir, 'shop-audit-linux-x64');
  copyFileSync(EXE, exe);
  chmodSync(exe, 0o755);
  return { stick: stickDir, home, exe };
}

const run = (exe: string, cwd: string, home: string, asNobody = false) =>
  spawnSync(
    asNobody ? '/usr/bin/setpriv' : exe,
    asNobody ? ['--reuid=65534', '--regid=65534', '--clear-groups', exe] : [],
    {
      cwd,
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', TMPDIR: home },
      timeout: 60_000,
    },
  );

needsTool('/usr/bin/setpriv', 'util-linux').describe('USB stick mode (no arguments)', () => {
  it('writes only reports/<computer>-<date>.html and .json beside the executable, and says where', async () => {
    const { stick: dir, home, exe } = await stick();
    const before = { stick: tree(dir), home: tree(home) };
    const r = run(exe, dir, home);
    expect([0, 1], r.stderr).toContain(r.status);
    const after = tree(dir);
    const added = Object.keys(after)
      .filter((k) => !(k in before.stick))
      .sort();
    expect(added).toHaveLength(3);
    expect(added[0]).toBe('reports');
    expect(added[1]).toMatch(/^reports\/[\p{L}\p{N}._-]+-\d{4}-\d{2}-\d{2}_\d{6}\.html$/u);
    expect(added[2]).toBe(added[1]!.replace(/\.html$/, '.json'));
    for (const k of Object.keys(before.stick)) expect(after[k], k).toBe(before.stick[k]);
    expect(tree(home)).toEqual(before.home);
    expect(r.stdout).toMatch(/Score \d+\/100/);
    expect(r.stdout).toContain(`Reports saved in ${path.join(dir, 'reports')}`);
    const json = JSON.parse(readFileSync(path.join(dir, added[2]!), 'utf8'));
    expect(json.schemaVersion).toBe(1);
    expect(readFileSync(path.join(dir, added[1]!), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('on a write-protected stick the reports go to the Desktop, and the summary says so', async () => {
    const { stick: dir, home, exe } = await stick();
    // The stick belongs to root and the scan runs as "nobody": it cannot write there.
    mkdirSync(path.join(home, 'Desktop'));
    chownSync(home, 65534, 65534);
    chownSync(path.join(home, 'Desktop'), 65534, 65534);
    chmodSync(dir, 0o755);
    const before = tree(dir);
    const r = run(exe, dir, home, true);
    expect([0, 1], r.stderr).toContain(r.status);
    expect(tree(dir)).toEqual(before);
    const saved = readdirSync(path.join(home, 'Desktop')).sort();
    expect(saved).toHaveLength(2);
    expect(saved[0]).toMatch(/\.html$/);
    expect(r.stdout).toContain('cannot be written to (write-protected stick?)');
    expect(r.stdout).toContain(`Reports saved in ${path.join(home, 'Desktop')}`);
  });
});

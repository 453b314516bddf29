import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backups } from '../../../src/probes/backups/index.js';
import { makeRoot, REPO, rootHost } from '../../helpers/host.js';
import { needsTool } from '../../helpers/tools.js';

const collect = backups.collect.linux;
const fixture = (name: string) => readFile(path.join(REPO, 'test', 'fixtures', 'backups', name), 'utf8');
const borgTool = needsTool('borg', 'borgbackup');
/** A repository's folder in borg's security folder is named by the repository's id (64 hex digits). */
const REPO_ID = 'a'.repeat(64);
const SECURITY = `/root/.config/borg/security/${REPO_ID}`;

// The borg part of the Linux collector on real files in a temporary root: files written by the real borg, and
// the real manifest-timestamp borg 1.2.4 left after a prune (SOURCES.md).
describe('backups on Linux: borg (temporary root)', () => {
  borgTool.it('a backup made by the real borg in root home is the last backup, from the file alone', async () => {
    const root = await makeRoot({ '/usr/bin/borg': await readFile('/usr/bin/borg') });
    const home = path.join(root, 'root');
    await mkdir(path.join(root, 'data'), { recursive: true });
    await mkdir(path.join(root, 'backup-disk'));
    await writeFile(path.join(root, 'data', 'till.csv'), 'order,total\n1,12.50\n');
    const env = { PATH: process.env.PATH, HOME: home, BORG_PASSPHRASE: 'test only' };
    const repo = path.join(root, 'backup-disk', 'borg');
    const before = Date.now();
    execFileSync('/usr/bin/borg', ['init', '-e', 'repokey', repo], { env, stdio: 'ignore' });
    execFileSync('/usr/bin/borg', ['create', `${repo}::first`, path.join(root, 'data')], { env, stdio: 'ignore' });
    const after = Date.now();
    const now = new Date(after + 3 * 86_400_000);
    const { facts, unknown } = await collect(await rootHost(root, { elevated: true }), { deep: false, now });
    expect(facts.tool).toBe('borg');
    expect(facts.configured).toBe(true);
    const at = Date.parse(facts.lastBackup!);
    // borg's own clock, in UTC: within the seconds the two commands ran (its file keeps microseconds, cut to ms).
    expect(at).toBeGreaterThanOrEqual(before - 1);
    expect(at).toBeLessThanOrEqual(after);
    expect(facts.daysSinceBackup).toBe(3);
    expect(unknown).toEqual({});
  });

  it("borg's manifest-timestamp after a prune; a borgmatic configuration alone is set up, with no backup found", async () => {
    const borg = { '/usr/bin/borg': '#!/usr/bin/python3\n' };
    const pruned = await makeRoot({
      ...borg,
      [`${SECURITY}/manifest-timestamp`]: await fixture('manifest-timestamp__this-debian12-borg-1.2.4-after-prune.txt'),
    });
    const now = new Date('2026-12-20T00:00:00Z');
    const read = await collect(await rootHost(pruned, { elevated: true }), { deep: false, now });
    expect(read.facts).toEqual({
      configured: true,
      tool: 'borg',
      lastBackup: '2026-12-07T03:14:18.949Z',
      daysSinceBackup: 12,
    });
    const configOnly = await makeRoot({ ...borg, '/etc/borgmatic/config.yaml': 'repositories: []\n' });
    const none = await collect(await rootHost(configOnly, { elevated: true }), { deep: false, now });
    expect(none.facts).toEqual({ configured: true, tool: null, lastBackup: null, daysSinceBackup: null });
    expect(none.unknown.lastBackup).toContain('no finished backup');
  });

  it('without borg installed no home is read; an unreadable home with borg is unknown, not "no backup"', async () => {
    const noBorg = await makeRoot({ [`${SECURITY}/manifest-timestamp`]: '2026-12-07T03:14:18.949172' });
    const plain = await collect(await rootHost(noBorg, { elevated: true }), { deep: false, now: new Date() });
    expect(plain.facts.configured).toBe(false);
    // /root cannot be entered by a scan without root: the live host says denied, as the kernel does.
    const base = await rootHost(await makeRoot({ '/usr/bin/borg': '#!/usr/bin/python3\n', '/home/shop/.bashrc': '' }));
    const host = {
      ...base,
      listDir: (p: string) =>
        p.startsWith('/root') ? Promise.resolve({ status: 'denied' } as const) : base.listDir(p),
    };
    const { facts, unknown } = await collect(host, { deep: false, now: new Date() });
    expect(facts).toEqual({ configured: null, tool: null, lastBackup: null, daysSinceBackup: null });
    expect(unknown.lastBackup).toBe('needs root: run again with sudo');
  });
});

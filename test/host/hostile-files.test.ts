import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiveHost, MAX_DIR_ENTRIES } from '../../src/host/live.js';
import { REPO, makeRoot, rootHost } from '../helpers/host.js';
import { needsRoot } from '../helpers/tools.js';

// Class 1 of issue 13: a file a probe reads can be a FIFO, a device, a sparse file of gigabytes,
// a symlink to one of those or a folder of 100,000 entries, planted by a user whose home root
// scans. Each is built for real here; without the protection each test hangs or eats memory.

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;
const asNobody = (args: string[]) =>
  execFileSync('/usr/bin/setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...args]);

/** Running, not a zombie waiting for a parent (in a container nothing may reap the orphan). */
const running = (pid: number) =>
  existsSync(`/proc/${pid}/stat`) && !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));

// One folder of 100,000 (empty) rule-file names for the tests below; on tmpfs when there is one,
// where it takes seconds instead of half a minute.
let hugeFolder = '';
beforeAll(() => {
  hugeFolder = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'shop-audit-huge-'));
  for (let i = 0; i < 100_000; i++) closeSync(openSync(path.join(hugeFolder, `${i}.yaml`), 'w'));
}, 120_000);
afterAll(() => rmSync(hugeFolder, { recursive: true, force: true }));

describe('live host: files that are not small regular files', () => {
  needsRoot({ '/usr/bin/setpriv': 'util-linux' }).it(
    'a FIFO an ordinary user made in ~/.config/autostart is refused at once, not waited on',
    async () => {
      const root = await makeRoot({
        '/home/tester/.config/autostart/ok.desktop': '[Desktop Entry]\nExec=/usr/bin/true\n',
      });
      const autostart = path.join(root, 'home/tester/.config/autostart');
      // The user can reach only their own folder, as in a real home.
      for (const dir of [
        root,
        path.join(root, 'home'),
        path.join(root, 'home/tester'),
        path.join(root, 'home/tester/.config'),
      ])
        chmodSync(dir, 0o755);
      chownSync(autostart, NOBODY, NOBODY);
      for (const name of ['a.desktop', 'b.desktop', 'c.desktop', 'd.desktop', 'e.desktop'])
        asNobody(['/usr/bin/mkfifo', path.join(autostart, name)]);
      const host = await rootHost(root);
      const started = Date.now();
      const dir = '/home/tester/.config/autostart';
      // Five FIFOs at once (more than the reads allowed at a time), then an ordinary file after them.
      const fifos = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((n) => host.readFile(`${dir}/${n}.desktop`)));
      for (const r of fifos)
        expect(r).toEqual({ status: 'failed', message: 'a named pipe (FIFO), not a regular file: not read' });
      expect(await host.readFile(`${dir}/ok.desktop`)).toMatchObject({ status: 'ok' });
      expect(Date.now() - started).toBeLessThan(1000);
    },
    10_000,
  );

  it('a symlink to /dev/zero, and a device node, are refused without being opened', async () => {
    const root = await makeRoot({ '/home/tester/.config/autostart/b.desktop': { link: '/dev/zero' } });
    const host = await rootHost(root);
    expect(await host.readFile('/home/tester/.config/autostart/b.desktop')).toEqual({
      status: 'failed',
      message: 'a device, not a regular file: not read',
    });
    if (isRoot) {
      execFileSync('/usr/bin/mknod', [path.join(root, 'urandom'), 'c', '1', '9']);
      expect(await host.readFile('/urandom')).toEqual({
        status: 'failed',
        message: 'a device, not a regular file: not read',
      });
    }
  }, 10_000);

  it('a sparse file of 5 GB is refused from its size, without reading it', async () => {
    const root = await makeRoot({});
    execFileSync('/usr/bin/truncate', ['-s', '5G', path.join(root, 'sparse.conf')]);
    const host = await rootHost(root);
    const rssBefore = process.memoryUsage().rss;
    expect(await host.readFile('/sparse.conf')).toEqual({
      status: 'failed',
      message: `file is larger than ${4 * 1024 * 1024} bytes`,
    });
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(50 * 1024 * 1024);
  });

  it('a file whose size says 0 (/proc) is read in full, and one that grows past the cap is refused', async () => {
    const host = await createLiveHost({ outputCapBytes: 100 });
    expect(await host.readFile('/proc/self/comm')).toMatchObject({ status: 'ok' });
    const big = await createLiveHost({});
    const status = await big.readFile('/proc/self/status');
    expect(status.status === 'ok' && status.text).toMatch(/^Name:/);
    expect(await host.readFile('/proc/self/status')).toEqual({
      status: 'failed',
      message: 'file is larger than 100 bytes',
    });
  });

  it('a folder of 100,000 entries is refused, not listed', async () => {
    const host = await rootHost(path.dirname(hugeFolder));
    expect(await host.listDir(`/${path.basename(hugeFolder)}`)).toEqual({
      status: 'failed',
      message: `folder has more than ${MAX_DIR_ENTRIES} entries: not read`,
    });
  }, 30_000);
});

describe('live host: a child cannot outlive its answer', () => {
  it('a tool that hands its output to a grandchild answers at once, and the grandchild is killed', async () => {
    const host = await createLiveHost({ timeoutMs: 20_000 });
    const started = Date.now();
    const r = await host.exec('/bin/sh', ['-c', 'sleep 100 & echo $!']);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r).toMatchObject({ status: 'exited', exitCode: 0 });
    const pid = Number(r.status === 'exited' ? r.stdout.trim() : NaN);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(running(pid)).toBe(false);
  });

  it('at the timeout the whole process group is killed', async () => {
    const root = await makeRoot({});
    const pidFile = path.join(root, 'pid');
    const host = await createLiveHost({ timeoutMs: 300 });
    expect(await host.exec('/bin/sh', ['-c', `sleep 100 & echo $! > ${pidFile}; sleep 100`])).toEqual({
      status: 'timeout',
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(running(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });
});

describe('CLI: its own files are regular files or a clear error', () => {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [path.join(REPO, 'bin', 'shop-audit.js'), ...args], {
      encoding: 'utf8',
      timeout: 15_000,
      env: { ...process.env, NO_COLOR: '1' },
    });

  it('--rules and --replay naming a FIFO (or a folder holding one) exit 2 with a message', async () => {
    const root = await makeRoot({ '/rules/ok.yaml': '' });
    execFileSync('/usr/bin/mkfifo', [path.join(root, 'fifo'), path.join(root, 'rules/trap.yaml')]);
    const asRules = cli(['scan', '--no-bundled-rules', '--rules', path.join(root, 'fifo')]);
    expect(asRules.status).toBe(2);
    expect(asRules.stderr).toContain('is a named pipe (FIFO)');
    const inFolder = cli(['rules', 'validate', path.join(root, 'rules')]);
    expect(inFolder.status).toBe(2);
    expect(inFolder.stderr).toContain('trap.yaml: a named pipe (FIFO), not a regular file');
    const replay = cli(['scan', '--replay', path.join(root, 'fifo')]);
    expect(replay.status).toBe(2);
    expect(replay.stderr).toContain('a named pipe (FIFO), not a regular file');
  }, 60_000);

  it('--replay of /dev/zero and of a rules folder of 100,000 entries exit 2', async () => {
    expect(cli(['scan', '--replay', '/dev/zero']).status).toBe(2);
    const r = cli(['rules', 'validate', hugeFolder]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('folder has more than');
  }, 60_000);
});

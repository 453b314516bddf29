import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProcfs } from '../../src/host/bounded-read.js';
import { createLiveHost } from '../../src/host/live.js';
import { makeRoot, rootHost } from '../helpers/host.js';

describe('live host: commands', () => {
  it('runs a tool by absolute path with LC_ALL=C and a fixed system PATH', async () => {
    const host = await createLiveHost();
    const r = await host.exec('/usr/bin/env', []);
    expect(r.status).toBe('exited');
    if (r.status !== 'exited') return;
    expect(r.stdout).toContain('LC_ALL=C\n');
    expect(r.stdout).toMatch(/^PATH=\/usr\/local\/sbin:\/usr\/local\/bin:\/usr\/sbin:\/usr\/bin:\/sbin:\/bin$/m);
    expect(r.stdout).not.toMatch(/^HOME=/m);
  });

  it('a command with its own time budget keeps what it printed before the kill, and shows it as it comes', async () => {
    const host = await createLiveHost({ timeoutMs: 60_000 });
    const seen: string[] = [];
    const started = Date.now();
    const r = await host.exec('/bin/sh', ['-c', 'echo first; echo second; exec sleep 30'], {
      timeoutMs: 500,
      onStdout: (t) => seen.push(t),
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r).toEqual({ status: 'timeout', stdout: 'first\nsecond\n' });
    expect(seen.join('')).toBe('first\nsecond\n');
  });

  it('sets and removes variables of the child environment (null removes one)', async () => {
    const host = await createLiveHost();
    const r = await host.exec('/usr/bin/env', [], { env: { SHOP_AUDIT_TEST: 'yes', LANG: null } });
    expect(r.status === 'exited' && r.stdout).toMatch(/^SHOP_AUDIT_TEST=yes$/m);
    expect(r.status === 'exited' && r.stdout).not.toMatch(/^LANG=/m);
  });

  it('refuses a command that is not an absolute path (never from PATH or the current folder)', async () => {
    const host = await createLiveHost();
    await expect(host.exec('env', [])).rejects.toThrow(/absolute path/);
    await expect(host.exec('./env', [])).rejects.toThrow(/absolute path/);
  });

  it('writes input to standard input, and survives a tool that does not read it', async () => {
    const host = await createLiveHost();
    expect(await host.exec('/bin/cat', [], { input: 'script text\n' })).toMatchObject({
      status: 'exited',
      exitCode: 0,
      stdout: 'script text\n',
    });
    expect(await host.exec('/bin/true', [], { input: 'x'.repeat(1 << 20) })).toMatchObject({
      status: 'exited',
      exitCode: 0,
    });
  });

  it('reports a missing tool as missing and a non-zero exit as an exit code', async () => {
    const host = await createLiveHost();
    expect(await host.exec('/usr/bin/no-such-tool-here', [])).toEqual({ status: 'missing' });
    expect(await host.exec('/bin/false', [])).toMatchObject({ status: 'exited', exitCode: 1 });
  });

  it('kills a hung command at the timeout', async () => {
    const host = await createLiveHost({ timeoutMs: 300 });
    const started = Date.now();
    expect(await host.exec('/bin/sleep', ['30'])).toEqual({ status: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('stops a command whose output passes the cap, and says so', async () => {
    const host = await createLiveHost({ outputCapBytes: 1000 });
    expect(await host.exec('/usr/bin/head', ['-c', '100000', '/dev/zero'])).toEqual({
      status: 'failed',
      message: 'output larger than 1000 bytes',
    });
    const started = Date.now();
    expect(await host.exec('/usr/bin/yes', [])).toEqual({ status: 'failed', message: 'output larger than 1000 bytes' });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await host.exec('/usr/bin/head', ['-c', '1000', '/dev/zero'])).toMatchObject({
      status: 'exited',
      exitCode: 0,
    });
  });

  it('reports a command killed by a signal, and one it may not run', async () => {
    const host = await createLiveHost();
    expect(await host.exec('/bin/sh', ['-c', 'kill -9 $$'])).toEqual({
      status: 'failed',
      message: 'killed by SIGKILL',
    });
    const root = await makeRoot({ '/not-executable': '#!/bin/sh\necho hi\n' });
    expect(await host.exec(`${root}/not-executable`, [])).toEqual({ status: 'failed', message: 'permission denied' });
  });

  it('a command Node refuses to start (spawn throws at once) is a failed answer, not a crash', async () => {
    // An argument with a NUL byte makes spawn throw before any process exists, as spawns failing under load did
    // on Windows: the answer was a ReferenceError from a timer not yet set, and the scan crashed.
    const host = await createLiveHost();
    expect(await host.exec('/bin/echo', ['a\0b'])).toEqual({ status: 'failed', message: 'ERR_INVALID_ARG_VALUE' });
  });

  it('decodes invalid UTF-8 without failing', async () => {
    const root = await makeRoot({ '/bad.txt': Buffer.from([0x61, 0xff, 0xfe, 0x62]) });
    const host = await rootHost(root);
    expect(await host.exec('/bin/cat', [{ path: '/bad.txt' }])).toMatchObject({
      status: 'exited',
      stdout: 'a\ufffd\ufffdb',
    });
    expect(await host.readFile('/bad.txt')).toEqual({ status: 'ok', text: 'a\ufffd\ufffdb' });
  });
});

describe('live host: files under a root', () => {
  it('reads a range into the buffer it is given when that is large enough, else into a new one', async () => {
    const host = await rootHost(await makeRoot({ 'docs/a.txt': '0123456789' }));
    const into = Buffer.alloc(8, 0x2a);
    const r = await host.readRange('/docs/a.txt', 2, 5, into);
    expect(r.status === 'ok' && Buffer.from(r.bytes).toString()).toBe('23456');
    expect(r.status === 'ok' && r.bytes.buffer).toBe(into.buffer);
    expect(into.toString()).toBe('23456***');
    const small = Buffer.alloc(2);
    const other = await host.readRange('/docs/a.txt', 0, 4, small);
    expect(other.status === 'ok' && Buffer.from(other.bytes).toString()).toBe('0123');
    expect(other.status === 'ok' && other.bytes.buffer).not.toBe(small.buffer);
  });

  it('reads files, folders and links under the root, and passes file arguments under it', async () => {
    const root = await makeRoot({ '/etc/demo.conf': 'hello\n', '/etc/link': { link: 'demo.conf' } });
    const host = await rootHost(root);
    expect(await host.readFile('/etc/demo.conf')).toEqual({ status: 'ok', text: 'hello\n' });
    expect(await host.readFile('/etc/nothing')).toEqual({ status: 'missing' });
    expect(await host.listDir('/etc')).toEqual({ status: 'ok', entries: ['demo.conf', 'link'] });
    expect(await host.stat('/etc/link')).toMatchObject({ status: 'ok', kind: 'symlink', linkTarget: 'demo.conf' });
    expect(await host.exec('/bin/cat', [{ path: '/etc/demo.conf' }])).toMatchObject({
      status: 'exited',
      exitCode: 0,
      stdout: 'hello\n',
    });
  });

  it('reads whole files of every size: on disk in one piece of their size, /proc (size 0) in chunks', async () => {
    const big = 'x'.repeat(200_000);
    const root = await makeRoot({ '/big': big, '/empty': '', '/one': '1' });
    const host = await rootHost(root);
    expect(await host.readFile('/big')).toEqual({ status: 'ok', text: big });
    expect(await host.readFile('/empty')).toEqual({ status: 'ok', text: '' });
    expect(await host.readFile('/one')).toEqual({ status: 'ok', text: '1' });
    // Not one of the /proc files read directly: the careful path, with /proc's size of 0.
    const live = await createLiveHost();
    const limits = await live.readFile('/proc/self/limits');
    expect(limits).toEqual({ status: 'ok', text: readFileSync('/proc/self/limits', 'utf8') });
  });

  it('refuses a file larger than the cap instead of parsing half of it', async () => {
    const root = await makeRoot({ '/big': 'x'.repeat(5000), '/small': 'x'.repeat(100) });
    const host = await rootHost(root, { outputCapBytes: 100 });
    expect(await host.readFile('/big')).toEqual({ status: 'failed', message: 'file is larger than 100 bytes' });
    expect(await host.readFile('/small')).toEqual({ status: 'ok', text: 'x'.repeat(100) });
  });

  it("reads the kernel's /proc files directly, and only when /proc is the kernel's", async () => {
    expect(isProcfs('/proc')).toBe(true);
    expect(isProcfs(os.tmpdir())).toBe(false);
    const host = await createLiveHost({ outputCapBytes: 100 });
    expect(await host.readFile('/proc/self/comm')).toEqual({
      status: 'ok',
      text: readFileSync('/proc/self/comm', 'utf8'),
    });
    expect(await host.readFile('/proc/999999999/comm')).toEqual({ status: 'missing' });
    // The cap holds on this path too (mountinfo is longer than 100 bytes on any Linux).
    expect(await host.readFile('/proc/self/mountinfo')).toEqual({
      status: 'failed',
      message: 'file is larger than 100 bytes',
    });
    // A folder that only looks like /proc (a test's root, or another file system mounted over /proc) is
    // read with the care every other file gets: a FIFO there is refused, not opened and read.
    const root = await makeRoot({ '/proc/1/keep': '' });
    execFileSync('/usr/bin/mkfifo', [path.join(root, 'proc', '1', 'comm')]);
    const fake = await rootHost(root);
    expect(await fake.readFile('/proc/1/comm')).toEqual({
      status: 'failed',
      message: 'a named pipe (FIFO), not a regular file: not read',
    });
  });

  it('tells root from a normal user', async () => {
    const host = await createLiveHost();
    expect(host.elevated).toBe(process.getuid!() === 0);
    expect(host.user.name.length).toBeGreaterThan(0);
  });
});

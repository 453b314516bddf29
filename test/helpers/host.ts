import { mkdtemp, mkdir, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLiveHost, type LiveHostOptions } from '../../src/host/live.js';
import type { Host } from '../../src/host/types.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The real command outputs in test/fixtures/samples (MANIFEST.md per OS gives source and ground truth; cite the file in each test). */
export const SAMPLES = path.join(REPO, 'test', 'fixtures', 'samples');

const roots: string[] = [];
/** Removes the roots makeRoot made; test/setup/each-file.ts runs it after every test. */
export async function removeRoots(): Promise<void> {
  await Promise.all(roots.splice(0).map((r) => rm(r, { recursive: true, force: true })));
}

/**
 * A temporary root folder holding the given files (path -> content; a value `{ link: target }`
 * makes a symlink), removed after the test.
 */
export async function makeRoot(files: Record<string, string | Buffer | { link: string }>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'shop-audit-root-'));
  roots.push(root);
  for (const [p, content] of Object.entries(files)) {
    const full = path.join(root, p);
    await mkdir(path.dirname(full), { recursive: true });
    if (typeof content === 'string' || Buffer.isBuffer(content)) await writeFile(full, content);
    else await symlink(content.link, full);
  }
  return root;
}

/**
 * Plants `count` sparse files of `bytes` each (000.desktop, 001.desktop…) in `dir` under `root`, as an ordinary
 * user can in a home at no cost of disk, and measures the CPU time `work` then takes (ms).
 */
export async function cpuWithSparseFiles(
  root: string,
  dir: string,
  count: number,
  bytes: number,
  work: () => Promise<unknown>,
) {
  const full = path.join(root, dir);
  await mkdir(full, { recursive: true });
  for (let i = 0; i < count; i++) {
    const file = path.join(full, `${String(i).padStart(3, '0')}.desktop`);
    await writeFile(file, '');
    await truncate(file, bytes);
  }
  const before = process.cpuUsage();
  await work();
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / 1000;
}

/** A live host reading files under `root`, running real tools, as the given user and privilege. */
export function rootHost(root: string, options: Omit<LiveHostOptions, 'root'> = {}): Promise<Host> {
  return createLiveHost({
    elevated: false,
    user: { name: 'tester', uid: 1000, home: '/home/tester' },
    env: {},
    ...options,
    root,
  });
}

/** A host that notes every command line run through it, and the list it notes them in. */
export function noteCommands(inner: Host): { host: Host; asked: string[] } {
  const asked: string[] = [];
  return {
    host: {
      ...inner,
      exec: (command, args, options) => {
        asked.push([command, ...args].join(' '));
        return inner.exec(command, args, options);
      },
    },
    asked,
  };
}

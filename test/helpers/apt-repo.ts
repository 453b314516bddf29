import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Host } from '../../src/host/types.js';
import { makeRoot } from './host.js';

/** A package line of an apt repository or of dpkg's status: name and version. */
export type Pkg = [name: string, version: string];

function stanza([name, version]: Pkg, extra: string): string {
  return `Package: ${name}\n${extra}Version: ${version}\nArchitecture: amd64\nMaintainer: Test <test@example.org>\nInstalled-Size: 10\nDescription: test package\n`;
}

/**
 * A temporary root with dpkg's status (the installed packages) and a local apt repository (a folder
 * with Packages and Release files, one suite each), whose lists the real `apt-get update` has fetched
 * into the root: nothing of this machine's apt state is touched.
 */
export async function aptRoot(options: {
  installed: Pkg[];
  suites: Record<string, { label: string; packages: Pkg[] }>;
  files?: Record<string, string>;
}): Promise<string> {
  const root = await makeRoot({
    '/usr/bin/apt-get': '',
    '/var/lib/dpkg/status': options.installed.map((p) => stanza(p, 'Status: install ok installed\nPriority: optional\nSection: misc\n')).join('\n'),
    '/var/lib/dpkg/available': '',
    '/var/lib/apt/lists/partial/.keep': '',
    '/var/cache/apt/archives/partial/.keep': '',
    '/etc/apt/apt.conf.d/.keep': '',
    '/etc/apt/preferences.d/.keep': '',
    '/etc/apt/sources.list.d/.keep': '',
    ...options.files,
  });
  const repo = path.join(root, 'repo');
  const sources: string[] = [];
  for (const [suite, { label, packages }] of Object.entries(options.suites)) {
    const file = 'main/binary-amd64/Packages';
    const text = packages.map((p) => stanza(p, '') + `Filename: pool/${p[0]}.deb\nSize: 100\n`).join('\n');
    await mkdir(path.join(repo, 'dists', suite, 'main/binary-amd64'), { recursive: true });
    await writeFile(path.join(repo, 'dists', suite, file), text);
    const sha = createHash('sha256').update(text).digest('hex');
    const release = `Origin: Debian\nLabel: ${label}\nSuite: ${suite}\nCodename: ${suite}\nArchitectures: amd64\nComponents: main\nDate: Sat, 28 Nov 2026 00:00:00 UTC\nSHA256:\n ${sha} ${Buffer.byteLength(text)} ${file}\n`;
    await writeFile(path.join(repo, 'dists', suite, 'Release'), release);
    sources.push(`deb [trusted=yes] file:${repo} ${suite} main`);
  }
  if (!options.files?.['/etc/apt/sources.list']) await writeFile(path.join(root, 'etc/apt/sources.list'), `${sources.join('\n')}\n`);
  execFileSync('/usr/bin/apt-get', [...aptOptions(root), '-qq', 'update'], { stdio: 'pipe' });
  return root;
}

/** apt's options that make it read and write under `root` instead of this machine's /etc/apt and /var/lib. */
const aptOptions = (root: string) => ['-o', `Dir=${root}/`, '-o', 'Dir::Bin::dpkg=/usr/bin/dpkg'];

/** The host of `root`, with the real apt-get pointed at the root (as if the root were the PC's own /). */
export function withRealAptGet(host: Host, root: string): Host {
  return {
    ...host,
    exec: (command, args, options) =>
      command === '/usr/bin/apt-get' ? host.exec(command, [...aptOptions(root), ...args], options) : host.exec(command, args, options),
  };
}

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeRoot } from './host.js';

/** A package line of an apt repository or of dpkg's status: name, version and architecture (amd64 when left out). */
export type Pkg = [name: string, version: string, architecture?: string];

function stanza([name, version, arch = 'amd64']: Pkg, extra: string): string {
  return `Package: ${name}\n${extra}Version: ${version}\nArchitecture: ${arch}\nMaintainer: Test <test@example.org>\nInstalled-Size: 10\nDescription: test package\n`;
}

/**
 * A temporary root with dpkg's status (the installed packages) and a local apt repository (a folder
 * with Packages and Release files, one suite each), whose lists the real `apt-get update` has fetched
 * into the root: nothing of this machine's apt state is touched.
 */
export async function aptRoot(options: {
  installed: Pkg[];
  /** Installed packages dpkg holds (`Status: hold ok installed`, as `apt-mark hold` leaves them). */
  held?: string[];
  suites: Record<string, { label: string; packages: Pkg[] }>;
  files?: Record<string, string>;
  /** Keep the fetched lists compressed (Acquire::GzipIndexes, as Docker's Debian images set it). */
  gzipIndexes?: boolean;
}): Promise<string> {
  const root = await makeRoot({
    '/usr/bin/apt-get': '',
    '/var/lib/dpkg/status': options.installed
      .map((p) =>
        stanza(
          p,
          `Status: ${options.held?.includes(p[0]) ? 'hold' : 'install'} ok installed\nPriority: optional\nSection: misc\n`,
        ),
      )
      .join('\n'),
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
    // Architecture: all packages are listed in each architecture's Packages file, as Debian's archive lists them.
    const text = packages.map((p) => stanza(p, '') + `Filename: pool/${p[0]}.deb\nSize: 100\n`).join('\n');
    await mkdir(path.join(repo, 'dists', suite, 'main/binary-amd64'), { recursive: true });
    await writeFile(path.join(repo, 'dists', suite, file), text);
    const sha = createHash('sha256').update(text).digest('hex');
    const release = `Origin: Debian\nLabel: ${label}\nSuite: ${suite}\nCodename: ${suite}\nArchitectures: amd64\nComponents: main\nDate: Sat, 28 Nov 2026 00:00:00 UTC\nSHA256:\n ${sha} ${Buffer.byteLength(text)} ${file}\n`;
    await writeFile(path.join(repo, 'dists', suite, 'Release'), release);
    // copy: (not file:): apt copies the lists into the root, as from a mirror, instead of linking to them.
    sources.push(`deb [trusted=yes] copy:${repo} ${suite} main`);
  }
  if (!options.files?.['/etc/apt/sources.list'])
    await writeFile(path.join(root, 'etc/apt/sources.list'), `${sources.join('\n')}\n`);
  const gzip = ['-o', `Acquire::GzipIndexes=${options.gzipIndexes ? 'true' : 'false'}`];
  execFileSync('/usr/bin/apt-get', [...aptOptions(root), ...gzip, '-qq', 'update'], { stdio: 'pipe' });
  return root;
}

/** apt's options that make it read and write under `root` instead of this machine's /etc/apt and /var/lib. */
const aptOptions = (root: string) => ['-o', `Dir=${root}/`, '-o', 'Dir::Bin::dpkg=/usr/bin/dpkg'];

/**
 * Packages apt-get -s dist-upgrade would take from a security suite. Its lines read
 * `Inst NAME [OLD] (NEW LABEL:VERSION/SUITE, LABEL:SUITE [ARCH])`; a package counts when any
 * origin's suite ends in `-security` (Debian `bookworm-security`/`stable-security`, Ubuntu
 * `jammy-security`). Null when the output is not that of a simulated upgrade.
 */
export function parseAptSimulatedUpgrade(output: string): { security: number; upgrades: number } | null {
  // apt always ends a simulation with its summary line; without it the output is not one.
  if (!/^\d+ upgraded, \d+ newly installed, \d+ to remove and \d+ not upgraded\.$/m.test(output)) return null;
  const security = new Set<string>();
  const upgrades = new Set<string>();
  for (const line of output.split('\n')) {
    const m = /^Inst (\S+) \[[^\]]*\] \(\S+ (.*) \[[^\]]+\]\)/.exec(line);
    if (!m) continue;
    upgrades.add(m[1]!);
    const suites = m[2]!.split(', ').map(
      (origin) =>
        origin
          .slice(origin.lastIndexOf(':') + 1)
          .split('/')
          .pop() ?? '',
    );
    if (suites.some((suite) => suite.endsWith('-security'))) security.add(m[1]!);
  }
  return { security: security.size, upgrades: upgrades.size };
}

/** The oracle: what the real `apt-get -s dist-upgrade` says of `root` (no lock, no cache written). */
export function realAptSecurityUpgrades(root: string): number {
  const args = [
    ...aptOptions(root),
    '-s',
    '-q',
    '-o',
    'Debug::NoLocking=1',
    '-o',
    'Dir::Cache::pkgcache=',
    '-o',
    'Dir::Cache::srcpkgcache=',
    'dist-upgrade',
  ];
  const parsed = parseAptSimulatedUpgrade(execFileSync('/usr/bin/apt-get', args, { encoding: 'utf8' }));
  if (!parsed) throw new Error('apt-get -s dist-upgrade printed no summary');
  return parsed.security;
}

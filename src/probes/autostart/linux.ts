import { createHash } from 'node:crypto';
import type { Host } from '../../host/types.js';
import { parseAutostartEntry } from '../linux/desktop-entry.js';
import type { Collector } from '../types.js';
import { readSmallFile, unreadable } from '../tools.js';
import type { AutostartEntry, AutostartFacts } from './facts.js';
import { cronRebootPrograms, entry, dpkgConffileSums, partialList, unitProgram } from './parse.js';

/** Where the administrator's own units and links live; packages install theirs under /lib or /usr/lib. */
export const ETC_UNITS = '/etc/systemd/system';
const PACKAGED_UNIT_DIRS = /^\/(usr\/)?lib\/systemd\//;
/**
 * The system crontab and /etc/cron.d have a user field; users' crontabs (crontab -e) have none. These lie in
 * /var/spool/cron/crontabs (Debian's cron), /var/spool/cron/tabs (openSUSE's cronie) or in /var/spool/cron itself
 * (cronie on Red Hat, Fedora, Arch).
 */
export const CRONTABS = { system: '/etc/crontab', dropIns: '/etc/cron.d', users: '/var/spool/cron' } as const;
const CRONTAB_SUBDIRS = new Set(['crontabs', 'tabs']);
export const XDG_AUTOSTART = '/etc/xdg/autostart';
/** dpkg's database: its Conffiles name the files under /etc that packages installed, with their MD5. */
const DPKG_STATUS = '/var/lib/dpkg/status';

type Problems = string[];

/** More entries than a PC ever has in one of these folders: the folder is named as not read through. */
const MAX_ENTRIES = 500;

/** A folder's entries, sorted; at most MAX_ENTRIES of them. */
async function list(host: Host, path: string, problems: Problems): Promise<string[]> {
  const r = await host.listDir(path);
  if (r.status === 'ok' && r.entries.length > MAX_ENTRIES)
    problems.push(`${path}: ${r.entries.length} entries, only the first ${MAX_ENTRIES} read`);
  if (r.status === 'ok') return r.entries.sort().slice(0, MAX_ENTRIES);
  if (r.status !== 'missing') problems.push(unreadable(host, path, r));
  return [];
}

/** Larger than any unit, desktop entry or crontab: a larger file is not read (see readSmallFile). */
const MAX_ENTRY_BYTES = 128 * 1024;

async function read(host: Host, path: string, problems: Problems, maxBytes = MAX_ENTRY_BYTES): Promise<string | null> {
  const r = await readSmallFile(host, path, maxBytes);
  if (r.status === 'ok') return r.text;
  if (r.status !== 'missing') problems.push(unreadable(host, path, r));
  return null;
}

/**
 * Units enabled by a link in /etc/systemd/system/*.wants or *.requires whose file is not one a package put under
 * /lib or /usr/lib: units the administrator (or an intruder) wrote. A unit file dropped straight into /usr/lib is
 * not told apart from a package's (that needs dpkg's file lists).
 */
async function systemdEntries(host: Host, problems: Problems): Promise<AutostartEntry[]> {
  const dirs = (await list(host, ETC_UNITS, problems)).filter((e) => /\.(wants|requires)$/.test(e));
  const links = (
    await Promise.all(
      dirs.map(async (d) => (await list(host, `${ETC_UNITS}/${d}`, problems)).map((u) => `${ETC_UNITS}/${d}/${u}`)),
    )
  ).flat();
  const stats = await Promise.all(links.map(async (link) => ({ link, st: await host.stat(link) })));
  const seen = new Set<string>();
  const found: { unit: string; target: string }[] = [];
  for (const { link, st } of stats) {
    const unit = link.slice(link.lastIndexOf('/') + 1);
    if (st.status !== 'ok') {
      if (st.status !== 'missing') problems.push(unreadable(host, link, st));
      continue;
    }
    const target =
      st.kind === 'symlink' && st.linkTarget
        ? st.linkTarget.startsWith('/')
          ? st.linkTarget
          : `${link.slice(0, link.lastIndexOf('/'))}/${st.linkTarget}`
        : link;
    if (PACKAGED_UNIT_DIRS.test(target) || seen.has(unit)) continue;
    seen.add(unit);
    found.push({ unit, target });
  }
  // Instances of one template (getty@tty1, getty@tty2, …) link to the same file: each file is read once.
  const programs = new Map<string, Promise<string | null>>();
  const programOf = (target: string) => {
    if (!programs.has(target))
      programs.set(
        target,
        read(host, target, problems).then((text) => (text === null ? null : unitProgram(text))),
      );
    return programs.get(target)!;
  };
  return Promise.all(
    found.map(async ({ unit, target }) => entry('systemd-unit', target, unit, await programOf(target))),
  );
}

/**
 * The .desktop files of /etc/xdg/autostart that dpkg installed and nobody changed (their MD5 is the one dpkg's
 * status gives), computed on the PC: a --record bundle keeps this list, not dpkg's database (large) nor a
 * masked copy of the files (whose MD5 would no longer match).
 */
async function packagedUnchanged(host: Host, files: readonly string[], problems: Problems): Promise<Set<string>> {
  const found = await host.derive('autostart:xdg-packaged-unchanged', async () => {
    const seen: Problems = [];
    const conffiles = dpkgConffileSums((await read(host, DPKG_STATUS, seen, Number.POSITIVE_INFINITY)) ?? '', files);
    const unchanged: string[] = [];
    for (const file of files.filter((f) => conffiles.has(f))) {
      const text = await read(host, file, seen);
      if (text !== null && conffiles.get(file) === createHash('md5').update(text).digest('hex')) unchanged.push(file);
    }
    return { unchanged, problems: seen };
  });
  problems.push(...found.problems);
  return new Set(found.unchanged);
}

/** Autostart entries in /etc/xdg/autostart and each home's ~/.config/autostart that are switched on. */
async function xdgEntries(host: Host, homes: readonly string[], problems: Problems): Promise<AutostartEntry[]> {
  const dirs = [XDG_AUTOSTART, ...homes.map((h) => `${h}/.config/autostart`)];
  const perDir = await Promise.all(
    dirs.map(async (dir) => {
      const files = (await list(host, dir, problems)).filter((f) => f.endsWith('.desktop')).map((f) => `${dir}/${f}`);
      // The desktop's own entries, as their package installed them, are the system's.
      const systems = dir === XDG_AUTOSTART ? await packagedUnchanged(host, files, problems) : new Set<string>();
      const found = await Promise.all(
        files
          .filter((path) => !systems.has(path))
          .map(async (path): Promise<AutostartEntry[]> => {
            const text = await read(host, path, problems);
            if (text === null) return [];
            const parsed = parseAutostartEntry(text);
            const file = path.slice(dir.length + 1);
            return parsed.enabled && parsed.command ? [entry('xdg-autostart', path, file, parsed.command)] : [];
          }),
      );
      return found.flat();
    }),
  );
  return perDir.flat();
}

/** Users' crontabs in any of the three places; other folders in /var/spool/cron (atjobs, lastrun) are left alone. */
async function userCrontabs(host: Host, problems: Problems): Promise<string[]> {
  const paths = await Promise.all(
    (await list(host, CRONTABS.users, problems)).map(async (name) => {
      const path = `${CRONTABS.users}/${name}`;
      if (CRONTAB_SUBDIRS.has(name)) return (await list(host, path, problems)).map((f) => `${path}/${f}`);
      const st = await host.stat(path);
      if (st.status === 'ok') return st.kind === 'dir' ? [] : [path];
      if (st.status !== 'missing') problems.push(unreadable(host, path, st));
      return [];
    }),
  );
  return paths.flat();
}

async function cronEntries(host: Host, problems: Problems): Promise<AutostartEntry[]> {
  const files = [
    { path: CRONTABS.system, withUser: true },
    ...(await list(host, CRONTABS.dropIns, problems)).map((f) => ({
      path: `${CRONTABS.dropIns}/${f}`,
      withUser: true,
    })),
    ...(await userCrontabs(host, problems)).map((path) => ({ path, withUser: false })),
  ];
  const out: AutostartEntry[] = [];
  for (const f of files) {
    const text = await read(host, f.path, problems);
    if (text === null) continue;
    for (const [i, program] of cronRebootPrograms(text, f.withUser).entries())
      out.push(entry('cron-reboot', `${f.path}#${i + 1}`, `${f.path} @reboot`, program));
  }
  return out;
}

/**
 * /etc/xdg/autostart holds the desktop's own entries as well as added ones: those dpkg installed and nobody changed
 * are left out (on a system without dpkg every entry there is listed). Every @reboot line is listed, even in a
 * package's crontab (none ships one). Reading other people's crontabs and homes needs root: unknown then.
 */
export const collectLinux: Collector<AutostartFacts> = async (host) => {
  const problems: Problems = [];
  const homes = (await list(host, '/home', problems)).filter((e) => e !== 'lost+found').map((e) => `/home/${e}`);
  if (host.user.home && !homes.includes(host.user.home)) homes.push(host.user.home);
  const [units, xdg, cron] = await Promise.all([
    systemdEntries(host, problems),
    xdgEntries(host, homes, problems),
    cronEntries(host, problems),
  ]);
  return partialList([...units, ...xdg, ...cron], problems);
};

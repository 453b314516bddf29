import type { Host } from '../../host/types.js';
import { parseAutostartEntry } from '../linux/desktop-entry.js';
import { REASON, type Collector } from '../types.js';
import { unreadable } from '../tools.js';
import type { AutostartEntry, AutostartFacts } from './facts.js';
import { cronRebootPrograms, entry, unitProgram } from './parse.js';

/** Where the administrator's own units and links live; packages install theirs under /lib or /usr/lib. */
export const ETC_UNITS = '/etc/systemd/system';
const PACKAGED_UNIT_DIRS = /^\/(usr\/)?lib\/systemd\//;
/** The system crontab and /etc/cron.d have a user field; users' crontabs (crontab -e) have none. */
export const CRONTABS = { system: '/etc/crontab', dropIns: '/etc/cron.d', users: '/var/spool/cron/crontabs' } as const;
export const XDG_AUTOSTART = '/etc/xdg/autostart';

type Problems = string[];

async function list(host: Host, path: string, problems: Problems): Promise<string[]> {
  const r = await host.listDir(path);
  if (r.status === 'ok') return r.entries.sort();
  if (r.status !== 'missing') problems.push(unreadable(host, path, r));
  return [];
}

async function read(host: Host, path: string, problems: Problems): Promise<string | null> {
  const r = await host.readFile(path);
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
  const seen = new Set<string>();
  const out: AutostartEntry[] = [];
  for (const link of links) {
    const unit = link.slice(link.lastIndexOf('/') + 1);
    const st = await host.stat(link);
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
    const text = await read(host, target, problems);
    out.push(entry('systemd-unit', target, unit, text === null ? null : unitProgram(text)));
  }
  return out;
}

/** Autostart entries in /etc/xdg/autostart and each home's ~/.config/autostart that are switched on. */
async function xdgEntries(host: Host, homes: readonly string[], problems: Problems): Promise<AutostartEntry[]> {
  const dirs = [XDG_AUTOSTART, ...homes.map((h) => `${h}/.config/autostart`)];
  const out: AutostartEntry[] = [];
  for (const dir of dirs) {
    for (const file of (await list(host, dir, problems)).filter((f) => f.endsWith('.desktop'))) {
      const text = await read(host, `${dir}/${file}`, problems);
      if (text === null) continue;
      const parsed = parseAutostartEntry(text);
      if (parsed.enabled && parsed.command) out.push(entry('xdg-autostart', `${dir}/${file}`, file, parsed.command));
    }
  }
  return out;
}

async function cronEntries(host: Host, problems: Problems): Promise<AutostartEntry[]> {
  const files = [
    { path: CRONTABS.system, withUser: true },
    ...(await list(host, CRONTABS.dropIns, problems)).map((f) => ({
      path: `${CRONTABS.dropIns}/${f}`,
      withUser: true,
    })),
    ...(await list(host, CRONTABS.users, problems)).map((f) => ({ path: `${CRONTABS.users}/${f}`, withUser: false })),
  ];
  const out: AutostartEntry[] = [];
  for (const f of files) {
    const text = await read(host, f.path, problems);
    if (text === null) continue;
    for (const [i, program] of cronRebootPrograms(text, f.withUser).entries())
      out.push(entry('cron-reboot', `${f.path}#${i + 1}`, `@reboot (${f.path})`, program));
  }
  return out;
}

/**
 * /etc/xdg/autostart holds the desktop's own entries as well as added ones; without the package database every
 * entry there is listed. Reading other people's crontabs and homes needs root: a partial answer says so.
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
  const unknown: Record<string, string> = { printExtensions: REASON.notOnThisOs };
  if (problems.length) unknown.thirdParty = problems[0]!;
  return {
    facts: { thirdParty: problems.length ? null : [...units, ...xdg, ...cron], printExtensions: null },
    unknown,
  };
};

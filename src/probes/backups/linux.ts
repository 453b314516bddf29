import type { Host } from '../../host/types.js';
import { firstExisting, readSmallFile, runFirstFound, underSudo, unreadable } from '../tools.js';
import { REASON, type Collector } from '../types.js';
import type { BackupsFacts } from './facts.js';
import { borgManifestTime, dateInName, gsettingsDate, latestBackup, timeshiftDevice, type Found } from './parse.js';

const GSETTINGS = ['/usr/bin/gsettings'];
/**
 * Where Déjà Dup's package installs its settings schema (gsettings reads the schemas of XDG_DATA_DIRS, by default
 * these two): without it gsettings can only answer "No such schema", so it is not started.
 */
const DEJA_DUP_SCHEMAS = [
  '/usr/share/glib-2.0/schemas/org.gnome.DejaDup.gschema.xml',
  '/usr/local/share/glib-2.0/schemas/org.gnome.DejaDup.gschema.xml',
];
// As for the screen lock: a runtime folder that cannot exist keeps dconf from creating files in the user's home.
const GSETTINGS_ENV = { env: { XDG_RUNTIME_DIR: '/dev/null' } };
const TIMESHIFT_CONF = '/etc/timeshift/timeshift.json';
/** Timeshift's snapshots on the system disk (rsync mode), and on its backup device while Timeshift has it mounted. */
const TIMESHIFT_SNAPSHOTS = ['/timeshift/snapshots', '/run/timeshift/backup/timeshift/snapshots'];

/** borg as Debian's package and pip install it: without it, no home is looked into. */
const BORG = ['/usr/bin/borg', '/usr/local/bin/borg'];
/** borgmatic's system-wide configuration (what its systemd timer runs, as root). */
const BORGMATIC_SYSTEM = ['/etc/borgmatic/config.yaml', '/etc/borgmatic.d'];
/** A manifest-timestamp is one short line; a larger file in a user's home is not read. */
const MANIFEST_TIME_MAX_BYTES = 1024;

type Part = { configured: boolean; found: Found[] } | { reason: string };

/** Déjà Dup (GNOME's backup): its last finished backup, from the desktop user's own settings. */
async function dejaDup(host: Host): Promise<Part> {
  if ((await firstExisting(host, DEJA_DUP_SCHEMAS)) === null) return { configured: false, found: [] };
  const { result } = await runFirstFound(host, GSETTINGS, ['get', 'org.gnome.DejaDup', 'last-backup'], GSETTINGS_ENV);
  if (result.status === 'missing') return { configured: false, found: [] };
  if (result.status !== 'exited') return { reason: `gsettings: ${result.status}` };
  if (result.exitCode !== 0) {
    if (/No such schema/.test(result.stderr)) return { configured: false, found: [] };
    return { reason: `gsettings failed: ${result.stderr.trim().split('\n')[0] || `exit code ${result.exitCode}`}` };
  }
  if (underSudo(host)) return { reason: REASON.underSudo };
  const at = gsettingsDate(result.stdout);
  return { configured: at !== null, found: at ? [{ tool: 'Déjà Dup', at }] : [] };
}

/** Timeshift: set up when its configuration names a backup device; its snapshots are folders named by their time. */
async function timeshift(host: Host): Promise<Part> {
  const conf = await host.readFile(TIMESHIFT_CONF);
  if (conf.status === 'missing') return { configured: false, found: [] };
  if (conf.status !== 'ok') return { reason: unreadable(host, TIMESHIFT_CONF, conf) };
  if (timeshiftDevice(conf.text) === null) return { configured: false, found: [] };
  const found: Found[] = [];
  for (const dir of TIMESHIFT_SNAPSHOTS) {
    const listed = await host.listDir(dir);
    if (listed.status === 'missing') continue;
    if (listed.status !== 'ok') return { reason: unreadable(host, dir, listed) };
    for (const name of listed.entries) {
      const at = dateInName(name);
      if (at) found.push({ tool: 'Timeshift', at });
    }
  }
  return { configured: true, found };
}

/**
 * borg: set up when borgmatic has a configuration (system-wide, or in a home's ~/.config/borgmatic[.d]) or borg has
 * used a repository (a folder in ~/.config/borg/security per repository). Each such folder's manifest-timestamp
 * says when that repository last changed, which borgmatic's backup run does (create, then prune). Only files are
 * read: borg itself is never run against a repository (it may lock it or ask for its passphrase).
 */
async function borg(host: Host): Promise<Part> {
  if ((await firstExisting(host, BORG)) === null) return { configured: false, found: [] };
  let configured = (await firstExisting(host, BORGMATIC_SYSTEM)) !== null;
  // borgmatic's timer runs as root; a person may run borg from their own home too.
  const listed = await host.listDir('/home');
  const homes = new Set(['/root', ...(listed.status === 'ok' ? listed.entries.map((e) => `/home/${e}`) : [])]);
  if (host.user.home) homes.add(host.user.home);
  const found: Found[] = [];
  let gap: string | null =
    listed.status === 'ok' || listed.status === 'missing' ? null : unreadable(host, '/home', listed);
  for (const home of homes) {
    const config = await host.listDir(`${home}/.config`);
    if (config.status === 'missing') continue;
    if (config.status !== 'ok') {
      gap ??= unreadable(host, `${home}/.config`, config);
      continue;
    }
    if (config.entries.some((e) => e === 'borgmatic' || e === 'borgmatic.d')) configured = true;
    if (!config.entries.includes('borg')) continue;
    const securityDir = `${home}/.config/borg/security`;
    const repositories = await host.listDir(securityDir);
    if (repositories.status === 'missing') continue;
    if (repositories.status !== 'ok') {
      gap ??= unreadable(host, securityDir, repositories);
      continue;
    }
    for (const id of repositories.entries) {
      configured = true;
      const file = await readSmallFile(host, `${securityDir}/${id}/manifest-timestamp`, MANIFEST_TIME_MAX_BYTES);
      const at = file.status === 'ok' ? borgManifestTime(file.text) : null;
      if (at) found.push({ tool: 'borg', at });
    }
  }
  // A home that could not be read may hold the only backup: unknown then, unless another was found.
  return gap && found.length === 0 ? { reason: gap } : { configured, found };
}

export const collectLinux: Collector<BackupsFacts> = async (host, options) => {
  const parts = [await dejaDup(host), await timeshift(host), await borg(host)];
  const read = parts.filter((p): p is Exclude<Part, { reason: string }> => !('reason' in p));
  const failed = parts.find((p) => 'reason' in p);
  const found = read.flatMap((p) => p.found);
  const configured = read.some((p) => p.configured);
  const { facts, missing, unknown } = latestBackup(configured, found, options?.now ?? new Date());
  // A tool that could not be read may hold a newer backup, or be the only one set up.
  const gap = failed && 'reason' in failed ? failed.reason : null;
  if (gap && found.length === 0) {
    facts.configured = configured ? true : null;
    if (!configured) unknown.configured = gap;
  }
  if (facts.lastBackup === null)
    for (const key of ['tool', 'lastBackup', 'daysSinceBackup']) unknown[key] = gap ?? missing ?? '';
  return { facts, unknown };
};

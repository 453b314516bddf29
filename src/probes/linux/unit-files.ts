import { describeFailure, type Host } from '../../host/types.js';

// Where systemd looks for system units, highest priority first (systemd.unit(5)).
const UNIT_DIRS = [
  '/etc/systemd/system',
  '/run/systemd/system',
  '/usr/local/lib/systemd/system',
  '/usr/lib/systemd/system',
  '/lib/systemd/system',
];

/** The names in each unit folder that exists (by folder), and the folders that could not be listed. */
export interface UnitDirs {
  entries: Map<string, Set<string>>;
  failures: string[];
}

const listed = new WeakMap<Host, Promise<UnitDirs>>();

/**
 * The unit folders, listed once per host (a host serves one scan): login_password's gettys and remote_access's
 * sshd service share one listing.
 */
export function listUnitDirs(host: Host): Promise<UnitDirs> {
  let listing = listed.get(host);
  if (!listing) {
    listing = listFolders(host);
    listed.set(host, listing);
  }
  return listing;
}

async function listFolders(host: Host): Promise<UnitDirs> {
  const listings = await Promise.all(UNIT_DIRS.map(async (dir) => ({ dir, listing: await host.listDir(dir) })));
  const out: UnitDirs = { entries: new Map(), failures: [] };
  for (const { dir, listing } of listings) {
    if (listing.status === 'ok') out.entries.set(dir, new Set(listing.entries));
    else if (listing.status !== 'missing') out.failures.push(`${dir} (${describeFailure(listing)})`);
  }
  return out;
}

/** The names systemd finds a unit's files by. */
export interface UnitNames {
  /** Unit file names, the unit's own first, then its aliases' or template's. */
  files: string[];
  /** Drop-in folder names (`NAME.d`, and `service.d` for every service). */
  dropInDirs: string[];
}

/**
 * The files systemd assembles a unit from, in the order it applies them: the unit file found first in its
 * search path, then every drop-in `*.conf` of the unit's names, by file name (a name in a folder of higher
 * priority hides the same name further down). `paths` is null when there is no unit file, or it is masked
 * (linked to /dev/null: systemd never starts it).
 */
export async function unitFilePaths(
  host: Host,
  dirs: UnitDirs,
  unit: UnitNames,
): Promise<{ paths: string[] | null; failures: string[] }> {
  const has = (dir: string, name: string) => dirs.entries.get(dir)?.has(name) === true;
  const unitFile = unit.files.flatMap((name) =>
    UNIT_DIRS.filter((dir) => has(dir, name)).map((d) => `${d}/${name}`),
  )[0];
  if (!unitFile) return { paths: null, failures: [] };
  const link = await host.stat(unitFile);
  if (link.status === 'ok' && link.kind === 'symlink' && link.linkTarget === '/dev/null')
    return { paths: null, failures: [] };
  const failures: string[] = [];
  const dropIns = new Map<string, string>();
  for (const dir of UNIT_DIRS) {
    for (const name of unit.dropInDirs.filter((d) => has(dir, d))) {
      const listing = await host.listDir(`${dir}/${name}`);
      if (listing.status !== 'ok') {
        if (listing.status !== 'missing') failures.push(`${dir}/${name} (${describeFailure(listing)})`);
        continue;
      }
      for (const file of listing.entries.filter((e) => e.endsWith('.conf')))
        if (!dropIns.has(file)) dropIns.set(file, `${dir}/${name}/${file}`);
    }
  }
  const ordered = [...dropIns.keys()].sort().map((file) => dropIns.get(file)!);
  return { paths: [unitFile, ...ordered], failures };
}

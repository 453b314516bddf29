// Pure reader of `sfltool dumpbtm`: macOS 13+'s Background Task Management list (System Settings > General >
// Login Items & Extensions), the only place login items and the helpers apps register with SMAppService are listed.
import type { AutostartEntry } from './facts.js';
import { entry } from './parse.js';

/** One record of the dump: the fields read ("Name", "Type", …) and the user section it is in. */
interface BtmRecord {
  uid: number | null;
  fields: Map<string, string>;
  /** It lists "Embedded Item Identifiers": an app record that only groups the helpers listed after it. */
  groups: boolean;
}

/**
 * The kinds of record that start a program at sign-in or boot and are not a launchd plist ("legacy agent"/"legacy
 * daemon" are those: btmLaunchdJobs). "developer" rows are headings; Quick Look, Spotlight and dock tile plug-ins run
 * only inside other programs.
 */
const STARTS_BY_ITSELF = new Set(['app', 'login item', 'agent', 'daemon']);

/** The fields the reader uses; a --record bundle keeps only these lines. */
const READ_KEYS = [
  'Name',
  'Developer Name',
  'Team Identifier',
  'Type',
  'Disposition',
  'Identifier',
  'URL',
  'Executable Path',
  'Parent Identifier',
] as const;
const isReadKey = (key: string): key is (typeof READ_KEYS)[number] => (READ_KEYS as readonly string[]).includes(key);

const SECTION = /^\s*Records for UID (-?\d+)\b/;
const RECORD = /^\s*#\d+:\s*$/;
const FIELD = /^\s*([A-Za-z][A-Za-z. ]*?):\s?(.*)$/;
const EMBEDDED = /^\s*Embedded Item Identifiers:\s*$/;

/** The records of a dump, in order. Lines before the first "#n:" (a lone pasted record) form one record too. */
export function parseBtmDump(text: string): BtmRecord[] {
  const records: BtmRecord[] = [];
  let uid: number | null = null;
  let current: BtmRecord | null = null;
  for (const line of text.split(/\r?\n/)) {
    const section = SECTION.exec(line);
    if (section) {
      uid = Number(section[1]);
      current = null;
      continue;
    }
    if (RECORD.test(line)) {
      current = { uid, fields: new Map(), groups: false };
      records.push(current);
      continue;
    }
    if (EMBEDDED.test(line)) {
      if (current) current.groups = true;
      continue;
    }
    // The items under "Embedded Item Identifiers" ("#1: 16.com.docker.vmnetd") start with "#": not fields.
    const field = FIELD.exec(line);
    if (!field || !isReadKey(field[1]!)) continue;
    if (!current) {
      // A record pasted without its "#n:" line (header lines like "ServiceManagement migrated: true" are not read).
      current = { uid, fields: new Map(), groups: false };
      records.push(current);
    }
    current.fields.set(field[1]!, field[2]!.trim());
  }
  return records;
}

const value = (r: BtmRecord, key: (typeof READ_KEYS)[number]) => {
  const v = r.fields.get(key);
  return v && v !== '(null)' ? v : null;
};

/** "login item (0x4)" → "login item". */
const typeName = (r: BtmRecord) => value(r, 'Type')?.replace(/\s*\(0x[0-9a-f]+\)\s*$/i, '') ?? null;

/**
 * On and allowed: "[enabled, allowed, notified] (0xb)". A record the owner switched off in System Settings is
 * "disallowed"; "disabled" ones are not started.
 */
function runs(r: BtmRecord): boolean {
  const words = /\[([^\]]*)\]/.exec(value(r, 'Disposition') ?? '')?.[1]?.split(/[,\s]+/) ?? [];
  return words.includes('enabled') && words.includes('allowed');
}

/** A file URL's path ("file:///Applications/A%20B.app/" → "/Applications/A B.app"); other text as it is. */
function urlPath(url: string): string {
  if (!url.startsWith('file://')) return url.replace(/\/$/, '');
  try {
    return decodeURIComponent(url.slice('file://'.length)).replace(/(.)\/$/, '$1');
  } catch {
    return url;
  }
}

/**
 * The program a record starts: its executable path, or where its URL points. A helper inside an app gives a path
 * relative to that app ("Contents/Library/LoginItems/X.app"), resolved against its parent record's URL; null when
 * the parent is not in the dump.
 */
function program(r: BtmRecord, byIdentifier: Map<string, BtmRecord>): string | null {
  const path = value(r, 'Executable Path') ?? (value(r, 'URL') ? urlPath(value(r, 'URL')!) : null);
  if (!path || path.startsWith('/')) return path;
  const parent = byIdentifier.get(`${r.uid}|${value(r, 'Parent Identifier')}`);
  const parentPath = parent && value(parent, 'URL') ? urlPath(value(parent, 'URL')!) : null;
  return parentPath?.startsWith('/') ? `${parentPath}/${path}` : null;
}

/** The maker as macOS read it from the code signature: "Docker (9BNSXJN65R)"; null when unsigned or not told. */
function maker(r: BtmRecord): string | null {
  const name = value(r, 'Developer Name');
  const team = value(r, 'Team Identifier');
  if (name && team) return `${name} (${team})`;
  return name ?? team;
}

/**
 * The login items and registered helpers that start by themselves, for every user in the dump. An app record that
 * groups helpers is a heading (its helpers are listed in their own records); an app that groups nothing and is on is
 * one opened at sign-in.
 */
export function btmEntries(records: readonly BtmRecord[]): AutostartEntry[] {
  const byIdentifier = new Map<string, BtmRecord>();
  for (const r of records) {
    const id = value(r, 'Identifier');
    if (id) byIdentifier.set(`${r.uid}|${id}`, r);
  }
  return records
    .filter((r) => STARTS_BY_ITSELF.has(typeName(r) ?? '') && runs(r) && !(typeName(r) === 'app' && r.groups))
    .map((r) => {
      const id = value(r, 'Identifier') ?? value(r, 'Name') ?? '?';
      const user = r.uid === null ? '' : `uid ${r.uid}: `;
      return entry('login-item', `${user}${id}`, value(r, 'Name') ?? id, program(r, byIdentifier), maker(r));
    });
}

/**
 * launchd plists the dump knows ("legacy agent"/"legacy daemon") outside the folders the probe listed itself: under
 * sudo the probe lists root's ~/Library/LaunchAgents, and the dump names every user's. Each as the folder listing
 * would name it, so a scan with sudo and one without give the same id. A record may outlive its plist: the caller
 * keeps only those whose file exists.
 */
export function btmLaunchdJobs(
  records: readonly BtmRecord[],
  listedDirs: readonly string[],
): { plist: string; job: AutostartEntry }[] {
  return records.flatMap((r) => {
    const type = typeName(r);
    const url = value(r, 'URL');
    if ((type !== 'legacy agent' && type !== 'legacy daemon') || !url || !runs(r)) return [];
    const path = urlPath(url);
    const cut = path.lastIndexOf('/');
    if (!path.startsWith('/') || !path.endsWith('.plist') || listedDirs.includes(path.slice(0, cut))) return [];
    const kind = type === 'legacy agent' ? 'launch-agent' : 'launch-daemon';
    const label = path.slice(cut + 1, -'.plist'.length);
    return [{ plist: path, job: entry(kind, path, label, value(r, 'Executable Path'), maker(r)) }];
  });
}

/** Whether the text is a dump at all: a user's section or a record (sfltool of macOS 12 prints its usage instead). */
export const isBtmDump = (text: string) =>
  text.split('\n').some((line) => SECTION.test(line)) || parseBtmDump(text).length > 0;

/**
 * A dump in a --record bundle: section and record lines and the fields the reader uses; UUIDs, program arguments
 * and anything else sfltool may add are left out.
 */
export function redactBtmDump(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (/^\s*=+\s*$/.test(line) || /^\s*$/.test(line) || RECORD.test(line)) return line;
      const section = SECTION.exec(line);
      if (section) return ` Records for UID ${section[1]}`;
      const field = FIELD.exec(line);
      if (field && isReadKey(field[1]!)) return line;
      return EMBEDDED.test(line) ? line : '(a line left out)';
    })
    .join('\n');
}

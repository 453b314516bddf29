import { posix, win32 } from 'node:path';
import type { Host } from '../../host/types.js';
import type { CollectOptions, ProbeOutput } from '../types.js';
import type { DataFile, PersonalDataFacts } from './facts.js';
import {
  expand,
  FOLDERS,
  homes,
  isRecycleRecord,
  movedUserFolders,
  movedWeChatFolders,
  WINDOWS_RECYCLE_BIN,
  xdgUserFolders,
  type FolderSource,
} from './folders.js';
import {
  ARCHIVE_EXTENSIONS,
  formatOf,
  LEGACY_SHEET_EXTENSIONS,
  OFFICE_EXTENSIONS,
  readForIdentifiers,
  TEXT_EXTENSIONS,
  UNREAD_EXTENSIONS,
  type FileFormat,
} from './read-file.js';
import { volumeJudge, type Encrypted } from './encryption.js';
import { maskIdentifiersIn } from './scanner.js';

/** The default time for reading documents; `--data-time-budget` changes it. */
export const DEFAULT_TIME_BUDGET_SECONDS = 20;
/**
 * A file is listed from this many distinct identifiers; the rules' threshold (default 5) picks customer-data
 * files among them.
 */
export const MIN_LISTED = 2;
const MAX_LISTED = 500;
const MAX_DEPTH = 16;
const MAX_FILES_PER_FOLDER = 200_000;
/** Files read at once: reading one while the next is fetched from the disk. */
const IN_FLIGHT = 4;
const NAMED_EXAMPLES = 5;

const ALL_EXTENSIONS = [
  ...TEXT_EXTENSIONS,
  ...OFFICE_EXTENSIONS,
  ...LEGACY_SHEET_EXTENSIONS,
  ...ARCHIVE_EXTENSIONS,
  ...Object.values(UNREAD_EXTENSIONS).flat(),
];
/** Chat downloads first (files sent by customers and couriers), then what lies on the desktop. */
const SOURCE_ORDER: FolderSource[] = [
  'data-path',
  'wechat',
  'qq',
  'wecom',
  'dingtalk',
  'desktop',
  'downloads',
  'documents',
  'trash',
];
/** Spreadsheets and CSV exports are where customer lists live: read first when time is short. */
const FORMAT_ORDER: Record<FileFormat, number> = { xlsx: 0, xls: 0, text: 1, zip: 1, docx: 2, pptx: 3 };

interface Candidate {
  path: string;
  size: number;
  mtimeMs: number;
  format: FileFormat;
  source: FolderSource;
}

/** Where a symbolic link points, when `path` is one; null otherwise. */
async function linkTarget(host: Host, link: string): Promise<string | null> {
  const s = await host.stat(link);
  if (s.status !== 'ok' || s.kind !== 'symlink' || !s.linkTarget) return null;
  const paths = host.os === 'windows' ? win32 : posix;
  return paths.resolve(paths.dirname(link), s.linkTarget);
}

export async function collectPersonalData(
  host: Host,
  options?: CollectOptions,
): Promise<ProbeOutput<PersonalDataFacts>> {
  // Everything read from documents stays inside derive: a --record bundle keeps only this result.
  return host.derive('personal_data', () => collect(host, options));
}

async function collect(host: Host, options: CollectOptions | undefined): Promise<ProbeOutput<PersonalDataFacts>> {
  const started = Date.now();
  const budgetSeconds = options?.personalData?.timeBudgetSeconds ?? DEFAULT_TIME_BUDGET_SECONDS;
  const deadline = started + budgetSeconds * 1000;
  const now = options?.now ?? new Date();
  const unknown: Record<string, string> = {};
  const empty: PersonalDataFacts = { files: null, totals: null, folders: null, coverage: null, complete: null };

  const found = await homes(host);
  const patterns: { source: FolderSource; path: string }[] = [];
  for (const home of found.homes) {
    for (const f of FOLDERS[host.os])
      for (const p of await expand(host, home, f.path)) patterns.push({ source: f.source, path: p });
    for (const p of await movedWeChatFolders(host, home)) patterns.push({ source: 'wechat', path: p });
    patterns.push(...(await xdgUserFolders(host, home)));
  }
  // The person's Desktop, Documents and Downloads where Windows really keeps them (moved to D:, into OneDrive).
  const moved = found.homes.length > 0 ? await movedUserFolders(host, options) : { places: [], gap: null };
  const placeGaps = moved.places.filter((p) => p.gap);
  patterns.push(...moved.places.filter((p) => !p.gap));
  if (host.os === 'windows' && found.homes.length > 0) {
    const drive = host.env('SystemDrive') ?? 'C:';
    for (const p of await expand(host, drive, `${WINDOWS_RECYCLE_BIN}/*`)) patterns.push({ source: 'trash', path: p });
  }
  const extra = options?.personalData?.paths ?? [];
  const folders: NonNullable<PersonalDataFacts['folders']> = placeGaps.map((p) => ({
    path: p.path,
    source: p.source,
    status: 'unreadable' as const,
    reason: p.gap!,
  }));
  // Windows' paths are the same folder in any case (C:\Users\Shop, c:\users\shop).
  const samePath = (a: string, b: string) => (host.os === 'windows' ? a.toLowerCase() === b.toLowerCase() : a === b);
  const candidates = new Map<string, Candidate>();
  const unread = { doc: 0, pdf: 0, archive: 0 };
  const failed: { path: string; reason: string }[] = [];
  let links = 0;
  let walked = 0;
  let outOfTimeFolders = 0;
  let truncatedFolders = 0;
  for (const { source, path: root } of [
    ...extra.map((p) => ({ source: 'data-path' as const, path: p })),
    ...patterns,
  ]) {
    if (folders.some((f) => samePath(f.path, root))) continue;
    const walkOptions = { extensions: ALL_EXTENSIONS, maxDepth: MAX_DEPTH, maxFiles: MAX_FILES_PER_FOLDER, deadline };
    let listing = await host.walk(root, walkOptions);
    // A folder moved to a second drive and linked back (~/Documents -> /mnt/data/Documents) holds the user's
    // files all the same: the link itself is followed, once; links inside are not.
    const linked = listing.status === 'failed' ? await linkTarget(host, root) : null;
    if (linked) listing = await host.walk(linked, walkOptions);
    if (listing.status !== 'ok') {
      // The usual folders a PC does not have are simply not there; a --data-path that is not there is said.
      if (listing.status === 'missing' && source !== 'data-path') continue;
      // Other accounts' Recycle Bins, as their homes, are read only by an elevated scan.
      if (listing.status === 'denied' && source === 'trash' && !host.elevated) continue;
      const reason =
        listing.status === 'missing'
          ? 'not found'
          : listing.status === 'denied'
            ? 'permission denied'
            : listing.message;
      folders.push({ path: root, source, status: listing.status === 'missing' ? 'missing' : 'unreadable', reason });
      continue;
    }
    walked++;
    folders.push({
      path: root,
      source,
      status: 'scanned',
      reason: listing.outOfTime
        ? `not all listed within the time budget of ${budgetSeconds} s (--data-time-budget)`
        : listing.truncated
          ? `more than ${MAX_FILES_PER_FOLDER} files or ${MAX_DEPTH} folders deep: the rest not listed`
          : null,
    });
    if (listing.outOfTime) outOfTimeFolders++;
    else if (listing.truncated) truncatedFolders++;
    links += listing.links;
    for (const u of listing.unreadable) failed.push({ path: u, reason: 'could not be listed' });
    for (const file of listing.files) {
      if (candidates.has(file.path) || (source === 'trash' && isRecycleRecord(file.path))) continue;
      const format = formatOf(file.path);
      if (!format) {
        const lower = file.path.toLowerCase();
        for (const [name, exts] of Object.entries(UNREAD_EXTENSIONS))
          if (exts.some((e) => lower.endsWith(e))) unread[name as keyof typeof unread]++;
        continue;
      }
      if (file.size > 0) candidates.set(file.path, { ...file, format, source });
    }
  }
  if (walked === 0 && folders.every((f) => f.status !== 'scanned') && folders.some((f) => f.status === 'unreadable')) {
    const reason = folders.map((f) => `${f.path}: ${f.reason}`).join('; ');
    for (const key of Object.keys(empty)) if (key !== 'folders') unknown[key] = reason;
    return { facts: { ...empty, folders }, unknown };
  }
  if (found.homes.length === 0 && extra.length === 0) {
    for (const key of Object.keys(empty)) unknown[key] = found.reason ?? 'no folder to look in';
    return { facts: empty, unknown };
  }

  const queue = [...candidates.values()].sort(
    (a, b) =>
      SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source) ||
      FORMAT_ORDER[a.format] - FORMAT_ORDER[b.format] ||
      b.mtimeMs - a.mtimeMs,
  );
  const listed: Omit<DataFile, 'encryptedVolume'>[] = [];
  const notReached: string[] = [];
  let filesRead = 0;
  let bytesRead = 0;
  let partlyRead = 0;
  let passwordProtected = 0;
  let passwordUnchecked = 0;
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const file = queue[next++]!;
      if (Date.now() >= deadline) {
        notReached.push(file.path);
        continue;
      }
      const reading = await readForIdentifiers(host, file.path, file.size, file.format, now);
      bytesRead += reading.bytes;
      if (reading.status === 'failed') {
        failed.push({ path: file.path, reason: reading.reason });
        continue;
      }
      filesRead++;
      if (reading.status === 'protected') {
        passwordProtected++;
        if (!reading.checked) passwordUnchecked++;
        continue;
      }
      if (reading.partly) partlyRead++;
      const identifiers = reading.findings.reduce((sum, f) => sum + f.count, 0);
      if (identifiers >= MIN_LISTED) {
        listed.push({
          path: file.path,
          identifiers,
          kinds: reading.findings,
          size: file.size,
          modified: new Date(file.mtimeMs).toISOString(),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));

  listed.sort((a, b) => b.identifiers - a.identifiers || (a.path < b.path ? -1 : 1));
  const kept = listed.slice(0, MAX_LISTED);
  const judge = kept.length > 0 ? await volumeJudge(host, options) : null;
  const files: DataFile[] = [];
  for (const f of kept) {
    const encrypted: Encrypted = await judge!(f.path);
    if ('reason' in encrypted) unknown[`files[${f.path}].encryptedVolume`] = encrypted.reason;
    files.push({ ...f, encryptedVolume: 'value' in encrypted ? encrypted.value : null });
  }
  const totals = { resident_id: 0, mobile: 0, bank_card: 0 };
  for (const f of files) for (const k of f.kinds) totals[k.kind] += k.count;

  const seconds = Math.round((Date.now() - started) / 100) / 10;
  let complete: boolean | null = true;
  const gaps: string[] = [];
  if (notReached.length > 0)
    gaps.push(`${notReached.length} files not read within the time budget of ${budgetSeconds} s (--data-time-budget)`);
  if (outOfTimeFolders > 0)
    gaps.push(`${outOfTimeFolders} folders not listed to the end within the time budget of ${budgetSeconds} s`);
  // Files past the listing's limits, or past a file's read limit, may hold what was not found.
  if (truncatedFolders > 0)
    gaps.push(`${truncatedFolders} folders not listed to the end (${MAX_FILES_PER_FOLDER} files or ${MAX_DEPTH} deep)`);
  if (moved.gap) gaps.push(moved.gap);
  if (partlyRead > 0) gaps.push(`${partlyRead} files read only in part`);
  // Office also encrypts with a well-known default password ("VelvetSweatshop": opens without asking, e.g. an
  // .xls with only its structure protected). Passwords are checked against it (office-password.ts) except
  // Office 2007's standard encryption and an XOR-obfuscated .xls.
  if (passwordUnchecked > 0)
    gaps.push(`${passwordUnchecked} files encrypted: not checked whether with Office's default password`);
  const unreadableFolders = folders.filter((f) => f.status === 'unreadable').length;
  if (unreadableFolders > 0) gaps.push(`${unreadableFolders} folders could not be read`);
  if (failed.length > 0) gaps.push(`${failed.length} files or folders could not be read`);
  if (listed.length > MAX_LISTED) gaps.push(`only the ${MAX_LISTED} files with most identifiers are listed`);
  if (gaps.length > 0) {
    complete = null;
    unknown.complete = gaps.join('; ');
  }
  // Names shown in the report never carry a full identifier either.
  const shown = (p: string) => maskIdentifiersIn(p, now);
  for (const f of files) f.path = shown(f.path);
  for (const f of folders) f.path = shown(f.path);
  for (const f of failed) f.path = shown(f.path);
  for (const key of Object.keys(unknown)) {
    const masked = shown(key);
    if (masked !== key) {
      unknown[masked] = unknown[key]!;
      delete unknown[key];
    }
  }
  return {
    facts: {
      files,
      totals,
      folders,
      coverage: {
        filesRead,
        bytesRead,
        notReadFormats: unread,
        notReached: notReached.length,
        notReachedExamples: notReached.slice(0, NAMED_EXAMPLES).map(shown),
        partlyRead,
        passwordProtected,
        failed: failed.slice(0, 50),
        linksSkipped: links,
        timeBudgetSeconds: budgetSeconds,
        seconds,
      },
      complete,
    },
    unknown,
  };
}

import { isUtf8 } from 'node:buffer';
import { constants, type Dir, type Dirent } from 'node:fs';
import { lstat, open, opendir } from 'node:fs/promises';
import path from 'node:path';
import type { BytesResult, WalkOptions, WalkResult } from './types.js';

// Reading folders of documents safely: a walk never follows a symbolic link (or a Windows
// junction), so it never leaves the tree it was given; a read opens regular files only, without
// following a link and without blocking on a FIFO or a device, and never reads more than asked.

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const NON_BLOCK = constants.O_NONBLOCK ?? 0;
/**
 * Linux: reading a document would set its last-access time (relatime does when it is older than the last
 * change, or a day old), which tells an investigator that someone opened the customer list. The kernel
 * allows O_NOATIME to the file's owner and to root; for anyone else's file the open is retried without it.
 */
const NO_ATIME = constants.O_NOATIME ?? 0;
const READ_FLAGS = constants.O_RDONLY | NO_FOLLOW | NON_BLOCK;
/** Folders found and not yet listed: more than this (a tree of a million folders) and the walk stops there. */
const MAX_PENDING_FOLDERS = 100_000;

/** Reads up to `length` bytes at `offset` of a regular file, into `into` when it is given and large enough. */
export async function readFileRange(
  file: string,
  offset: number,
  length: number,
  into?: Uint8Array,
): Promise<BytesResult> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    const target = onDisk(file);
    handle = await open(target, READ_FLAGS | NO_ATIME).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EPERM' && NO_ATIME) return open(target, READ_FLAGS);
      throw error;
    });
  } catch (error) {
    return treeFailure(error);
  }
  try {
    const s = await handle.stat();
    if (!s.isFile()) return { status: 'failed', message: 'not a regular file' };
    const want = Math.max(0, Math.min(length, s.size - offset));
    const bytes =
      into && into.length >= want ? Buffer.from(into.buffer, into.byteOffset, want) : Buffer.allocUnsafe(want);
    let got = 0;
    while (got < want) {
      const { bytesRead } = await handle.read(bytes, got, want - got, offset + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return { status: 'ok', bytes: bytes.subarray(0, got), size: s.size };
  } catch (error) {
    return treeFailure(error);
  } finally {
    await handle.close();
  }
}

/**
 * Lists the regular files under `root` whose names end in one of `options.extensions`, depth
 * first, in name order. Links and special files are counted, never entered or listed.
 */
export async function walkTree(root: string, options: WalkOptions, shown: (p: string) => string): Promise<WalkResult> {
  try {
    const top = await lstat(root);
    if (top.isSymbolicLink()) return { status: 'failed', message: 'is a symbolic link (give the folder it points to)' };
    if (!top.isDirectory()) return { status: 'failed', message: 'not a folder' };
  } catch (error) {
    return treeFailure(error);
  }
  const wanted = options.extensions.map((e) => e.toLowerCase());
  const result: Extract<WalkResult, { status: 'ok' }> = {
    status: 'ok',
    files: [],
    otherFiles: 0,
    links: 0,
    special: 0,
    unreadable: [],
    truncated: false,
    outOfTime: false,
  };
  const stack: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  /** Names that are not UTF-8, per folder, keyed by how they came decoded. */
  const rawNames = new Map<string, Map<string, Buffer[]>>();
  while (stack.length > 0) {
    if (options.deadline !== undefined && Date.now() >= options.deadline) {
      result.truncated = result.outOfTime = true;
      break;
    }
    const { dir, depth } = stack.pop()!;
    const subfolders: string[] = [];
    // Entries as the folder gives them, 256 at a time: a folder of a million files (a cache) is never held
    // whole (readdir's array of them is ~250 MB). Each batch is read asynchronously (an entry already in the
    // batch costs a promise, no system call): a folder on a network mount that stops answering holds this
    // walk, which the probe's deadline then ends, never the whole scan, as a synchronous read would. The
    // folder is closed at once (an awaited close cost ~50 us a folder: a tree of 2,000 folders took 25 % more).
    let folder: Dir | null = null;
    try {
      folder = await opendir(onDisk(dir), { bufferSize: 256 });
      let seen = 0;
      for (let entry = await folder.read(); entry !== null; entry = await folder.read()) {
        if (++seen % 1024 === 0 && options.deadline !== undefined && Date.now() >= options.deadline) {
          result.truncated = result.outOfTime = true;
          break;
        }
        if (stack.length + subfolders.length >= MAX_PENDING_FOLDERS) {
          result.truncated = true;
          break;
        }
        // A name that is not UTF-8 (GBK bytes, from a zip made on Chinese Windows) comes decoded with U+FFFD:
        // its bytes are looked up to open it, and it is shown decoded as GB18030.
        const name = entry.name.includes('\uFFFD') ? await rawName(dir, entry.name) : null;
        const file = sort(entry, dir, depth, subfolders, name);
        if (file) await listFile(file);
      }
    } catch (error) {
      result.unreadable.push(`${shown(dir)} (${describe(treeFailure(error))})`);
    } finally {
      folder?.closeSync();
    }
    // Deeper folders in name order: the same walk on every run.
    subfolders.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const sub of subfolders.reverse()) stack.push({ dir: sub, depth: depth + 1 });
    if (result.outOfTime) break;
  }
  return result;

  /** Counts an entry, or keeps a folder to enter; the path of a file to list, else null. */
  function sort(entry: Dirent, dir: string, depth: number, subfolders: string[], raw: Buffer | null): string | null {
    if (entry.isSymbolicLink()) result.links++;
    else if (entry.isDirectory()) {
      if (depth < options.maxDepth) subfolders.push(child(dir, entry.name, raw));
      else result.truncated = true;
    } else if (!entry.isFile()) result.special++;
    else if (!wanted.some((e) => entry.name.toLowerCase().endsWith(e))) result.otherFiles++;
    else if (result.files.length >= options.maxFiles) result.truncated = true;
    else return child(dir, entry.name, raw);
    return null;
  }

  /**
   * The bytes of a name that came decoded with U+FFFD; null for a UTF-8 name that holds U+FFFD itself (or one
   * past MAX_RAW_NAMES, which then cannot be opened and is said to be unreadable).
   */
  async function rawName(dir: string, decoded: string): Promise<Buffer | null> {
    let names = rawNames.get(dir);
    if (!names) {
      names = new Map();
      rawNames.set(dir, names);
      let kept = 0;
      // Node's types allow only string encodings here, but 'buffer' gives the names' bytes (as readdir's does).
      const options = { encoding: 'buffer' as BufferEncoding, bufferSize: 256 };
      for await (const e of await opendir(onDisk(dir), options)) {
        const bytes = e.name as unknown as Buffer;
        if (isUtf8(bytes) || kept++ >= MAX_RAW_NAMES) continue;
        const lossy = bytes.toString('utf8');
        names.set(lossy, [...(names.get(lossy) ?? []), bytes]);
      }
    }
    return names.get(decoded)?.shift() ?? null;
  }

  async function listFile(full: string): Promise<void> {
    try {
      const s = await lstat(onDisk(full));
      if (s.isFile()) result.files.push({ path: shown(full), size: s.size, mtimeMs: Math.round(s.mtimeMs) });
    } catch (error) {
      result.unreadable.push(`${shown(full)} (${describe(treeFailure(error))})`);
    }
  }
}

/** Raw names kept of one folder: a folder of more is listed without the rest (said as unreadable). */
const MAX_RAW_NAMES = 10_000;
/**
 * The bytes of each path found whose name (or a folder's above it) is not UTF-8, by the path shown: Node's
 * string paths cannot name such a file, so it is opened by these bytes.
 */
const rawPaths = new Map<string, Buffer>();
const onDisk = (p: string): string | Buffer => rawPaths.get(p) ?? p;
const gb18030 = new TextDecoder('gb18030');

/** A path under `dir`: shown with the name decoded (GB18030 when it is not UTF-8), kept as bytes when it must. */
function child(dir: string, name: string, raw: Buffer | null): string {
  const parent = rawPaths.get(dir);
  const full = path.join(dir, raw ? gb18030.decode(raw) : name);
  if (parent || raw)
    rawPaths.set(full, Buffer.concat([parent ?? Buffer.from(dir), Buffer.from(path.sep), raw ?? Buffer.from(name)]));
  return full;
}

function describe(r: Exclude<BytesResult, { status: 'ok' }>): string {
  return r.status === 'failed' ? r.message : r.status === 'denied' ? 'permission denied' : 'gone';
}

function treeFailure(error: unknown): Exclude<BytesResult, { status: 'ok' }> {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'missing' };
  if (code === 'EACCES' || code === 'EPERM') return { status: 'denied' };
  // O_NOFOLLOW on a link: ELOOP (Linux, macOS) — the walk never hands out links, but a file may be swapped for one.
  if (code === 'ELOOP' || code === 'EMLINK') return { status: 'failed', message: 'is a symbolic link' };
  return { status: 'failed', message: code ?? String(error) };
}

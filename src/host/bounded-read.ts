import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statfsSync } from 'node:fs';
import { open, opendir, stat } from 'node:fs/promises';

// Every file shop-audit reads — facts on the PC, and its own rule files and bundles — may be a
// FIFO, a device, a sparse file of gigabytes or a symlink to one of those, planted by a user
// whose home root's scan reads. Only regular files are read, never more than cap + 1 bytes,
// and opening never blocks: a FIFO with no writer would otherwise hold the open forever.

/** A path that exists but is not something shop-audit reads: said in words a technician understands. */
export class UnreadableFileError extends Error {}

// Windows has neither flag; there, a FIFO or device cannot be reached by a plain path anyway.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
const CHUNK_BYTES = 64 * 1024;

export function describeKind(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The bytes of a regular file of at most `cap` bytes. Throws UnreadableFileError for anything
 * else (checked before opening, so no device is ever opened, and again on the open handle, so a
 * file swapped in between is caught too), and the fs error (ENOENT, EACCES…) when it cannot be opened.
 */
export async function readRegularFile(file: string, cap: number): Promise<Buffer> {
  const before = await stat(file);
  if (!before.isFile()) throw new UnreadableFileError(`${describeKind(before)}, not a regular file: not read`);
  if (before.size > cap) throw new UnreadableFileError(tooLarge(cap));
  const handle = await open(file, OPEN_FLAGS);
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.ino !== before.ino || info.dev !== before.dev) {
      throw new UnreadableFileError(`${describeKind(info)}, not a regular file: not read`);
    }
    // Read until the end, up to cap + 1 bytes: the size a file reports can be wrong (/proc says 0, a file
    // grows). A file on disk is read in one piece of its size + 1 and a tiny read that finds the end.
    const chunks: Buffer[] = [];
    let total = 0;
    let next = info.size > 0 ? info.size + 1 : CHUNK_BYTES;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(next, cap + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > cap) throw new UnreadableFileError(tooLarge(cap));
      next = bytesRead < chunk.length ? 1 : CHUNK_BYTES;
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

// procfs's magic number (statfs f_type, linux/magic.h).
const PROC_SUPER_MAGIC = 0x9fa0;

/** Whether `folder` is the Linux kernel's own /proc file system (not a folder or another mount put there). */
export function isProcfs(folder: string): boolean {
  try {
    return statfsSync(folder).type === PROC_SUPER_MAGIC;
  } catch {
    return false;
  }
}

const procScratch = Buffer.allocUnsafe(CHUNK_BYTES);

/**
 * A file of the kernel's /proc, read at once on this thread: procfs holds no FIFO or device, and its small
 * files answer from memory in microseconds, so the thread pool's round trips (six per file, a scan reads one
 * per process) cost more than the read. Only for files the caller knows are procfs's own (isProcfs), quick to
 * make, and that never wait on another process.
 */
export function readProcFile(file: string, cap: number): Buffer {
  const fd = openSync(file, OPEN_FLAGS);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new UnreadableFileError(`${describeKind(info)}, not a regular file: not read`);
    // procfs files say 0 bytes: read into one reused buffer and keep copies of what came (a process name is
    // 16 bytes; a new 64 KB buffer for each would be most of a scan's memory churn).
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const bytesRead = readSync(fd, procScratch, 0, Math.min(CHUNK_BYTES, cap + 1 - total), null);
      if (bytesRead === 0) break;
      chunks.push(Buffer.from(procScratch.subarray(0, bytesRead)));
      total += bytesRead;
      if (total > cap) throw new UnreadableFileError(tooLarge(cap));
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

const tooLarge = (cap: number) => `file is larger than ${cap} bytes`;

/** The names in a folder, sorted; a folder with more than `maxEntries` is refused rather than listed. */
export async function listFolder(folder: string, maxEntries: number): Promise<string[]> {
  const names: string[] = [];
  const dir = await opendir(folder, { bufferSize: 128 });
  // Leaving the loop early closes the folder.
  for await (const entry of dir) {
    if (names.length === maxEntries)
      throw new UnreadableFileError(`folder has more than ${maxEntries} entries: not read`);
    names.push(entry.name);
  }
  return names.sort();
}

/**
 * At most `limit` of the calls given to it run at once; each gives up after `deadlineMs` (a read
 * on a hung network file system cannot hold a probe, and the launcher exits once the report is out).
 */
export function boundedRunner(limit: number, deadlineMs: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>, onTimeout: () => T): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        work(),
        new Promise<T>((resolve) => (timer = setTimeout(() => resolve(onTimeout()), deadlineMs))),
      ]);
    } finally {
      clearTimeout(timer);
      running--;
      waiting.shift()?.();
    }
  };
}

import { randomBytes } from 'node:crypto';
import { accessSync, constants, lstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import { chown, lstat, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SaveFailedError, ScanFailedError, UsageError } from '../errors.js';
import { describeKind } from '../host/bounded-read.js';

// shop-audit's own files (src/files/), never the audited PC's (that is src/host/): here, the reports
// and --record bundles it writes, whole or not at all.

/**
 * How a report or bundle reaches `file`. Only a regular file (or nothing) is ever replaced: a
 * device (/dev/null) or a named pipe is written into, standard output and error are written to,
 * and anything else — a folder, a socket, a symbolic link to a file (which could be planted to
 * aim the write elsewhere) — is refused (exit 2).
 */
type OutputWay = 'replace' | 'into' | 'stdout' | 'stderr';

const STANDARD_STREAMS: Record<string, OutputWay> = {
  '/dev/stdout': 'stdout',
  '/dev/fd/1': 'stdout',
  '/proc/self/fd/1': 'stdout',
  '/dev/stderr': 'stderr',
  '/dev/fd/2': 'stderr',
  '/proc/self/fd/2': 'stderr',
};

function outputWay(file: string, flag: string): OutputWay {
  // `-o reports/` means a folder even when it does not exist yet: it made a file named `reports`.
  if (/[\\/]$/.test(file) && (process.platform === 'win32' || file.endsWith('/')))
    throw new UsageError(`${flag} ${file}: that names a folder; give a file name (such as ${file}report.html)`);
  const standard = process.platform === 'win32' ? undefined : STANDARD_STREAMS[path.resolve(file)];
  if (standard) return standard;
  let link: Stats | null = null;
  try {
    link = lstatSync(file);
  } catch {
    // Not there yet: it will be created.
  }
  if (!link || link.isFile()) {
    const dir = path.dirname(path.resolve(file));
    try {
      accessSync(dir, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'the folder does not exist' : code === 'EACCES' ? 'permission denied' : code;
      throw new UsageError(`${flag} ${file}: cannot write there (${why})`);
    }
    return 'replace';
  }
  let target: Stats | null = null;
  try {
    target = statSync(file);
  } catch {
    // A dangling link: refused below, like a link to a file.
  }
  if (target?.isDirectory()) throw new UsageError(`${flag} ${file}: that is a folder; give a file name`);
  if (target && (target.isCharacterDevice() || target.isFIFO())) {
    try {
      accessSync(file, constants.W_OK);
    } catch {
      throw new UsageError(`${flag} ${file}: cannot write there (permission denied)`);
    }
    return 'into';
  }
  if (link.isSymbolicLink()) {
    throw new UsageError(
      `${flag} ${file}: that is a symbolic link; shop-audit writes no report through a link (it ` +
        `could point anywhere): give the file itself`,
    );
  }
  throw new UsageError(`${flag} ${file}: that is ${target ? describeKind(target) : 'not a file'}; give a file name`);
}

/**
 * Checks before a scan that `file` can be written, so a bad --output fails at once (exit 2)
 * instead of after the scan, and nothing is written.
 */
export function assertWritable(file: string, flag: string): void {
  outputWay(file, flag);
}

/**
 * One file however it is named: its device and inode when it exists (a hard link, `./x` and `x` are one),
 * else its full path in its folder's real place. Windows' FAT gives no inode (0): the path then.
 */
function fileIdentity(file: string): string {
  const info = statSync(file, { throwIfNoEntry: false });
  if (info && info.ino !== 0) return `inode ${info.dev} ${info.ino}`;
  const full = path.resolve(file);
  let folder = path.dirname(full);
  try {
    folder = realpathSync(folder);
  } catch {
    // A folder that does not exist: assertWritable refuses it.
  }
  const where = path.join(folder, path.basename(full));
  return `path ${process.platform === 'win32' ? where.toLowerCase() : where}`;
}

/**
 * Refuses (exit 2, before anything is written) an output that is also an input, or another output, of the same
 * command: `scan --record pc.json --output pc.json` replaced the bundle with the report, `scan --replay
 * pc.json --output pc.json` the bundle the technician brought, `compare old.json new.json -o old.json` the
 * earlier report. A device or pipe (/dev/null for both) is written into, never replaced: it may be named twice.
 */
export function assertSeparateFiles(
  outputs: readonly { flag: string; file: string | undefined }[],
  inputs: readonly { flag: string; file: string }[],
): void {
  const named = (list: readonly { flag: string; file: string | undefined }[]) =>
    list.flatMap(({ flag, file }) => (file === undefined ? [] : [{ flag, file, id: fileIdentity(file) }]));
  const outs = named(outputs).filter(({ file, flag }) => outputWay(file, flag) === 'replace');
  const ins = named(inputs);
  for (const [i, out] of outs.entries()) {
    const same = [...outs.slice(0, i), ...ins].find((other) => other.id === out.id);
    if (same)
      throw new UsageError(
        `${out.flag} ${out.file} is the same file as ${same.flag} ${same.file}: writing it would replace that file`,
        'give each output a file name of its own',
      );
  }
}

// Why a write failed, in words, for the codes a technician meets.
const WRITE_FAILURES: Record<string, string> = {
  ENOSPC: 'no space left on the device (ENOSPC)',
  EFBIG: 'the file would be larger than allowed (EFBIG)',
  ENXIO: 'no program is reading from that named pipe (ENXIO)',
  EACCES: 'permission denied (EACCES)',
  EROFS: 'the disk is read-only (EROFS)',
};

/**
 * Writes a report or bundle the way outputWay decides. A write that fails says why in words (a full stick is
 * ENOSPC, exit 3), never as an internal error; a named pipe nobody reads is exit 2.
 */
export async function writeOutput(file: string, text: string, flag: string): Promise<void> {
  try {
    const way = outputWay(file, flag);
    if (way === 'replace') return await writeFileAtomic(file, text);
    if (way === 'stdout' || way === 'stderr') return await writeStream(process[way], text);
    return await writeInto(file, text);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENXIO') throw new UsageError(`${flag} ${file}: ${WRITE_FAILURES.ENXIO}`);
    throw new SaveFailedError(
      `could not save ${file}: ${(code && WRITE_FAILURES[code]) ?? code ?? (error as Error).message}`,
      'any earlier file of that name is unchanged',
    );
  }
}

function writeStream(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));
}

// How long a named pipe's reader may take to drain the report before the write is given up.
const PIPE_WRITE_DEADLINE_MS = 10_000;

/** Into a device or named pipe: opened without blocking (a pipe nobody reads is ENXIO), never created or truncated. */
async function writeInto(file: string, text: string): Promise<void> {
  const handle = await open(file, constants.O_WRONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  try {
    const info = await handle.stat();
    if (!info.isCharacterDevice() && !info.isFIFO())
      throw new UsageError(`${file}: changed while shop-audit ran; nothing written`);
    const bytes = Buffer.from(text);
    const deadline = Date.now() + PIPE_WRITE_DEADLINE_MS;
    for (let done = 0; done < bytes.length; ) {
      try {
        done += (await handle.write(bytes, done)).bytesWritten;
      } catch (error) {
        // The reader is slower than the report: wait for it, within reason.
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN' || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  } finally {
    await handle.close();
  }
}

/**
 * A scan as root (sudo) reads what only root may: which accounts have an empty or common password, /etc/shadow
 * (redacted) in a bundle. Written 0644, its report and bundle told every user of the PC; as root they are 0600,
 * owned by whoever ran sudo (SUDO_UID, SUDO_GID) so that person can open them. Not root: 0644, as the user could
 * read all of it anyway.
 */
const AS_ROOT = process.getuid?.() === 0;

async function giveToSudoUser(file: string): Promise<void> {
  const [uid, gid] = [process.env.SUDO_UID, process.env.SUDO_GID].map((id) =>
    id && /^\d{1,9}$/.test(id) ? +id : null,
  );
  if (uid == null || gid == null) return;
  // A stick formatted FAT or exFAT has no owners: the file stays as it is.
  await chown(file, uid, gid).catch(() => undefined);
}

/**
 * Writes the whole file or nothing: a temporary file beside the target, then a rename. A failed
 * write leaves any previous file intact and removes the temporary one. Only a regular file (or
 * nothing) is replaced.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const target = path.resolve(file);
  const existing = await lstat(target).catch(() => null);
  if (existing && !existing.isFile()) throw new UsageError(`${file}: that is not a regular file; it is not replaced`);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { mode: AS_ROOT ? 0o600 : 0o644, flag: 'wx' });
    if (AS_ROOT) await giveToSudoUser(temp);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Saves the files into the first folder of `folders` where all of them can be written (the first
 * folder is created if missing; the others are used only if they exist). Returns that folder.
 */
export async function saveInFirstWritableFolder(
  folders: readonly string[],
  files: readonly { name: string; text: string }[],
): Promise<string> {
  const problems: string[] = [];
  for (const [i, folder] of folders.entries()) {
    try {
      if (i === 0) await mkdir(folder, { recursive: true });
      for (const f of files) await writeFileAtomic(path.join(folder, f.name), f.text);
      return folder;
    } catch (error) {
      problems.push(`${folder}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  throw new ScanFailedError(`could not save the reports anywhere (${problems.join('; ')})`);
}

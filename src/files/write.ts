import { randomBytes } from 'node:crypto';
import { accessSync, constants, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ScanFailedError, UsageError } from '../errors.js';

// shop-audit's own files (src/files/), never the audited PC's (that is src/host/): here, the reports
// and --record bundles it writes, whole or not at all.

/**
 * Checks before a scan that `file` can be written, so a bad --output fails at once (exit 2)
 * instead of after the scan, and nothing is written.
 */
export function assertWritable(file: string, flag: string): void {
  const dir = path.dirname(path.resolve(file));
  try {
    accessSync(dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${flag} ${file}: cannot write there (${code === 'ENOENT' ? 'the folder does not exist' : code === 'EACCES' ? 'permission denied' : code})`);
  }
  let isDir = false;
  try {
    isDir = statSync(file).isDirectory();
  } catch {
    // Not there yet: it will be created.
  }
  if (isDir) throw new UsageError(`${flag} ${file}: that is a folder; give a file name`);
}

/**
 * Writes the whole file or nothing: a temporary file beside the target, then a rename. A failed
 * write leaves any previous file intact and removes the temporary one.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const target = path.resolve(file);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { mode: 0o644, flag: 'wx' });
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
export async function saveInFirstWritableFolder(folders: readonly string[], files: readonly { name: string; text: string }[]): Promise<string> {
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

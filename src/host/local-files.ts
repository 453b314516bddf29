import { randomBytes } from 'node:crypto';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getAsset, isSea } from 'node:sea';
import { fileURLToPath } from 'node:url';
import type { LoadedProfile, LoadedRule, TextFile } from '../engine/load.js';
import { ScanFailedError, UsageError } from '../errors.js';

// shop-audit's own files: its rules, the report it writes, a bundle it replays. These are not
// facts about the PC, but they are still I/O, so they live here in the host layer.

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Inside the single-file executable the package's files travel as SEA assets, keyed by their
// path in the package (scripts/build-exe.mjs puts them there).
const IN_EXECUTABLE = isSea();

function readPackageFile(relative: string): string {
  return IN_EXECUTABLE ? getAsset(relative, 'utf8') : readFileSync(path.join(PACKAGE_ROOT, relative), 'utf8');
}

export function bundledRulesDir(): string {
  return path.join(PACKAGE_ROOT, 'rules');
}

/** Where the build puts the bundled rules, already loaded and checked (scripts/compile-rules.mjs). */
export const BUNDLED_SNAPSHOT_PATH = 'dist/bundled-rules.json';
export const BUNDLED_SNAPSHOT = path.join(PACKAGE_ROOT, BUNDLED_SNAPSHOT_PATH);

/**
 * The bundled rules and profiles from the build's snapshot: parsing their YAML on every scan
 * would cost more than the whole scan of a PC. File names in it are relative to the package.
 */
export function readBundledRuleSet(): { rules: LoadedRule[]; profiles: LoadedProfile[] } {
  let text: string;
  try {
    text = readPackageFile(BUNDLED_SNAPSHOT_PATH);
  } catch {
    throw new ScanFailedError(`the bundled rules are missing (${BUNDLED_SNAPSHOT})`, 'this copy of shop-audit is not built: run npm run build');
  }
  const set = JSON.parse(text) as { rules: LoadedRule[]; profiles: LoadedProfile[] };
  // In the executable the names stay as in the package ("rules/screen-lock.yaml"): there is no folder to point at.
  const located = <T extends { file: string }>(x: T) => (IN_EXECUTABLE ? x : { ...x, file: path.join(PACKAGE_ROOT, x.file) });
  return { rules: set.rules.map(located), profiles: set.profiles.map(located) };
}

/** The rectification pack's paperwork templates (templates/pack.yaml), as text. */
export function readPackTemplates(): string {
  return readPackageFile('templates/pack.yaml');
}

export function packageVersion(): string {
  return (JSON.parse(readPackageFile('package.json')) as { version: string }).version;
}

const isYaml = (name: string) => /\.ya?ml$/i.test(name);

/**
 * Rule files of a folder (*.yaml, *.yml, sorted) and its profiles/ subfolder. A path that is a
 * single file is a rule file, or a profile when it sits in a folder named profiles.
 */
export async function readRuleSources(paths: readonly string[]): Promise<{ rules: TextFile[]; profiles: TextFile[] }> {
  const rules: TextFile[] = [];
  const profiles: TextFile[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => null);
    if (!info) throw new UsageError(`rules path not found: ${p}`, 'give a folder of *.yaml rule files, or a rule file');
    if (info.isFile()) {
      (path.basename(path.dirname(path.resolve(p))) === 'profiles' ? profiles : rules).push(await readText(p));
      continue;
    }
    for (const name of (await readdir(p)).filter(isYaml).sort()) rules.push(await readText(path.join(p, name)));
    const profileDir = path.join(p, 'profiles');
    const names = await readdir(profileDir).catch(() => []);
    for (const name of names.filter(isYaml).sort()) profiles.push(await readText(path.join(profileDir, name)));
  }
  return { rules, profiles };
}

/** The JSON reports named, a folder standing for the *.json files in it (a USB stick's reports/), sorted by name. */
export async function readReportFiles(paths: readonly string[]): Promise<TextFile[]> {
  const files: TextFile[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => null);
    if (!info) throw new UsageError(`not found: ${p}`, 'give report .json files, or a folder holding them (such as the stick\'s reports/)');
    if (info.isFile()) files.push(await readText(p));
    else for (const name of (await readdir(p)).filter((n) => n.toLowerCase().endsWith('.json')).sort()) files.push(await readText(path.join(p, name)));
  }
  return files;
}

// Rule and bundle files larger than this are refused: they cannot be legitimate and would eat memory.
const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export async function readText(file: string): Promise<TextFile> {
  try {
    const info = await stat(file);
    if (info.size > MAX_INPUT_BYTES) throw new UsageError(`${file}: file is too large (${info.size} bytes; at most ${MAX_INPUT_BYTES})`);
    return { file, text: await readFile(file, 'utf8') };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

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

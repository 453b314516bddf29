import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { TextFile } from '../engine/load.js';
import { UsageError } from '../errors.js';
import { describeKind, listFolder, readRegularFile, UnreadableFileError } from '../host/bounded-read.js';

// shop-audit's own files (src/files/), never the audited PC's (that is src/host/): here, the rule
// folders, and the bundles and reports the person running it names.

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
    if (!info.isDirectory())
      throw new UsageError(
        `rules path ${p} is ${describeKind(info)}`,
        'give a folder of *.yaml rule files, or a rule file',
      );
    for (const name of (await listRuleFolder(p)).filter(isYaml)) rules.push(await readText(path.join(p, name)));
    const profileDir = path.join(p, 'profiles');
    const names = await listRuleFolder(profileDir).catch((error: unknown) => {
      if (error instanceof UsageError) throw error;
      return [];
    });
    for (const name of names.filter(isYaml)) profiles.push(await readText(path.join(profileDir, name)));
  }
  return { rules, profiles };
}

/**
 * The JSON reports named, a folder standing for the *.json files in it (a USB stick's reports/),
 * sorted by name; `listed` says a file was found in a folder, not named. Only regular files in a
 * folder are read: a FIFO or device there would hang or flood the read.
 */
export async function readReportFiles(
  paths: readonly string[],
  /** A file found in a folder that cannot be read (not UTF-8, too large): passed over when given, else an error. */
  passOver?: (error: UsageError) => void,
): Promise<(TextFile & { listed: boolean })[]> {
  const files: (TextFile & { listed: boolean })[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => null);
    if (!info)
      throw new UsageError(
        `not found: ${p}`,
        "give report .json files, or a folder holding them (such as the stick's reports/)",
      );
    if (!info.isDirectory()) {
      files.push({ ...(await readText(p)), listed: false });
      continue;
    }
    const entries = await readdir(p, { withFileTypes: true });
    const names = entries.filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.json')).map((e) => e.name);
    for (const name of names.sort()) {
      const read = await readText(path.join(p, name)).catch((error: unknown) => {
        if (!passOver || !(error instanceof UsageError)) throw error;
        passOver(error);
        return null;
      });
      if (read) files.push({ ...read, listed: true });
    }
  }
  return files;
}

// Rule and bundle files larger than this are refused: they cannot be legitimate and would eat memory.
const MAX_INPUT_BYTES = 16 * 1024 * 1024;
// A rules folder holds a few dozen files; one with more is a mistake (or planted), not read.
const MAX_RULE_FOLDER_ENTRIES = 10_000;

async function listRuleFolder(folder: string): Promise<string[]> {
  try {
    return await listFolder(folder, MAX_RULE_FOLDER_ENTRIES);
  } catch (error) {
    if (error instanceof UnreadableFileError) throw new UsageError(`${folder}: ${error.message}`);
    throw error;
  }
}

/** A rule, profile or bundle file: a regular file of at most 16 MiB (a FIFO or device is refused, never waited on). */
export async function readText(file: string): Promise<TextFile> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, MAX_INPUT_BYTES);
  } catch (error) {
    if (error instanceof UnreadableFileError) throw new UsageError(`${file}: ${error.message}`);
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return { file, text: decodeText(file, bytes) };
}

/**
 * UTF-8 (a byte-order mark dropped), or UTF-16 with its byte-order mark: what Notepad's "Unicode" and Windows
 * PowerShell 5.1's `>` save. Anything else — Notepad's "ANSI", which is GBK on a Chinese PC — is refused where it
 * stops being UTF-8: read as UTF-8 its Chinese became U+FFFD in every report, and `rules validate` said ok.
 */
function decodeText(file: string, bytes: Buffer): string {
  const bom = bytes.length >= 2 ? (bytes[0]! << 8) | bytes[1]! : 0;
  if (bom === 0xfffe || bom === 0xfeff) {
    // Big-endian is swapped to little-endian, which every build of Node decodes.
    const little = bom === 0xfffe ? bytes : Buffer.from(bytes).swap16();
    if (bytes.length % 2 === 0) return new TextDecoder('utf-16le').decode(little);
    throw new UsageError(`${file}: starts as UTF-16 but has an odd number of bytes`, 'save it as UTF-8');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const before = bytes.subarray(0, firstNonUtf8(bytes)).toString('utf8').split('\n');
    throw new UsageError(
      `${file}:${before.length}:${before[before.length - 1]!.length + 1}: not UTF-8 text (saved as "ANSI", ` +
        'which is GBK on a Chinese PC?)',
      'save it as UTF-8 (Notepad: File > Save as, Encoding: UTF-8)',
    );
  }
}

/** Where the first byte that starts no well-formed UTF-8 sequence is (RFC 3629's table of valid sequences). */
function firstNonUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    // The second byte's range narrows for E0 (no overlong), ED (no surrogate), F0 (no overlong) and F4 (≤ U+10FFFF).
    const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    if (length === 0 || i + length > bytes.length || bytes[i + 1]! < low || bytes[i + 1]! > high) return i;
    for (let k = 2; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += length;
  }
  return 0;
}

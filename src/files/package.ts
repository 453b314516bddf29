import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getAsset, isSea } from 'node:sea';
import { fileURLToPath } from 'node:url';
import type { LoadedProfile, LoadedRule } from '../engine/load.js';
import { ScanFailedError } from '../errors.js';

// shop-audit's own files (src/files/), never the audited PC's (that is src/host/): here, what ships
// in the package — the bundled rules' snapshot, the pack's templates and the version.

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
    throw new ScanFailedError(
      `the bundled rules are missing (${BUNDLED_SNAPSHOT})`,
      'this copy of shop-audit is not built: run npm run build',
    );
  }
  const set = JSON.parse(text) as { rules: LoadedRule[]; profiles: LoadedProfile[] };
  // In the executable the names stay as in the package ("rules/screen-lock.yaml"): there is no folder to point at.
  const located = <T extends { file: string }>(x: T) =>
    IN_EXECUTABLE ? x : { ...x, file: path.join(PACKAGE_ROOT, x.file) };
  return { rules: set.rules.map(located), profiles: set.profiles.map(located) };
}

/** The rectification pack's paperwork templates (templates/pack.yaml), as text. */
export function readPackTemplates(): string {
  return readPackageFile('templates/pack.yaml');
}

export function packageVersion(): string {
  return (JSON.parse(readPackageFile('package.json')) as { version: string }).version;
}

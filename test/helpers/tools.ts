import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it, type TestFunction } from 'vitest';

// Tests that run a real external program (testparm, sshd, Chromium, Wine, …) go through needsTool.
// When the program is missing they are skipped with a line naming the Debian package to install;
// under CI=true (where .ci/run installs every package) a missing program fails the run instead,
// naming it, so a broken CI image cannot pass by skipping.

type Suite = (name: string, body: () => void) => void;
type Test = (name: string, body: TestFunction, timeout?: number) => void;

export interface Tool {
  /** Whether the program is there. */
  readonly present: boolean;
  /** Why it is missing, with the package to install; null when present. */
  readonly missing: string | null;
  /** describe(), skipped (or failing under CI=true) when the program is missing. */
  readonly describe: Suite;
  /** it(), skipped (or failing under CI=true) when the program is missing. */
  readonly it: Test;
}

const SEARCH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

function runnable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A name is a program looked up in PATH and the usual bin folders; an absolute path is any file (a font, a schema). */
function present(tool: string): boolean {
  if (path.isAbsolute(tool)) return existsSync(tool);
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...SEARCH];
  return dirs.some((dir) => runnable(path.join(dir, tool)));
}

/**
 * What a test needs from this machine: program or file -> the Debian package that has it, and with `root`
 * to run as root (namespaces, other users' files; .ci/run runs as root). Tests that need it use the
 * returned describe/it. SHOP_AUDIT_HIDE_TOOLS (comma-separated names) makes tools count as missing, to see
 * the skip and the CI failure without uninstalling anything.
 */
export function needs(tools: Record<string, string>, options: { root?: boolean } = {}): Tool {
  const hidden = (process.env.SHOP_AUDIT_HIDE_TOOLS ?? '').split(',');
  const absent = Object.entries(tools).filter(([tool]) => hidden.includes(path.basename(tool)) || !present(tool));
  const reasons = absent.map(([tool, pkg]) => `${tool} is not installed (apt-get install ${pkg})`);
  if (options.root && process.getuid?.() !== 0) reasons.unshift('root (run the tests with sudo)');
  if (reasons.length === 0) return { present: true, missing: null, describe, it };
  const missing = reasons.join('; ');
  if (process.env.CI === 'true') {
    const fail = () => {
      throw new Error(`${missing}: under CI=true (.ci/run, as root) every test must be able to run`);
    };
    return {
      present: false,
      missing,
      describe: (name) => describe(name, () => it(`needs: ${missing}`, fail)),
      it: (name) => it(name, fail),
    };
  }
  console.warn(`SKIPPED: ${missing}`);
  return {
    present: false,
    missing,
    describe: (name, body) => describe.skip(`${name} [skipped: ${missing}]`, body),
    it: (name, body, timeout) => it.skip(`${name} [skipped: ${missing}]`, body, timeout),
  };
}

/** The program (or file) `tool` from Debian package `pkg`; see needs(). */
export const needsTool = (tool: string, pkg: string): Tool => needs({ [tool]: pkg });

/** Root, and the programs in `tools` (see needs()). */
export const needsRoot = (tools: Record<string, string> = {}): Tool => needs(tools, { root: true });

/** The words that mark a test skipped because it cannot apply to this machine (not a missing tool). */
export const NOT_APPLICABLE = '[not applicable here:';

/** it(), skipped with `why` in its name: for a scenario this machine's layout does not allow. */
export const notApplicable =
  (why: string): Test =>
  (name, body, timeout) =>
    it.skip(`${name} ${NOT_APPLICABLE} ${why}]`, body, timeout);

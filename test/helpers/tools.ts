import { accessSync, constants } from 'node:fs';
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

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Whether `tool` (an absolute path, or a name looked up in PATH and the usual bin folders) can run. */
function findTool(tool: string): boolean {
  if (path.isAbsolute(tool)) return executable(tool);
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...SEARCH];
  return dirs.some((dir) => executable(path.join(dir, tool)));
}

/**
 * The program `tool` from Debian package `pkg`. Tests that need it use the returned describe/it.
 * SHOP_AUDIT_HIDE_TOOLS (comma-separated names) makes tools count as missing, to see this work.
 */
export function needsTool(tool: string, pkg: string): Tool {
  const hidden = (process.env.SHOP_AUDIT_HIDE_TOOLS ?? '').split(',').includes(path.basename(tool));
  if (!hidden && findTool(tool)) return { present: true, missing: null, describe, it };
  const missing = `${tool} is not installed (apt-get install ${pkg})`;
  if (process.env.CI === 'true') {
    const fail = () => {
      throw new Error(`${missing}: under CI=true every tool the tests need must be installed`);
    };
    return {
      present: false,
      missing,
      describe: (name) => describe(name, () => it(`needs ${tool}`, fail)),
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

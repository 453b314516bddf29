import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO } from './host.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (bin/shop-audit.js → dist/) as a user would, without a terminal. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliRun {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'shop-audit.js'), ...args], {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: '1', LANG: 'C.UTF-8', LC_ALL: '', ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A stack trace in output means an error escaped as a crash instead of a message. */
export const STACK_TRACE = /\n\s+at .+\(.+:\d+:\d+\)/;

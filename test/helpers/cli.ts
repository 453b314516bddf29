import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { REPO } from './host.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment a test's CLI run gets: no colours, messages in English unless a test says otherwise. */
const CLI_ENV = { NO_COLOR: '1', LANG: 'C.UTF-8', LC_ALL: '' };

/** Runs the built CLI (bin/shop-audit.js → dist/) as a user would, without a terminal. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliRun {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'shop-audit.js'), ...args], {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, ...CLI_ENV, ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs the CLI's `main` (what bin/shop-audit.js calls, from src/) in this process: for what a command
 * says and the exit code it returns, where the process itself is not under test. A program start costs
 * more than most commands; tests of exit codes as the shell sees them, output flushing and signals use
 * runCli. Standard output and error are captured, the environment, exit code and listeners restored.
 */
export async function runMain(
  args: readonly string[],
  options: { env?: Record<string, string> } = {},
): Promise<CliRun> {
  const saved = Object.fromEntries(Object.keys({ ...CLI_ENV, ...options.env }).map((k) => [k, process.env[k]]));
  Object.assign(process.env, CLI_ENV, options.env);
  const { exitCode } = process;
  const errorListeners = process.stdout.listeners('error');
  const captured = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      captured[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    });
  const spies = [capture('stdout'), capture('stderr')];
  try {
    const code = await main(args);
    return { code, ...captured };
  } finally {
    for (const spy of spies) spy.mockRestore();
    for (const listener of process.stdout.listeners('error'))
      if (!errorListeners.includes(listener)) process.stdout.off('error', listener as () => void);
    process.exitCode = exitCode;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** A stack trace in output means an error escaped as a crash instead of a message. */
export const STACK_TRACE = /\n\s+at .+\(.+:\d+:\d+\)/;

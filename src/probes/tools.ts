import type { CommandArg, ExecResult, Host } from '../host/types.js';

/**
 * Runs the first of several absolute paths where a tool may live (`/usr/sbin/sshd`, `/usr/bin/sshd`).
 * Only a missing executable moves on to the next path; every other outcome is the answer.
 */
export async function runFirstFound(host: Host, paths: readonly string[], args: readonly CommandArg[]): Promise<{ path: string | null; result: ExecResult }> {
  for (const path of paths) {
    const result = await host.exec(path, args);
    if (result.status !== 'missing') return { path, result };
  }
  return { path: null, result: { status: 'missing' } };
}

/** The first of several paths that exists (file, folder or link), or null. */
export async function firstExisting(host: Host, paths: readonly string[]): Promise<string | null> {
  for (const path of paths) {
    if ((await host.stat(path)).status === 'ok') return path;
  }
  return null;
}

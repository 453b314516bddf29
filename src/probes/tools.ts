import { createHash } from 'node:crypto';
import {
  describeFailure,
  type CommandArg,
  type DirResult,
  type ExecOptions,
  type ExecResult,
  type FileResult,
  type Host,
  type StatResult,
} from '../host/types.js';
import { REASON } from './types.js';

/**
 * Runs the first of several absolute paths where a tool may live (`/usr/sbin/sshd`, `/usr/bin/sshd`).
 * Only a missing executable moves on to the next path; every other outcome is the answer.
 */
export async function runFirstFound(
  host: Host,
  paths: readonly string[],
  args: readonly CommandArg[],
  options?: ExecOptions,
): Promise<{ path: string | null; result: ExecResult }> {
  for (const path of paths) {
    const result = await host.exec(path, args, options);
    if (result.status !== 'missing') return { path, result };
  }
  return { path: null, result: { status: 'missing' } };
}

/** A value made the first time it is asked for: a table only another OS's scan uses costs no start-up time. */
export function onFirstUse<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

/** The first of several paths that exists (file, folder or link), or null. */
export async function firstExisting(host: Host, paths: readonly string[]): Promise<string | null> {
  for (const path of paths) {
    if ((await host.stat(path)).status === 'ok') return path;
  }
  return null;
}

/** Reads files in order; a missing file is simply not there (nothing configured by it), any other failure is listed. */
export async function readFiles(
  host: Host,
  paths: readonly string[],
): Promise<{ files: { path: string; text: string }[]; failures: string[] }> {
  const results = await Promise.all(paths.map(async (path) => ({ path, result: await host.readFile(path) })));
  const files: { path: string; text: string }[] = [];
  const failures: string[] = [];
  for (const { path, result } of results) {
    if (result.status === 'ok') files.push({ path, text: result.text });
    else if (result.status !== 'missing') failures.push(`${path} (${describeFailure(result)})`);
  }
  return { files, failures };
}

/** Why a file or folder could not be read: "needs root" when a non-root scan was refused. */
export function unreadable(
  host: Host,
  path: string,
  r: Exclude<FileResult | DirResult | StatResult, { status: 'ok' }>,
): string {
  return r.status === 'denied' && !host.elevated ? REASON.needsRoot : `${path}: ${describeFailure(r)}`;
}

/**
 * Reads a small file that users may have planted (a desktop entry in their home, read by root's scan): one
 * larger than `maxBytes` (a link's target too, checked first) is not read. Hundreds of sparse files of
 * megabytes cost a user nothing; read through, they cost the scan many seconds.
 */
export async function readSmallFile(host: Host, path: string, maxBytes: number): Promise<FileResult> {
  const st = await host.stat(path);
  const target =
    st.status === 'ok' && st.kind === 'symlink' && st.linkTarget
      ? await host.stat(
          st.linkTarget.startsWith('/') ? st.linkTarget : `${path.slice(0, path.lastIndexOf('/'))}/${st.linkTarget}`,
        )
      : st;
  if (target.status === 'ok' && target.kind === 'file' && target.size > maxBytes)
    return { status: 'failed', message: `larger than ${Math.round(maxBytes / 1024)} KB: not read` };
  return host.readFile(path);
}

/** Under sudo the per-user settings read would be root's own, not those of the person at the screen. */
export const underSudo = (host: Host) => host.elevated && Boolean(host.env('SUDO_USER'));

/**
 * The machine identity (/etc/machine-id, Windows MachineGuid, macOS IOPlatformUUID) as a one-way
 * hash: enough to tell two reports of the same PC apart from others, and never the identity itself.
 * An empty or all-zero identity (an unconfigured image) names no PC: null.
 */
export function hashMachineId(raw: string): string | null {
  const id = raw.trim().toLowerCase();
  if (!/[1-9a-f]/.test(id.replace(/^hashed:/, ''))) return null;
  // A bundle keeps only the hashed form (see the system probe's redact); hashing it again gives the same id.
  if (id.startsWith('hashed:')) return id.slice('hashed:'.length);
  return createHash('sha256').update(`shop-audit machine ${id}`).digest('hex').slice(0, 24);
}

import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { UnsupportedPlatformError } from '../errors.js';
import type { CommandArg, DirResult, ExecResult, FileResult, Host, HostUser, OsName, StatResult } from './types.js';

export interface LiveHostOptions {
  /** Kill a command after this many milliseconds (default 5000). */
  timeoutMs?: number;
  /** Keep at most this many bytes of each output stream or file (default 4 MiB). */
  outputCapBytes?: number;
  /** Read files and pass file arguments under this folder instead of `/` (tests). */
  root?: string;
  /** Tests pretend to be another user or another privilege level; a real scan never sets these. */
  elevated?: boolean;
  user?: HostUser;
  env?: Record<string, string | undefined>;
}

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_CAP_BYTES = 4 * 1024 * 1024;
// Children get a fixed system PATH: a user-writable folder (or the USB stick) must never supply a tool.
const UNIX_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function currentOs(): OsName | null {
  switch (process.platform) {
    case 'linux':
      return 'linux';
    case 'darwin':
      return 'macos';
    case 'win32':
      return 'windows';
    default:
      return null;
  }
}

export async function createLiveHost(options: LiveHostOptions = {}): Promise<Host> {
  const os = currentOs();
  if (!os) throw new UnsupportedPlatformError(process.platform);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cap = options.outputCapBytes ?? DEFAULT_CAP_BYTES;
  const root = options.root ?? null;
  const env = options.env ?? process.env;
  const onDisk = (p: string) => (root ? path.join(root, p) : p);

  const exec = async (command: string, args: readonly CommandArg[], extra?: { env?: Record<string, string> }): Promise<ExecResult> => {
    if (!path.isAbsolute(command) && !path.win32.isAbsolute(command)) {
      // A programming error, not a condition of the PC: tools are always named by absolute path.
      throw new Error(`refusing to run "${command}": commands must be given by absolute path`);
    }
    const argv = args.map((a) => (typeof a === 'string' ? a : onDisk(a.path)));
    const childEnv: Record<string, string> =
      os === 'windows' ? { ...extra?.env } : { PATH: UNIX_PATH, LC_ALL: 'C', LANG: 'C', ...extra?.env };
    try {
      const r = await execa(command, argv, {
        reject: false,
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        forceKillAfterDelay: false,
        maxBuffer: cap,
        stdin: 'ignore',
        extendEnv: os === 'windows',
        env: childEnv,
        windowsHide: true,
        stripFinalNewline: false,
      });
      if (r.timedOut) return { status: 'timeout' };
      const code = (r as { code?: string }).code;
      if (code === 'ENOENT') return { status: 'missing' };
      if (r.failed && r.exitCode === undefined && !r.isMaxBuffer) {
        return { status: 'failed', message: code ?? r.signal ?? r.shortMessage ?? 'could not be started' };
      }
      const result: ExecResult = { status: 'exited', exitCode: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
      if (r.isMaxBuffer) result.truncated = true;
      return result;
    } catch (error) {
      return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
  };

  const host: Host = {
    os,
    elevated: options.elevated ?? (await detectElevation(os, exec)),
    user: options.user ?? currentUser(),
    exec,
    readFile: async (p) => {
      try {
        const buf = await readFile(onDisk(p));
        const text = buf.subarray(0, cap).toString('utf8');
        return buf.length > cap ? { status: 'ok', text, truncated: true } : { status: 'ok', text };
      } catch (error) {
        return fsFailure(error);
      }
    },
    listDir: async (p): Promise<DirResult> => {
      try {
        return { status: 'ok', entries: (await readdir(onDisk(p))).sort() };
      } catch (error) {
        return fsFailure(error);
      }
    },
    stat: async (p): Promise<StatResult> => {
      try {
        const s = await lstat(onDisk(p));
        const kind = s.isSymbolicLink() ? 'symlink' : s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'other';
        const result: StatResult = { status: 'ok', kind, size: s.size, mtimeMs: Math.round(s.mtimeMs), mode: s.mode };
        if (kind === 'symlink') result.linkTarget = await readlink(onDisk(p));
        return result;
      } catch (error) {
        return fsFailure(error);
      }
    },
    env: (name) => env[name],
  };
  return host;
}

function fsFailure(error: unknown): Exclude<FileResult, { status: 'ok' }> {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'missing' };
  if (code === 'EACCES' || code === 'EPERM') return { status: 'denied' };
  return { status: 'failed', message: code ?? String(error) };
}

function currentUser(): HostUser {
  try {
    const u = userInfo();
    return { name: u.username, uid: u.uid >= 0 ? u.uid : null, home: u.homedir || null };
  } catch {
    return { name: process.env.USER ?? process.env.USERNAME ?? 'unknown', uid: null, home: null };
  }
}

async function detectElevation(os: OsName, exec: Host['exec']): Promise<boolean> {
  if (os !== 'windows') return process.getuid?.() === 0;
  // fltmc.exe lists filter drivers and succeeds only with an elevated token; it prints nothing secret.
  const systemRoot = process.env.SystemRoot ?? 'C:\\Windows';
  const r = await exec(path.win32.join(systemRoot, 'System32', 'fltmc.exe'), []);
  return r.status === 'exited' && r.exitCode === 0;
}

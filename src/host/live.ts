import { lstat, readlink } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { UnsupportedPlatformError } from '../errors.js';
import { consoleDecoder } from './oem-code-pages.js';
import {
  boundedRunner,
  isProcfs,
  listFolder,
  readProcFile,
  readRegularFile,
  UnreadableFileError,
} from './bounded-read.js';
import { readFileRange, walkTree } from './tree.js';
import type {
  CommandArg,
  DirResult,
  ExecOptions,
  ExecResult,
  FileResult,
  Host,
  HostUser,
  OsName,
  StatResult,
} from './types.js';

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
// A folder with more names than this is no configuration folder (it may be planted): not listed.
export const MAX_DIR_ENTRIES = 10_000;
// File reads at once: the thread pool that does them has four threads, and a hung one must not take them all.
const READ_CONCURRENCY = 3;
// Children get a fixed system PATH: a user-writable folder (or the USB stick) must never supply a tool.
const UNIX_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
// The /proc files read straight from the kernel (readProcFile): a process's name, sysctls, the kernel's command
// line, swaps and mounts. Not the network tables (/proc/net/tcp walks the kernel's whole connection hash table:
// ~10 ms on this 24 GB machine, better spent on a pool thread), nor a process's cmdline or environ: those wait
// for its memory lock, which a process stuck on a hung disk holds.
const PROC_FILE = /^\/proc\/(\d+\/comm|self\/mountinfo|sys(\/[\w-]+)+|cmdline|swaps)$/;

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
  const bounded = boundedRunner(READ_CONCURRENCY, timeoutMs);
  const readTimedOut = () => ({ status: 'failed', message: 'reading timed out' }) as const;
  // Only the kernel's own /proc: a test's folder, or another file system mounted over /proc, is read with care.
  const procIsKernel = os === 'linux' && isProcfs(onDisk('/proc'));
  const readText = (bytes: Buffer): FileResult => ({ status: 'ok', text: bytes.toString('utf8') });

  const exec = async (command: string, args: readonly CommandArg[], extra?: ExecOptions): Promise<ExecResult> => {
    if (!path.isAbsolute(command) && !path.win32.isAbsolute(command)) {
      // A programming error, not a condition of the PC: tools are always named by absolute path.
      throw new Error(`refusing to run "${command}": commands must be given by absolute path`);
    }
    const argv = args.map((a) => (typeof a === 'string' ? a : onDisk(a.path)));
    const childEnv = withEnv(
      os === 'windows' ? { ...process.env } : { PATH: UNIX_PATH, LC_ALL: 'C', LANG: 'C' },
      extra?.env ?? {},
      os === 'windows',
    );
    return runCommand(command, argv, childEnv, extra?.timeoutMs ?? timeoutMs, cap, extra, extra?.encoding);
  };

  const host: Host = {
    os,
    elevated: options.elevated ?? (await detectElevation(os, exec)),
    user: options.user ?? currentUser(),
    exec,
    readFile: async (p) => {
      if (procIsKernel && PROC_FILE.test(p)) {
        try {
          return readText(readProcFile(onDisk(p), cap));
        } catch (error) {
          return fsFailure(error);
        }
      }
      return bounded<FileResult>(async () => {
        try {
          // A file cut short cannot be parsed reliably, so an oversized one is a failure, not a partial answer.
          return readText(await readRegularFile(onDisk(p), cap));
        } catch (error) {
          return fsFailure(error);
        }
      }, readTimedOut);
    },
    listDir: (p) =>
      bounded<DirResult>(async () => {
        try {
          return { status: 'ok', entries: await listFolder(onDisk(p), MAX_DIR_ENTRIES) };
        } catch (error) {
          return fsFailure(error);
        }
      }, readTimedOut),
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
    walk: (p, walkOptions) =>
      walkTree(onDisk(p), walkOptions, (found) => (root ? path.join('/', path.relative(root, found)) : found)),
    readRange: (p, offset, length, into) => readFileRange(onDisk(p), offset, length, into),
    derive: (_key, compute) => compute(),
  };
  return host;
}

/** The child's environment: `changes` set or (null) remove variables; Windows names them without regard to case. */
function withEnv(
  base: NodeJS.ProcessEnv,
  changes: Record<string, string | null>,
  caseless: boolean,
): NodeJS.ProcessEnv {
  const env = { ...base };
  for (const [name, value] of Object.entries(changes)) {
    for (const key of Object.keys(env))
      if (key === name || (caseless && key.toLowerCase() === name.toLowerCase())) delete env[key];
    if (value !== null) env[name] = value;
  }
  return env;
}

function fsFailure(error: unknown): Exclude<FileResult, { status: 'ok' }> {
  if (error instanceof UnreadableFileError) return { status: 'failed', message: error.message };
  const code = (error as NodeJS.ErrnoException).code;
  // ESRCH: a /proc/PID file of a process that ended while we read it — gone, like a missing file.
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ESRCH') return { status: 'missing' };
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

/**
 * Runs one program: no shell, stdin closed, output kept up to `cap` bytes per stream. A command
 * still running at the timeout is killed (SIGKILL: a hung tool may ignore politer signals) and
 * the answer is given at once, even if a grandchild still holds its output open.
 */
function runCommand(
  command: string,
  argv: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  cap: number,
  options: Pick<ExecOptions, 'input' | 'onStdout'> | undefined,
  encoding = 'utf-8',
): Promise<ExecResult> {
  const input = options?.input;
  const decode = consoleDecoder(encoding);
  if (!decode) return Promise.resolve({ status: 'failed', message: `this build of Node cannot decode ${encoding}` });
  const text = (chunks: Buffer[]) => decode(Buffer.concat(chunks));
  return new Promise((resolve) => {
    let settled = false;
    let child: ReturnType<typeof spawn>;
    // Declared before finish can run: a spawn that throws (an argument Node refuses; seen on Windows under load)
    // finishes before any timer is set.
    let timer: NodeJS.Timeout | undefined;
    let grace: NodeJS.Timeout | undefined;
    const finish = (result: ExecResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      // Whatever the child left behind (a grandchild holding its output, a daemon it started) goes with it.
      killGroup(child);
      resolve(result);
    };
    try {
      // Unix: its own process group, so a timeout kills the grandchildren too.
      child = spawn(command, argv, {
        env,
        stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        shell: false,
        windowsHide: true,
        detached: OWN_GROUP,
      });
    } catch (error) {
      return finish(spawnFailure(error));
    }
    if (OWN_GROUP && child.pid !== undefined) liveGroups.add(child.pid);
    // What it printed before the kill: a tool that streams its answers line by line keeps them.
    timer = setTimeout(() => {
      const printed = text(streams.stdout);
      finish(printed ? { status: 'timeout', stdout: printed } : { status: 'timeout' });
    }, timeoutMs);
    // Progress only: each piece as it comes, decoded as UTF-8 (shop-audit's own script writes UTF-8).
    const live = new TextDecoder('utf-8', { ignoreBOM: true });
    if (input !== undefined) {
      // A tool that exits without reading all of its input must not crash the scan (EPIPE).
      child.stdin!.on('error', () => {});
      child.stdin!.end(input);
    }
    const streams = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    const sizes = { stdout: 0, stderr: 0 };
    for (const name of ['stdout', 'stderr'] as const) {
      child[name]!.on('data', (chunk: Buffer) => {
        sizes[name] += chunk.length;
        // Output cut short cannot be parsed reliably: stop the tool and say why.
        if (sizes[name] > cap) finish({ status: 'failed', message: `output larger than ${cap} bytes` });
        else {
          streams[name].push(chunk);
          if (name === 'stdout') options?.onStdout?.(live.decode(chunk, { stream: true }));
        }
      });
    }
    const exited = (code: number | null, signal: NodeJS.Signals | null) => {
      if (code === null) return finish({ status: 'failed', message: `killed by ${signal ?? 'a signal'}` });
      finish({ status: 'exited', exitCode: code, stdout: text(streams.stdout), stderr: text(streams.stderr) });
    };
    child.on('error', (error) => finish(spawnFailure(error)));
    child.on('close', exited);
    // The tool has exited but its output is still open: a grandchild holds it (`sh -c 'sleep 100 &'`).
    // What was written so far is its answer; the grandchild is killed with the group.
    child.on('exit', (code, signal) => {
      if (!settled) grace = setTimeout(() => exited(code, signal), EXIT_GRACE_MS);
    });
  });
}

// Unix children run in their own process group; Windows has no groups to kill this way.
const OWN_GROUP = process.platform !== 'win32';
// How long output may still arrive after a tool exits (it is normally all there already).
const EXIT_GRACE_MS = 200;
const liveGroups = new Set<number>();

function killGroup(child: ReturnType<typeof spawn> | undefined): void {
  if (!child) return;
  child.stdout?.destroy();
  child.stderr?.destroy();
  child.stdin?.destroy();
  const pid = child.pid;
  if (OWN_GROUP && pid !== undefined && liveGroups.delete(pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // ESRCH: the whole group has already ended.
    }
  } else if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
  }
}

function killLiveGroups(): void {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

// A scan that ends (or is ended) never leaves a tool of its own running. Node dies of Ctrl-C, a scheduler's
// SIGTERM or a closed terminal without its 'exit' event, and the tools, each in a group of its own, ran on: they
// are ended first, then the signal ends shop-audit as it would have (exit 130, 143, 129), nothing written.
// Windows has no groups (a tool there gets the console's Ctrl-C itself), and process.kill cannot raise SIGHUP.
process.on('exit', killLiveGroups);
for (const signal of OWN_GROUP ? (['SIGINT', 'SIGTERM', 'SIGHUP'] as const) : [])
  process.once(signal, () => {
    killLiveGroups();
    process.kill(process.pid, signal);
  });

function spawnFailure(error: unknown): ExecResult {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { status: 'missing' };
  if (code === 'EACCES') return { status: 'failed', message: 'permission denied' };
  return { status: 'failed', message: code ?? (error as Error).message };
}

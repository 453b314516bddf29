// The Host is the only door to the operating system. Probes ask it to run a command or read a
// file and get plain values back; the live host does it for real, the replay host answers from
// a recorded bundle, so every probe runs the same way on a real PC, in tests and from --replay.

export type OsName = 'linux' | 'macos' | 'windows';

/** A file path passed to a command. The host maps it under its root (tests use a temporary root). */
export interface PathArg {
  readonly path: string;
}
export type CommandArg = string | PathArg;

export type ExecResult =
  /** The command ran and exited (any exit code). */
  | { status: 'exited'; exitCode: number; stdout: string; stderr: string }
  /** No executable at that path. */
  | { status: 'missing' }
  /** Killed after the per-command timeout; `stdout` holds what it had written by then (a streamed answer keeps its lines). */
  | { status: 'timeout'; stdout?: string }
  /** Could not be started, was killed by a signal, or printed more than the output cap. */
  | { status: 'failed'; message: string };

export type FileResult =
  | { status: 'ok'; text: string }
  | { status: 'missing' }
  | { status: 'denied' }
  | { status: 'failed'; message: string };

export type DirResult =
  | { status: 'ok'; entries: string[] }
  | { status: 'missing' }
  | { status: 'denied' }
  | { status: 'failed'; message: string };

export type StatResult =
  | { status: 'ok'; kind: 'file' | 'dir' | 'symlink' | 'other'; size: number; mtimeMs: number; mode: number; linkTarget?: string }
  | { status: 'missing' }
  | { status: 'denied' }
  | { status: 'failed'; message: string };

export interface ExecOptions {
  /** Variables to set for the child; null removes one it would inherit (Windows: whatever its case). */
  env?: Record<string, string | null>;
  /** Kill the command after this many milliseconds instead of the host's per-command timeout. */
  timeoutMs?: number;
  /** Called with each piece of standard output as it arrives (progress of a long command). */
  onStdout?: (text: string) => void;
  input?: string;
  /**
   * The encoding the program writes its output in, as a TextDecoder label or ibm437 / ibm850 / ibm852
   * (decoded by oem-code-pages.ts; TextDecoder has no DOS code pages but 866) (default utf-8): Windows
   * console tools write redirected output in the OEM code page, e.g. gbk on Chinese Windows. Output
   * that is valid UTF-8 is still read as UTF-8 (a console switched to it with chcp 65001).
   */
  encoding?: string;
}

export interface HostUser {
  /** Login name of the account the scan runs as. */
  readonly name: string;
  readonly uid: number | null;
  readonly home: string | null;
}

export interface Host {
  readonly os: OsName;
  /** root on Unix, an elevated administrator token on Windows. */
  readonly elevated: boolean;
  readonly user: HostUser;
  /**
   * Run a program by absolute path. Never throws; every outcome is a value. `input` is written to
   * its standard input (e.g. a PowerShell script, so no file is written and the command line
   * shows what runs); it is shop-audit's own text, so bundles key commands by path and arguments.
   */
  exec(command: string, args: readonly CommandArg[], options?: ExecOptions): Promise<ExecResult>;
  readFile(path: string): Promise<FileResult>;
  listDir(path: string): Promise<DirResult>;
  /** lstat: a symlink is reported as such, with its target. */
  stat(path: string): Promise<StatResult>;
  /** An environment variable of the scan's process (e.g. SUDO_USER), recorded in bundles. */
  env(name: string): string | undefined;
}

/** Why a host call gave no usable answer, in words a technician understands. */
export function describeFailure(result: Exclude<ExecResult | FileResult | DirResult | StatResult, { status: 'ok' | 'exited' }>): string {
  switch (result.status) {
    case 'missing':
      return 'not found';
    case 'timeout':
      return 'command timed out';
    case 'denied':
      return 'permission denied';
    case 'failed':
      return result.message;
  }
}

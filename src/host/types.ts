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
  /**
   * Killed after the per-command timeout; `stdout` holds what it had written by then (a streamed answer keeps
   * its lines).
   */
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
  | {
      status: 'ok';
      kind: 'file' | 'dir' | 'symlink' | 'other';
      size: number;
      mtimeMs: number;
      mode: number;
      linkTarget?: string;
    }
  | { status: 'missing' }
  | { status: 'denied' }
  | { status: 'failed'; message: string };

export type BytesResult =
  /** `bytes` holds at most the length asked for; `size` is the whole file's. */
  | { status: 'ok'; bytes: Uint8Array; size: number }
  | { status: 'missing' }
  | { status: 'denied' }
  | { status: 'failed'; message: string };

export interface WalkOptions {
  /** Only files whose lower-cased names end in one of these are listed (the rest are counted). */
  readonly extensions: readonly string[];
  /** Folders deeper than this under the root are not entered (counted as truncated). */
  readonly maxDepth: number;
  /** List at most this many files (then truncated). */
  readonly maxFiles: number;
  /** Stop listing at this time (Date.now() milliseconds): a slow disk or a huge tree cannot outlast the budget. */
  readonly deadline?: number;
}

export type WalkResult =
  | {
      status: 'ok';
      files: { path: string; size: number; mtimeMs: number }[];
      /** Regular files with other names. */
      otherFiles: number;
      /** Symbolic links and junctions: never followed. */
      links: number;
      /** FIFOs, sockets, devices: never opened. */
      special: number;
      /** Folders or files that could not be read, with why. */
      unreadable: string[];
      /** A limit (depth or count) left part of the tree unlisted. */
      truncated: boolean;
      /** Stopped at `deadline` with folders not yet listed (truncated is true too). */
      outOfTime: boolean;
    }
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

/**
 * The encodings (ExecOptions.encoding) of the OEM code pages the host can decode, by code page number
 * (TextDecoder's, and the DOS pages of oem-code-pages.ts); output in others is read as UTF-8.
 */
export const CODE_PAGE_ENCODINGS: Record<string, string> = {
  '936': 'gbk',
  '950': 'big5',
  '932': 'shift_jis',
  '949': 'euc-kr',
  '866': 'ibm866',
  '437': 'ibm437',
  '850': 'ibm850',
  '852': 'ibm852',
  '65001': 'utf-8',
};

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
  /**
   * The regular files of a folder tree, never following a link out of it. Not recorded in bundles:
   * what is read from a user's documents reaches a bundle only as a derived result (see `derive`).
   */
  walk(root: string, options: WalkOptions): Promise<WalkResult>;
  /**
   * Bytes of a regular file (no link, FIFO or device is opened). Never recorded in bundles. `into`, a
   * buffer of at least `length` bytes, may be read into (the bytes returned are then a view of it):
   * a caller reading many files reuses one buffer instead of leaving one for the collector each read.
   */
  readRange(path: string, offset: number, length: number, into?: Uint8Array): Promise<BytesResult>;
  /**
   * A result computed from reads that must not leave the PC (personal data) or are too large for a
   * bundle (apt's package lists). The live host computes it; a recording host keeps only the result
   * under `key`; a replay host answers with the kept result.
   */
  derive<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

/** Why a host call gave no usable answer, in words a technician understands. */
export function describeFailure(
  result: Exclude<
    ExecResult | FileResult | DirResult | StatResult | BytesResult | WalkResult,
    { status: 'ok' | 'exited' }
  >,
): string {
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

/** What a --record bundle keeps of a password hash (a replayed shadow file shows it to probes). */
export const REDACTED_HASH = 'REDACTED';

/**
 * The password field of /etc/shadow or /etc/passwd as a bundle keeps it: what tells whether there is a
 * password stays (empty, `x`, the `!` or `*` in front that locks it); a hash becomes REDACTED.
 */
export function maskPasswordField(field: string): string {
  if (field === '' || field === 'x') return field;
  const prefix = /^[!*]*/u.exec(field)?.[0] ?? '';
  return prefix.length === field.length ? field : `${prefix}${REDACTED_HASH}`;
}

import type {
  BytesResult,
  CommandArg,
  DirResult,
  ExecResult,
  FileResult,
  Host,
  StatResult,
  WalkResult,
} from './types.js';

// --debug: wraps any host (live or replay) and writes one line per call the scan makes — each
// command with its arguments, each file read, folder listed or path looked at — with how long it
// took and how it ended. Only shop-audit's own words and the sizes of what came back are written,
// never the output or file contents, which can hold secrets; nor the names of the files in a
// user's documents (walk, readRange), which can hold a customer's identifier.

type Outcome = ExecResult | FileResult | DirResult | StatResult | BytesResult | WalkResult;

function outcome(result: Outcome): string {
  switch (result.status) {
    case 'exited':
      return `exit ${result.exitCode}, ${result.stdout.length} + ${result.stderr.length} characters out`;
    case 'ok':
      if ('text' in result) return `${result.text.length} characters`;
      if ('entries' in result) return `${result.entries.length} entries`;
      if ('bytes' in result) return `${result.bytes.length} bytes`;
      if ('files' in result) {
        const stopped = result.outOfTime
          ? ', stopped at the time budget'
          : result.truncated
            ? ', stopped at a limit'
            : '';
        return `${result.files.length} files${stopped}`;
      }
      return result.kind;
    case 'failed':
      return `failed: ${result.message}`;
    default:
      return result.status;
  }
}

const shown = (args: readonly CommandArg[]) => args.map((a) => (typeof a === 'string' ? a : a.path)).join(' ');

/** The same host, writing each call and its time to `write` (the CLI gives it standard error). */
export function withDebugLog(host: Host, write: (line: string) => void): Host {
  const timed = async <R extends Outcome>(what: string, call: () => Promise<R>): Promise<R> => {
    const started = process.hrtime.bigint();
    const result = await call();
    write(`debug: ${elapsedMs(started).padStart(5)} ms  ${what} -> ${outcome(result)}`);
    return result;
  };
  return {
    os: host.os,
    elevated: host.elevated,
    user: host.user,
    exec: (command, args, options) => {
      const input = options?.input === undefined ? '' : ` (script of ${options.input.length} characters on stdin)`;
      const line = [command, ...(args.length > 0 ? [shown(args)] : [])].join(' ');
      return timed(`run ${line}${input}`, () => host.exec(command, args, options));
    },
    readFile: (path) => timed(`read ${path}`, () => host.readFile(path)),
    listDir: (path) => timed(`list ${path}`, () => host.listDir(path)),
    stat: (path) => timed(`stat ${path}`, () => host.stat(path)),
    env: (name) => host.env(name),
    walk: (root, options) => timed(`walk ${root}`, () => host.walk(root, options)),
    readRange: (path, offset, length, into) =>
      timed(`read ${length} bytes of a file found by walk`, () => host.readRange(path, offset, length, into)),
    derive: async (key, compute) => {
      const started = process.hrtime.bigint();
      const result = await host.derive(key, compute);
      write(`debug: ${elapsedMs(started).padStart(5)} ms  derive ${key}`);
      return result;
    },
  };
}

/** Whole milliseconds since `started` (process.hrtime: `performance` would load ten of Node's modules). */
const elapsedMs = (started: bigint) => String((process.hrtime.bigint() - started) / 1_000_000n);

import { spawnSync } from 'node:child_process';

/**
 * Runs a real system tool (getent, pamtester, su) in a private mount namespace where each
 * `binds` target (a file or folder of this machine, e.g. /etc/shadow) is replaced by a bind mount of
 * the given source: the tool reads the test's files through glibc and PAM, this machine is untouched.
 * Needs root (the tests run as root). Returns the exit code and output.
 */
export function runInNamespace(
  binds: Record<string, string>,
  command: string,
  args: readonly string[],
  input = '',
): { status: number | null; stdout: string; stderr: string } {
  const pairs = Object.entries(binds).flat();
  // Positional parameters carry every path, so no path is ever parsed as shell text.
  const script = 'while [ "$1" != "--" ]; do mount --bind "$2" "$1" || exit 125; shift 2; done; shift; exec "$@"';
  const r = spawnSync('/usr/bin/unshare', ['-m', '--propagation', 'private', '/bin/sh', '-c', script, 'sh', ...pairs, '--', command, ...args], {
    input,
    encoding: 'utf8',
    timeout: 20_000,
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

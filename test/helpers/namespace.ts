import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';

/**
 * Runs a real system tool (getent, pamtester, su) in a private mount namespace where each
 * `binds` target (a file or folder of this machine, e.g. /etc/shadow) is replaced by a bind mount of
 * the given source, and each `overlays` folder (e.g. /etc) shows the given folder's files over its
 * own (an overlay: the tool can replace files there, as passwd replaces /etc/shadow). The tool reads
 * the test's files through glibc and PAM; this machine is untouched. Needs root (the tests run as root).
 */
export function runInNamespace(
  binds: Record<string, string>,
  command: string,
  args: readonly string[],
  input = '',
  overlays: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const mounts = [
    ...Object.entries(binds).flatMap(([target, source]) => ['bind', target, source]),
    ...Object.entries(overlays).flatMap(([target, upper]) => {
      const work = mkdtempSync(path.join(path.dirname(upper), 'overlay-work-'));
      return ['overlay', target, `lowerdir=${target},upperdir=${upper},workdir=${work}`];
    }),
  ];
  // Positional parameters carry every path, so no path is ever parsed as shell text.
  const script = [
    'while [ "$1" != "--" ]; do',
    '  if [ "$1" = bind ]; then mount --bind "$3" "$2" || exit 125; else mount -t overlay overlay -o "$3" "$2" || exit 125; fi',
    '  shift 3',
    'done; shift; exec "$@"',
  ].join('\n');
  const r = spawnSync(
    '/usr/bin/unshare',
    ['-m', '--propagation', 'private', '/bin/sh', '-c', script, 'sh', ...mounts, '--', command, ...args],
    {
      input,
      encoding: 'utf8',
      timeout: 20_000,
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' },
    },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

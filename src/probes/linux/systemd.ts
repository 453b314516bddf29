import { describeFailure, type Host } from '../../host/types.js';
import { runFirstFound } from '../tools.js';
import type { Answer } from '../types.js';
import { parseListUnitFiles } from './parse.js';

const SYSTEMCTL = ['/usr/bin/systemctl', '/bin/systemctl'];

/**
 * One `systemctl list-unit-files` for every unit of interest (names or globs), unit -> state; it
 * reads unit files, so it needs no running systemd.
 */
export async function systemUnitStates(host: Host, patterns: readonly string[]): Promise<Answer<Map<string, string>>> {
  const { result } = await runFirstFound(host, SYSTEMCTL, [
    '--root',
    { path: '/' },
    '--no-pager',
    '--no-legend',
    'list-unit-files',
    ...patterns,
  ]);
  if (result.status !== 'exited') {
    return {
      ok: false,
      reason:
        result.status === 'missing'
          ? 'systemctl not found: cannot tell what starts at boot'
          : `systemctl: ${describeFailure(result)}`,
    };
  }
  // Exit 1 with no output: none of the units exists.
  if (result.exitCode === 1 && !result.stdout.trim() && !result.stderr.trim()) return { ok: true, value: new Map() };
  if (result.exitCode !== 0) {
    const said = result.stderr.trim().split('\n')[0];
    return { ok: false, reason: `systemctl list-unit-files failed: ${said || `exit code ${result.exitCode}`}` };
  }
  // Exit 0 always lists at least one unit; empty or unparseable output proves nothing.
  const states = parseListUnitFiles(result.stdout);
  if (!states || states.size === 0)
    return { ok: false, reason: 'systemctl list-unit-files printed output it does not normally print' };
  return { ok: true, value: states };
}

import { describeFailure, type Host } from '../../host/types.js';
import { runFirstFound } from '../tools.js';
import type { Answer } from '../types.js';
import { parseListUnitFiles } from './parse.js';

const SYSTEMCTL = ['/usr/bin/systemctl', '/bin/systemctl'];

/** The units asked about so far in this turn of the event loop, and the one answer they will all get. */
interface Batch {
  patterns: Set<string>;
  answer: Promise<Answer<Map<string, string>>>;
}
const open = new WeakMap<Host, Batch>();

/**
 * unit -> state for the units of interest (names or globs), from `systemctl list-unit-files`: it reads unit
 * files, so it needs no running systemd. Every question asked in the same turn of the event loop (each probe
 * asks as it starts) goes to ONE systemctl, whose answer holds all their units: each systemctl costs a process
 * and a read of every unit folder. The batch closes before any file or process can answer, so which questions
 * share a systemctl depends only on the code, and a recorded scan replays the same command.
 */
export function systemUnitStates(host: Host, patterns: readonly string[]): Promise<Answer<Map<string, string>>> {
  let batch = open.get(host);
  if (!batch) {
    const asked = new Set<string>();
    const answer = Promise.resolve().then(() => {
      open.delete(host);
      return listUnitFiles(host, [...asked]);
    });
    batch = { patterns: asked, answer };
    open.set(host, batch);
  }
  for (const pattern of patterns) batch.patterns.add(pattern);
  return batch.answer;
}

async function listUnitFiles(host: Host, patterns: readonly string[]): Promise<Answer<Map<string, string>>> {
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

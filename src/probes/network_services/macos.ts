import { describeFailure } from '../../host/types.js';
import type { Collector, ProbeOutput } from '../types.js';
import type { NetworkServicesFacts } from './facts.js';
import { parseLsof, toListeners } from './parse.js';

const LSOF = '/usr/sbin/lsof';
/** Listening TCP sockets and every UDP socket, numeric addresses and ports (no name look-ups that could wait). */
export const LSOF_ARGS = ['-nP', '-iTCP', '-sTCP:LISTEN', '-iUDP'] as const;

export const collectMacos: Collector<NetworkServicesFacts> = async (
  host,
): Promise<ProbeOutput<NetworkServicesFacts>> => {
  const r = await host.exec(LSOF, LSOF_ARGS);
  const command = `${LSOF} ${LSOF_ARGS.join(' ')}`;
  // lsof exits 1 when it lists nothing; without root it lists the scanning user's own sockets only.
  const sockets = r.status === 'exited' && r.exitCode <= 1 ? parseLsof(r.stdout) : null;
  if (!sockets) {
    const reason =
      r.status !== 'exited'
        ? `${command}: ${describeFailure(r)}`
        : `${command}: exit code ${r.exitCode}: ${r.stderr.trim().split('\n')[0] ?? ''}`;
    return { facts: { listeners: null, source: null }, unknown: { listeners: reason, source: reason } };
  }
  if (!host.elevated)
    return {
      facts: { listeners: null, source: 'lsof' },
      unknown: { listeners: 'needs root: lsof shows only your own programs without sudo' },
    };
  return { facts: { listeners: toListeners(sockets), source: 'lsof' }, unknown: {} };
};

import { describeFailure } from '../../host/types.js';
import type { Collector, ProbeOutput } from '../types.js';
import type { NetworkServicesFacts } from './facts.js';
import { parseLsof, type Socket, toListeners } from './parse.js';

const LSOF = '/usr/sbin/lsof';
/** Listening TCP sockets and every UDP socket, numeric addresses and ports (no name look-ups that could wait). */
export const LSOF_ARGS = ['-nP', '-iTCP', '-sTCP:LISTEN', '-iUDP'] as const;

export const collectMacos: Collector<NetworkServicesFacts> = async (
  host,
): Promise<ProbeOutput<NetworkServicesFacts>> => {
  const command = `${LSOF} ${LSOF_ARGS.join(' ')}`;
  const unread = (reason: string) => ({
    facts: { listeners: null, source: null },
    unknown: { listeners: reason, source: reason },
  });
  // Kept as the answer in a --record bundle, whose masking would take the row of a program named like a secret
  // (1Password, in lsof's 9-character command column) for a key and its value.
  const read = await host.derive(
    'network_services.lsof',
    async (): Promise<{ sockets: Socket[] } | { reason: string }> => {
      const r = await host.exec(LSOF, LSOF_ARGS);
      // lsof exits 1 when it lists nothing; without root it lists the scanning user's own sockets only.
      const sockets = r.status === 'exited' && r.exitCode <= 1 ? parseLsof(r.stdout) : null;
      if (sockets) return { sockets };
      return {
        reason:
          r.status !== 'exited'
            ? `${command}: ${describeFailure(r)}`
            : `${command}: exit code ${r.exitCode}: ${r.stderr.trim().split('\n')[0] ?? ''}`,
      };
    },
  );
  if ('reason' in read) return unread(read.reason);
  const { sockets } = read;
  if (!host.elevated)
    return {
      facts: { listeners: null, source: 'lsof' },
      unknown: { listeners: 'needs root: lsof shows only your own programs without sudo' },
    };
  // As root lsof always lists some (mDNSResponder, part of macOS, listens on UDP 5353): nothing is an error (it
  // exits 1 then too).
  if (sockets.length === 0) return unread(`${command} listed no socket`);
  return { facts: { listeners: toListeners(sockets), source: 'lsof' }, unknown: {} };
};

import { refused, run } from '../macos/commands.js';
import { notOnThisPc, type Collector, type ProbeOutput } from '../types.js';
import type { WifiFacts } from './facts.js';
import { parseAirportJson, weakest } from './parse.js';

const SYSTEM_PROFILER = '/usr/sbin/system_profiler';
/**
 * JSON keys and values are the same in every display language; macOS 14+ redacts the network's name
 * without Location access.
 */
export const AIRPORT_ARGS = ['SPAirPortDataType', '-json'] as const;
const SOURCE = `system_profiler ${AIRPORT_ARGS.join(' ')}`;

export const collectMacos: Collector<WifiFacts> = async (host): Promise<ProbeOutput<WifiFacts>> => {
  const r = await run(host, SYSTEM_PROFILER, AIRPORT_ARGS);
  const why = !r.ok ? r.reason : r.value.exitCode !== 0 ? refused(SYSTEM_PROFILER, AIRPORT_ARGS, r.value) : null;
  const connections = r.ok && why === null ? parseAirportJson(r.value.stdout) : null;
  if (!connections) {
    const reason = why ?? `${SOURCE} printed output it does not normally print`;
    return {
      facts: { onWifi: null, security: null, securityText: null, source: null },
      unknown: { onWifi: reason, security: reason, securityText: reason, source: reason },
    };
  }
  const worst = weakest(connections);
  if (!worst) {
    const absent = notOnThisPc('the Mac is not connected to a wireless network');
    return {
      facts: { onWifi: false, security: null, securityText: null, source: SOURCE },
      unknown: { security: absent, securityText: absent },
    };
  }
  return {
    facts: { onWifi: true, security: worst.security, securityText: worst.text, source: SOURCE },
    unknown: worst.security === null ? { security: `an unknown security mode: ${worst.text}` } : {},
  };
};

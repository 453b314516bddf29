import { refused, run } from '../macos/commands.js';
import type { Collector, ProbeOutput } from '../types.js';
import type { WifiFacts } from './facts.js';
import { unknownWifi, wifiOutput } from './output.js';
import { parseAirportJson } from './parse.js';

const SYSTEM_PROFILER = '/usr/sbin/system_profiler';
/**
 * JSON keys and values are the same in every display language; macOS 14+ redacts the network's name
 * without Location access.
 */
export const AIRPORT_ARGS = ['SPAirPortDataType', '-json'] as const;
const SOURCE = `system_profiler ${AIRPORT_ARGS.join(' ')}`;

export const collectMacos: Collector<WifiFacts> = async (host): Promise<ProbeOutput<WifiFacts>> => {
  const r = await run(host, SYSTEM_PROFILER, AIRPORT_ARGS);
  if (!r.ok) return unknownWifi(r.reason);
  if (r.value.exitCode !== 0) return unknownWifi(refused(SYSTEM_PROFILER, AIRPORT_ARGS, r.value));
  const connections = parseAirportJson(r.value.stdout);
  return connections
    ? wifiOutput(connections, SOURCE)
    : unknownWifi(`${SOURCE} printed output it does not normally print`);
};

import { describeFailure } from '../../host/types.js';
import { notOnThisPc, type Collector, type ProbeOutput } from '../types.js';
import type { WifiFacts } from './facts.js';
import { parseNmcliWifi, weakest } from './parse.js';

const NET = '/sys/class/net';
const NMCLI = '/usr/bin/nmcli';
/** The scan results NetworkManager already has (--rescan no: a rescan takes seconds and changes nothing here). */
export const NMCLI_ARGS = ['-t', '-f', 'ACTIVE,SECURITY', 'dev', 'wifi', 'list', '--rescan', 'no'] as const;

const unknownAll = (reason: string) => ({
  facts: { onWifi: null, security: null, securityText: null, source: null },
  unknown: { onWifi: reason, security: reason, securityText: reason, source: reason },
});

export const collectLinux: Collector<WifiFacts> = async (host): Promise<ProbeOutput<WifiFacts>> => {
  const net = await host.listDir(NET);
  if (net.status !== 'ok') return unknownAll(`${NET}: ${describeFailure(net)}`);
  // A wireless interface has a "wireless" folder in sysfs.
  const radios = await Promise.all(net.entries.map((i) => host.stat(`${NET}/${i}/wireless`)));
  if (!radios.some((r) => r.status === 'ok')) {
    const why = notOnThisPc('this PC has no Wi-Fi adapter');
    return {
      facts: { onWifi: false, security: null, securityText: null, source: NET },
      unknown: { security: why, securityText: why },
    };
  }
  const r = await host.exec(NMCLI, NMCLI_ARGS);
  if (r.status === 'missing')
    return unknownAll('this PC has Wi-Fi but no NetworkManager (nmcli), the only Wi-Fi manager shop-audit reads');
  if (r.status !== 'exited') return unknownAll(`nmcli: ${describeFailure(r)}`);
  if (r.exitCode !== 0)
    return unknownAll(`nmcli: exit code ${r.exitCode}: ${(r.stderr.trim() || r.stdout.trim()).split('\n')[0]}`);
  const connections = parseNmcliWifi(r.stdout);
  if (!connections) return unknownAll('nmcli printed output it does not normally print');
  const worst = weakest(connections);
  const source = `nmcli ${NMCLI_ARGS.join(' ')}`;
  if (!worst) {
    const why = notOnThisPc('the PC is not connected to a wireless network');
    return {
      facts: { onWifi: false, security: null, securityText: null, source },
      unknown: { security: why, securityText: why },
    };
  }
  const facts: WifiFacts = { onWifi: true, security: worst.security, securityText: worst.text, source };
  return {
    facts,
    unknown:
      worst.security === null ? { security: `nmcli names a security shop-audit does not know: ${worst.text}` } : {},
  };
};

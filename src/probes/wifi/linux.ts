import { describeFailure } from '../../host/types.js';
import type { Collector, ProbeOutput } from '../types.js';
import type { WifiFacts } from './facts.js';
import { notOnWifi, unknownWifi, wifiOutput } from './output.js';
import { parseNmcliWifi } from './parse.js';

const NET = '/sys/class/net';
const NMCLI = '/usr/bin/nmcli';
/** The scan results NetworkManager already has (--rescan no: a rescan takes seconds and changes nothing here). */
export const NMCLI_ARGS = ['-t', '-f', 'ACTIVE,SECURITY', 'dev', 'wifi', 'list', '--rescan', 'no'] as const;

export const collectLinux: Collector<WifiFacts> = async (host): Promise<ProbeOutput<WifiFacts>> => {
  const net = await host.listDir(NET);
  if (net.status !== 'ok') return unknownWifi(`${NET}: ${describeFailure(net)}`);
  // A wireless interface has a "wireless" folder in sysfs.
  const radios = await Promise.all(net.entries.map((i) => host.stat(`${NET}/${i}/wireless`)));
  const wireless = net.entries.filter((_, i) => radios[i]!.status === 'ok');
  if (wireless.length === 0) return notOnWifi('this PC has no Wi-Fi adapter', NET);
  const r = await host.exec(NMCLI, NMCLI_ARGS);
  if (r.status === 'missing')
    return unknownWifi('this PC has Wi-Fi but no NetworkManager (nmcli), the only Wi-Fi manager shop-audit reads');
  if (r.status !== 'exited') return unknownWifi(`nmcli: ${describeFailure(r)}`);
  if (r.exitCode !== 0)
    return unknownWifi(`nmcli: exit code ${r.exitCode}: ${(r.stderr.trim() || r.stdout.trim()).split('\n')[0]}`);
  const connections = parseNmcliWifi(r.stdout);
  if (!connections) return unknownWifi('nmcli printed output it does not normally print');
  if (connections.length === 0) {
    // An adapter NetworkManager leaves alone (wpa_supplicant, iwd, systemd-networkd) is connected unknown to nmcli.
    const states = await Promise.all(wireless.map((i) => host.readFile(`${NET}/${i}/operstate`)));
    const up = wireless.find((_, i) => {
      const s = states[i]!;
      return s.status === 'ok' && s.text.trim() === 'up';
    });
    if (up) return unknownWifi(`${up} is connected, but NetworkManager (nmcli) lists no network it is on`);
  }
  return wifiOutput(connections, `nmcli ${NMCLI_ARGS.join(' ')}`);
};

import type { Collector, ProbeOutput } from '../types.js';
import { windowsAnswers } from '../windows/answers.js';
import type { NetworkServicesFacts } from './facts.js';
import { isLoopbackText, toListeners, windowsFirewallBlocks } from './parse.js';

export const collectWindows: Collector<NetworkServicesFacts> = async (
  host,
  options,
): Promise<ProbeOutput<NetworkServicesFacts>> => {
  const {
    listeningSockets: answer,
    firewallInbound: firewall,
    readWith,
  } = await windowsAnswers(host, ['listeningSockets', 'firewallInbound'], options);
  if (!answer.ok)
    return {
      facts: { listeners: null, source: null },
      unknown: { listeners: answer.reason, source: answer.reason },
      readWith,
    };
  const sockets = answer.value.map((s) => ({
    ...s,
    loopback: isLoopbackText(s.address),
    firewallBlocks: firewall.ok && windowsFirewallBlocks(s, firewall.value),
  }));
  const rules = firewall.ok
    ? 'Windows Firewall rules (HNetCfg.FwPolicy2)'
    : `not the firewall's rules (${firewall.reason})`;
  return {
    facts: {
      listeners: toListeners(sockets),
      source: `Get-NetTCPConnection -State Listen, Get-NetUDPEndpoint, ${rules}`,
    },
    unknown: {},
    readWith,
  };
};

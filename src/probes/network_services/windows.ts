import type { Collector, ProbeOutput } from '../types.js';
import { windowsAnswers } from '../windows/answers.js';
import type { NetworkServicesFacts } from './facts.js';
import { isLoopbackText, toListeners, windowsFirewallBlocks, withFirewallPolicy } from './parse.js';

export const collectWindows: Collector<NetworkServicesFacts> = async (
  host,
  options,
): Promise<ProbeOutput<NetworkServicesFacts>> => {
  const {
    listeningSockets: answer,
    firewallInbound: local,
    firewallPolicy: policy,
    readWith,
  } = await windowsAnswers(host, ['listeningSockets', 'firewallInbound', 'firewallPolicy'], options);
  if (!answer.ok || answer.value.length === 0) {
    // Windows always listens on RPC's port 135 (RpcSs cannot be stopped): no socket at all is a read that failed.
    const why = answer.ok
      ? 'Windows listed no listening socket (it always has some): the list was not read'
      : answer.reason;
    return { facts: { listeners: null, source: null }, unknown: { listeners: why, source: why }, readWith };
  }
  // Without Group Policy's values the local ones may be overridden: then the firewall is not known to block.
  const firewall = !local.ok
    ? local
    : !policy.ok
      ? policy
      : { ok: true as const, value: withFirewallPolicy(local.value, policy.value) };
  const sockets = answer.value.map((s) => ({
    ...s,
    loopback: isLoopbackText(s.address),
    firewallBlocks: firewall.ok && windowsFirewallBlocks(s, firewall.value),
  }));
  const rules = firewall.ok
    ? 'Windows Firewall rules (HNetCfg.FwPolicy2 and Group Policy)'
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

import { refused, run } from '../macos/commands.js';
import { REASON, type Collector } from '../types.js';
import type { FirewallFacts } from './facts.js';
import { parseGlobalState, parseStealthMode } from './parse.js';

/** The application firewall's own tool; it reads the settings without admin. */
const SOCKETFILTERFW = '/usr/libexec/ApplicationFirewall/socketfilterfw';

export const collectMacos: Collector<FirewallFacts> = async (host) => {
  const [global, stealth] = await Promise.all([
    run(host, SOCKETFILTERFW, ['--getglobalstate']),
    run(host, SOCKETFILTERFW, ['--getstealthmode']),
  ]);
  const facts: FirewallFacts = {
    enabled: null,
    blocksInbound: null,
    manager: null,
    profiles: null,
    registeredProducts: null,
    stealthMode: null,
    source: 'socketfilterfw',
  };
  const unknown: Record<string, string> = {
    blocksInbound: REASON.notOnThisOs,
    profiles: REASON.notOnThisOs,
    registeredProducts: REASON.notOnThisOs,
  };

  const enabled = global.ok ? parseGlobalState(global.value.stdout) : null;
  if (enabled !== null) {
    facts.enabled = enabled;
    facts.manager = enabled ? 'macos-application-firewall' : 'none';
  } else
    unknown.enabled = unknown.manager = global.ok
      ? refused(SOCKETFILTERFW, ['--getglobalstate'], global.value)
      : global.reason;

  const stealthMode = stealth.ok ? parseStealthMode(stealth.value.stdout) : null;
  if (stealthMode !== null) facts.stealthMode = stealthMode;
  else unknown.stealthMode = stealth.ok ? refused(SOCKETFILTERFW, ['--getstealthmode'], stealth.value) : stealth.reason;
  return { facts, unknown };
};

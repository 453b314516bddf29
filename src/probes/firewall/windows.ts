import type { Host } from '../../host/types.js';
import { windowsAnswers, regNumber, type Answer, type AnswerOf } from '../windows/document.js';
import { REASON, type Collector, type ProbeOutput } from '../types.js';
import type { FirewallFacts, FirewallProfile } from './index.js';
import { WINDOWS_PROFILES, windowsProfileState, type WindowsProfileName } from './parse.js';

/** The policy key of each profile: the Private profile is "StandardProfile" there. */
const POLICY_KEY: Record<WindowsProfileName, keyof AnswerOf<'firewallPolicy'>> = { Domain: 'DomainProfile', Private: 'StandardProfile', Public: 'PublicProfile' };
const POLICY_PATH = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall';
const SOURCE = 'MSFT_NetFirewallProfile (root/StandardCimv2), Group Policy keys and the MpsSvc service';

const every = (xs: readonly (boolean | null)[]): boolean | null => (xs.includes(false) ? false : xs.includes(null) ? null : true);

/**
 * The probe's facts from the profiles, however they were read (CIM and policy, or the text of
 * `netsh advfirewall`), and the state of the firewall service MpsSvc (Running, Stopped…; null
 * when it is not installed): with the service stopped no profile filters anything. `why` is the
 * reason for every value the reading left unknown.
 */
export function windowsFirewallFacts(
  read: readonly (Omit<FirewallProfile, 'setByPolicy'> & { setByPolicy?: boolean | null })[],
  service: Answer<string | null>,
  source: string,
  why: string,
): ProbeOutput<FirewallFacts> {
  const unknown: Record<string, string> = {};
  const profiles: FirewallProfile[] = WINDOWS_PROFILES.map((name) => {
    const p = read.find((r) => r.name === name);
    const out = { name, enabled: p?.enabled ?? null, blocksInbound: p?.blocksInbound ?? null, setByPolicy: p?.setByPolicy ?? null };
    for (const k of ['enabled', 'blocksInbound', 'setByPolicy'] as const) if (out[k] === null) unknown[`profiles[${name}].${k}`] = why;
    return out;
  });
  const serviceRuns = service.ok ? (service.value === null ? false : service.value === 'Running') : null;
  const enabled = every([...profiles.map((p) => p.enabled), serviceRuns]);
  const blocksInbound = every(profiles.map((p) => p.blocksInbound));
  if (enabled === null) unknown.enabled = !service.ok && profiles.every((p) => p.enabled !== null) ? service.reason : why;
  if (blocksInbound === null) unknown.blocksInbound = why;
  // Switched on: the service runs (or may) and at least one profile is on.
  const manager = serviceRuns === false || profiles.every((p) => p.enabled === false) ? 'none' : profiles.some((p) => p.enabled) ? 'windows-firewall' : null;
  if (manager === null) unknown.manager = why;
  unknown.stealthMode = REASON.notOnThisOs;
  return { facts: { enabled, blocksInbound, manager, profiles, stealthMode: null, source }, unknown };
}

/** The state of the MpsSvc service from the script's service list (null: not installed). */
function firewallService(services: Answer<AnswerOf<'services'>>): Answer<string | null> {
  if (!services.ok) return services;
  const svc = services.value.find((s) => s.name.toLowerCase() === 'mpssvc');
  return { ok: true, value: svc ? (svc.state ?? 'unknown') : null };
}

export const collectWindows: Collector<FirewallFacts> = async (host, options) => {
  const a = await windowsAnswers(host, ['firewallProfiles', 'firewallPolicy', 'services'], options);
  const failed = [a.firewallProfiles, a.firewallPolicy].find((x) => !x.ok);
  const why = failed && !failed.ok ? failed.reason : 'MSFT_NetFirewallProfile lists no such profile';
  // Without the policy keys the local values may be overridden: then nothing is known. Without
  // CIM only what policy sets is.
  const read = a.firewallPolicy.ok
    ? WINDOWS_PROFILES.map((name) => {
        const cim = a.firewallProfiles.ok ? (a.firewallProfiles.value.find((p) => p.name === name) ?? null) : null;
        const key = a.firewallPolicy.ok ? a.firewallPolicy.value[POLICY_KEY[name]] : null;
        return windowsProfileState(name, cim, { enableFirewall: regNumber(key?.EnableFirewall), defaultInboundAction: regNumber(key?.DefaultInboundAction) });
      })
    : [];
  return windowsFirewallFacts(read, firewallService(a.services), `${SOURCE} (${POLICY_PATH})`, why);
};

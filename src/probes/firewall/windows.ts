import {
  DEFAULT_COLLECT_OPTIONS,
  notOnThisPc,
  REASON,
  type Answer,
  type Collector,
  type ProbeOutput,
} from '../types.js';
import { answerPath, runWindowsScript, windowsAnswers } from '../windows/answers.js';
import type { AnswerOf } from '../windows/document.js';
import { WINDOWS_PROFILES } from '../windows/fallback-parse.js';
import { firewallPolicyOf } from '../windows/firewall-policy.js';
import { registeredProductOn, undocumentedProductState, type PresenceEvidence } from '../windows/security-center.js';
import type { FirewallFacts, FirewallProfile } from './facts.js';
import { windowsProfileState } from './parse.js';

const POLICY_PATH = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall';
const SOURCE = 'MSFT_NetFirewallProfile (root/StandardCimv2), Group Policy keys and the MpsSvc service';
const SECURITY_CENTER_SOURCE = "Security Center's FirewallProduct (root/SecurityCenter2)";
/** What the fallback reads when PowerShell could not run (windows/fallback.ts). */
const FALLBACK_SOURCE =
  `netsh advfirewall show allprofiles and the Group Policy keys (${POLICY_PATH}) read with ` +
  `reg.exe, as PowerShell could not run`;
const NO_SECURITY_CENTER = notOnThisPc(
  'Windows Server has no Security Center, where third-party firewalls register: the Windows ' +
    'Firewall profiles alone decide',
);
const UNREADABLE_RULES =
  "a third-party firewall's rules are not readable: whether it turns away incoming connections " +
  'nobody allowed is unknown';

const every = (xs: readonly (boolean | null)[]): boolean | null =>
  xs.includes(false) ? false : xs.includes(null) ? null : true;

/**
 * The probe's facts from the profiles, however they were read (CIM and policy keys from the
 * script, or `netsh advfirewall` and reg.exe through the fallback), and the state of the firewall service
 * MpsSvc (Running, Stopped…; null
 * when it is not installed): with the service stopped no profile filters anything. `why` is the
 * reason for every value the reading left unknown. registeredProducts is withRegisteredFirewalls' to fill.
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
    const out = {
      name,
      enabled: p?.enabled ?? null,
      blocksInbound: p?.blocksInbound ?? null,
      setByPolicy: p?.setByPolicy ?? null,
    };
    for (const k of ['enabled', 'blocksInbound', 'setByPolicy'] as const)
      if (out[k] === null) unknown[`profiles[${name}].${k}`] = why;
    return out;
  });
  const serviceRuns = service.ok ? (service.value === null ? false : service.value === 'Running') : null;
  const enabled = every([...profiles.map((p) => p.enabled), serviceRuns]);
  const blocksInbound = every(profiles.map((p) => p.blocksInbound));
  if (enabled === null)
    unknown.enabled = !service.ok && profiles.every((p) => p.enabled !== null) ? service.reason : why;
  if (blocksInbound === null) unknown.blocksInbound = why;
  // Switched on: the service runs (or may) and at least one profile is on.
  const manager =
    serviceRuns === false || profiles.every((p) => p.enabled === false)
      ? 'none'
      : profiles.some((p) => p.enabled)
        ? 'windows-firewall'
        : null;
  if (manager === null) unknown.manager = why;
  unknown.stealthMode = REASON.notOnThisOs;
  return {
    facts: { enabled, blocksInbound, manager, profiles, registeredProducts: null, stealthMode: null, source },
    unknown,
  };
}

/**
 * Adds the third-party firewalls registered with Security Center to the Windows Firewall facts.
 * One that is on makes the firewall on and names it as the manager; its rules cannot be read, so
 * whether inbound connections are turned away stays unknown unless Windows Firewall itself is on
 * and blocks them. One that is off, or whose state does not decode, changes nothing. On a client
 * whose Security Center could not be read, a Windows Firewall that is off does not prove that no
 * firewall is on; Windows Server has no Security Center, so there the profiles alone decide.
 */
export function withRegisteredFirewalls(
  out: ProbeOutput<FirewallFacts>,
  productType: Answer<number>,
  registered: Answer<AnswerOf<'firewallProducts'>>,
  evidence: Omit<PresenceEvidence, 'exe' | 'exeExists'> = { processes: null, services: null },
): ProbeOutput<FirewallFacts> {
  const facts = { ...out.facts };
  const unknown = { ...out.unknown };
  // ProductType 1 is a workstation; without it, a Security Center that answers proves a client edition.
  if (productType.ok && productType.value !== 1) {
    unknown.registeredProducts = NO_SECURITY_CENTER;
    return { facts, unknown };
  }
  if (!registered.ok) {
    unknown.registeredProducts = registered.reason;
    if (facts.enabled === false) {
      // Windows Firewall turns nothing away then; whatever else might is unknown.
      facts.enabled = facts.manager = facts.blocksInbound = null;
      unknown.enabled =
        unknown.manager =
        unknown.blocksInbound =
          `Windows Firewall is not on for every network, and whether a third-party firewall is on is ` +
          `unknown: ${registered.reason}`;
    }
    return { facts, unknown };
  }
  // Switched on by Security Center's word and present on the PC; a stale registration is off, an
  // uncorroborated one unknown.
  const thirdParty = registered.value
    .map((p) => ({ name: p.displayName, productState: p.productState, ...registeredProductOn(p, evidence) }))
    .filter((p) => !p.state.microsoft);
  facts.registeredProducts = thirdParty.map((p) => ({ name: p.name, on: p.on }));
  for (const p of thirdParty) {
    if (p.state.on === null) unknown[`registeredProducts[${p.name}].on`] = undocumentedProductState(p.productState);
    else if (p.state.on === true && p.presence.present === null)
      unknown[`registeredProducts[${p.name}].on`] = p.presence.why;
  }
  const on = thirdParty.filter((p) => p.on === true).map((p) => p.name);
  if (on.length === 0) return { facts, unknown };
  if (!(facts.enabled === true && facts.blocksInbound === true)) {
    facts.blocksInbound = null;
    unknown.blocksInbound = UNREADABLE_RULES;
  }
  facts.enabled = true;
  facts.manager = on.join(', ');
  delete unknown.enabled;
  delete unknown.manager;
  return { facts, unknown };
}

/** The state of the MpsSvc service from the script's service list (null: not installed). */
function firewallService(services: Answer<AnswerOf<'services'>>): Answer<string | null> {
  if (!services.ok) return services;
  const svc = services.value.find((s) => s.name.toLowerCase() === 'mpssvc');
  return { ok: true, value: svc ? (svc.state ?? 'unknown') : null };
}

export const collectWindows: Collector<FirewallFacts> = async (host, options) => {
  const a = await windowsAnswers(
    host,
    ['firewallProfiles', 'firewallPolicy', 'services', 'productType', 'firewallProducts', 'processes'],
    options,
  );
  const failed = [a.firewallProfiles, a.firewallPolicy].find((x) => !x.ok);
  const why = failed && !failed.ok ? failed.reason : 'MSFT_NetFirewallProfile lists no such profile';
  // Without the policy keys the local values may be overridden: then nothing is known. Without
  // CIM only what policy sets is.
  const policy = a.firewallPolicy.ok ? a.firewallPolicy.value : null;
  const read = policy
    ? WINDOWS_PROFILES.map((name) => {
        const cim = a.firewallProfiles.ok ? (a.firewallProfiles.value.find((p) => p.name === name) ?? null) : null;
        return windowsProfileState(name, cim, firewallPolicyOf(policy, name));
      })
    : [];
  // The profiles came from CIM, or (PowerShell stopped or blocked) from netsh.
  const fromScript =
    answerPath(await runWindowsScript(host, options ?? DEFAULT_COLLECT_OPTIONS), ['firewallProfiles']) === 'powershell';
  const source = fromScript ? `${SOURCE} (${POLICY_PATH}), ${SECURITY_CENTER_SOURCE}` : FALLBACK_SOURCE;
  const windows = windowsFirewallFacts(read, firewallService(a.services), source, why);
  const evidence = {
    processes: a.processes.ok ? a.processes.value : null,
    services: a.services.ok ? a.services.value : null,
  };
  return { ...withRegisteredFirewalls(windows, a.productType, a.firewallProducts, evidence), readWith: a.readWith };
};

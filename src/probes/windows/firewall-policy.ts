import { regNumber, type AnswerOf } from './document.js';
import type { WindowsProfileName } from './fallback-parse.js';

/**
 * The Group Policy keys that reach each profile: its own key of "Windows Defender Firewall with Advanced Security"
 * and, for Private and Public, the legacy template's StandardProfile, "used only if a legacy firewall GPO still
 * exists" (KB 2586744) and applied to both (KB 947229).
 */
const POLICY_KEYS: Record<WindowsProfileName, readonly (keyof AnswerOf<'firewallPolicy'>)[]> = {
  Domain: ['DomainProfile'],
  Private: ['PrivateProfile', 'StandardProfile'],
  Public: ['PublicProfile', 'StandardProfile'],
};

/**
 * One policy switch over the keys that reach a profile: 1 safe (on, block), 0 not; anything else is no setting.
 * Windows documents no order between the two templates, so where both set it the safe value needs both.
 */
function policySwitch(values: readonly (string | number | null | undefined)[]): 0 | 1 | null {
  const set = values.map(regNumber).filter((v) => v === 0 || v === 1);
  return set.includes(0) ? 0 : set.length > 0 ? 1 : null;
}

/**
 * Group Policy's values for one profile: EnableFirewall (1 on, 0 off) and DefaultInboundAction (1 block, 0 allow),
 * null where no policy sets them (the local setting then applies).
 */
export function firewallPolicyOf(
  policy: AnswerOf<'firewallPolicy'>,
  profile: WindowsProfileName,
): { enableFirewall: 0 | 1 | null; defaultInboundAction: 0 | 1 | null } {
  const keys = POLICY_KEYS[profile].map((k) => policy[k]);
  return {
    enableFirewall: policySwitch(keys.map((k) => k?.EnableFirewall)),
    defaultInboundAction: policySwitch(keys.map((k) => k?.DefaultInboundAction)),
  };
}

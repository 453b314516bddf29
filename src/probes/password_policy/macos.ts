import { MACOS_TOOL, refused, run } from '../macos/commands.js';
import { notOnThisPc, REASON, type Collector, unreadFacts } from '../types.js';
import { type PasswordPolicyFacts, facts as schema } from './facts.js';
import { parsePwpolicyAccountPolicies } from '../macos/parse.js';

const PWPOLICY = MACOS_TOOL.pwpolicy;
const ARGS = ['-getaccountpolicies'];
const FACTS = ['minLength', 'maxAgeDays', 'lockoutThreshold', 'lockoutMinutes', 'historyLength'] as const;

export const collectMacos: Collector<PasswordPolicyFacts> = async (host) => {
  const facts: PasswordPolicyFacts = unreadFacts(schema);
  const unknown: Record<string, string> = {};
  const r = await run(host, PWPOLICY, ARGS);
  const policy = r.ok && r.value.exitCode === 0 ? parsePwpolicyAccountPolicies(r.value.stdout) : null;
  if (!policy) {
    // Some macOS releases show the global policies only to an administrator.
    const why = r.ok ? refused(PWPOLICY, ARGS, r.value) : r.reason;
    const reason = r.ok && r.value.exitCode !== 0 && !host.elevated ? `${REASON.needsAdmin} (${why})` : why;
    for (const fact of FACTS) unknown[fact] = reason;
    return { facts, unknown };
  }
  Object.assign(facts, policy);
  if (policy.lockoutMinutes === null)
    unknown.lockoutMinutes = notOnThisPc('no account lockout policy, so no lockout duration');
  return { facts, unknown };
};

import { type Collector, unreadFacts } from '../types.js';
import { windowsAnswers } from '../windows/answers.js';
import { type PasswordPolicyFacts, facts as schema } from './facts.js';
import { parseNetAccounts } from './parse.js';

const FACTS = ['minLength', 'maxAgeDays', 'lockoutThreshold', 'lockoutMinutes', 'historyLength'] as const;

export const collectWindows: Collector<PasswordPolicyFacts> = async (host, options) => {
  const { netAccounts, readWith } = await windowsAnswers(host, ['netAccounts'], options);
  const unknown: Record<string, string> = {};
  const facts: PasswordPolicyFacts = unreadFacts(schema);
  const policy = netAccounts.ok ? parseNetAccounts(netAccounts.value) : null;
  if (!policy) {
    const reason = netAccounts.ok
      ? 'net accounts printed something other than the password policy'
      : netAccounts.reason;
    for (const fact of FACTS) unknown[fact] = reason;
    return { facts, unknown, readWith };
  }
  Object.assign(facts, policy);
  if (policy.lockoutMinutes === null)
    unknown.lockoutMinutes = 'net accounts printed no number for the lockout duration';
  return { facts, unknown, readWith };
};

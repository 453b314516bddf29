import type { Collector } from '../types.js';
import type { PasswordPolicyFacts } from './index.js';

// `pwpolicy -getaccountpolicies` holds the policy, but shop-audit has no complete real output of
// it to test a parser on yet, so nothing is read rather than something guessed.
const NOT_READ = 'not read on macOS yet: check System Settings > Users & Groups, or ask your administrator for the password policy (pwpolicy -getaccountpolicies)';

export const collectMacos: Collector<PasswordPolicyFacts> = async () => ({
  facts: { minLength: null, maxAgeDays: null, lockoutThreshold: null, lockoutMinutes: null, historyLength: null },
  unknown: { minLength: NOT_READ, maxAgeDays: NOT_READ, lockoutThreshold: NOT_READ, lockoutMinutes: NOT_READ, historyLength: NOT_READ },
});

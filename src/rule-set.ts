import { loadProfiles, loadRules, type FactSchemas, type TextFile } from './engine/load.js';
import { InvalidRulesError } from './errors.js';
import { PROBES } from './probes/index.js';
import type { RuleSet } from './scan.js';

// Loading rule files is the slow part of start-up (YAML parsing), so it lives apart from scan.ts:
// a scan with only the bundled rules reads their pre-checked snapshot instead (see files/package.ts).

export interface RuleSources {
  rules: TextFile[];
  profiles: TextFile[];
}

export const FACT_SCHEMAS: FactSchemas = new Map(PROBES.map((p) => [p.id, p.facts]));

/**
 * Loads and checks rules and profiles on top of `base` (the bundled set, already checked): ids
 * must not clash with it and profiles may name its rules. Throws InvalidRulesError listing every problem.
 */
export function loadRuleSet(sources: RuleSources, base: RuleSet = { rules: [], profiles: [] }): RuleSet {
  const { rules, errors } = loadRules(sources.rules, FACT_SCHEMAS, base.rules);
  const all = [...base.rules, ...rules];
  const loaded = loadProfiles(sources.profiles, all, base.profiles);
  const problems = [...errors, ...loaded.errors];
  if (problems.length > 0) throw new InvalidRulesError(problems);
  return { rules: all, profiles: [...base.profiles, ...loaded.profiles] };
}

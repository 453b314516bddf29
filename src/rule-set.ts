import { loadProfiles, loadRules, type FactSchemas, type TextFile } from './engine/load.js';
import { InvalidRulesError } from './errors.js';
import { PROBES } from './probes/index.js';
import type { RuleSet } from './scan.js';

// Loading rule files is the slow part of start-up (YAML parsing), so it lives apart from scan.ts:
// a scan with only the bundled rules reads their pre-checked snapshot instead (see local-files.ts).

export interface RuleSources {
  rules: TextFile[];
  profiles: TextFile[];
}

export const FACT_SCHEMAS: FactSchemas = new Map(PROBES.map((p) => [p.id, p.facts]));

/** Loads and checks rules and profiles; throws InvalidRulesError listing every problem. */
export function loadRuleSet(sources: RuleSources): RuleSet {
  const { rules, errors } = loadRules(sources.rules, FACT_SCHEMAS);
  const loaded = loadProfiles(sources.profiles, rules);
  const all = [...errors, ...loaded.errors];
  if (all.length > 0) throw new InvalidRulesError(all);
  return { rules, profiles: loaded.profiles };
}

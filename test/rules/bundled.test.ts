import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRuleSources } from '../../src/files/read.js';
import { PROBES } from '../../src/probes/index.js';
import { loadRuleSet } from '../../src/rule-set.js';
import { selectRules } from '../../src/scan.js';
import { REPO } from '../helpers/host.js';

// The bundled rules go through the same loader as a user's: a rule with an unknown fact,
// operator or param, or without a fix for an OS it applies to, fails here.
const set = loadRuleSet(await readRuleSources([path.join(REPO, 'rules')]));

describe('bundled rules', () => {
  it('every rule has a zh-CN and en title, why and fix steps for each OS it applies to', () => {
    for (const rule of set.rules) {
      for (const lang of ['en', 'zh-CN'] as const) {
        expect(rule.title[lang].trim(), `${rule.id} title ${lang}`).not.toBe('');
        expect(rule.why[lang].trim(), `${rule.id} why ${lang}`).not.toBe('');
        for (const os of rule.applies.os) {
          const steps = rule.fix[os]?.[lang] ?? [];
          expect(steps.length, `${rule.id} fix ${os} ${lang}`).toBeGreaterThan(0);
          for (const step of steps) expect(step.trim(), `${rule.id} fix ${os} ${lang}`).not.toBe('');
        }
      }
      // Chinese text must really be Chinese, not a copy of the English.
      expect(rule.title['zh-CN'], rule.id).toMatch(/\p{Script=Han}/u);
      expect(rule.why['zh-CN'], rule.id).toMatch(/\p{Script=Han}/u);
    }
  });

  it('every rule says its problem as a sentence and what was found and what is required, in both languages', () => {
    for (const rule of set.rules) {
      for (const field of ['failTitle', 'found', 'required'] as const) {
        for (const lang of ['en', 'zh-CN'] as const)
          expect(rule[field]?.[lang]?.trim(), `${rule.id} ${field} ${lang}`).toBeTruthy();
        expect(rule[field]?.['zh-CN'], `${rule.id} ${field} says 帐户`).not.toContain('帐');
      }
      expect(rule.failTitle!['zh-CN'], rule.id).toMatch(/\p{Script=Han}/u);
      expect(rule.failTitle!.en, rule.id).not.toBe(rule.title.en);
    }
  });

  it('no fix step asks for "the number the report asks for": it names the number', () => {
    for (const rule of set.rules) {
      for (const steps of Object.values(rule.fix)) {
        for (const step of [...(steps?.en ?? []), ...(steps?.['zh-CN'] ?? [])])
          expect(step, rule.id).not.toMatch(/report asks|报告要求/);
      }
    }
  });

  it('every probe but system has rules, and every rule cites at least one framework', () => {
    const probesWithRules = new Set(set.rules.map((r) => r.probe));
    for (const p of PROBES.filter((p) => p.id !== 'system')) expect(probesWithRules.has(p.id), p.id).toBe(true);
    for (const rule of set.rules) expect(rule.refs.length, rule.id).toBeGreaterThan(0);
  });

  it('the default profile exists and selects every rule', () => {
    expect(set.profiles.map((p) => p.id)).toContain('default');
    const { profile, rules } = selectRules(set, {});
    expect(profile?.id).toBe('default');
    expect(rules.map((r) => r.id)).toEqual(set.rules.map((r) => r.id));
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { ruleSchema, type Condition } from '../../../src/engine/rule-schema.js';
import { loginPassword } from '../../../src/probes/login_password/index.js';
import { screenLock } from '../../../src/probes/screen_lock/index.js';
import type { Probe } from '../../../src/probes/types.js';
import { REPO } from '../../helpers/host.js';

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; items?: JsonSchema; anyOf?: JsonSchema[] };

/** The schema of a dotted fact path (items of a list for `none`/`some`), or undefined when there is no such fact. */
function factSchema(schema: JsonSchema, factPath: string): JsonSchema | undefined {
  let node: JsonSchema | undefined = schema;
  for (const part of factPath.split('.')) {
    node = node?.anyOf?.find((s) => s.properties) ?? node;
    node = node?.properties?.[part];
  }
  return node;
}

function checkFacts(condition: Condition, schema: JsonSchema, where: string): void {
  if ('all' in condition) return condition.all.forEach((c) => checkFacts(c, schema, where));
  if ('any' in condition) return condition.any.forEach((c) => checkFacts(c, schema, where));
  if ('not' in condition) return checkFacts(condition.not, schema, where);
  const fact = factSchema(schema, condition.fact);
  expect(fact, `${where}: fact ${condition.fact}`).toBeDefined();
  const item = 'none' in condition ? condition.none : 'some' in condition ? condition.some : null;
  if (item) {
    const list = fact?.anyOf?.find((s) => s.items) ?? fact;
    expect(list?.items, `${where}: ${condition.fact} is a list`).toBeDefined();
    checkFacts(item, list?.items ?? {}, where);
  }
}

describe.each([
  ['rules/login-password.yaml', loginPassword as Probe],
  ['rules/screen-lock.yaml', screenLock as Probe],
])('%s', (file, probe) => {
  it('is valid, names its probe, uses only its facts and params, and has fix steps for every OS it applies to', async () => {
    const rules = (parse(await readFile(path.join(REPO, file), 'utf8')) as { rules: unknown[] }).rules.map((r) => ruleSchema.parse(r));
    const schema = z.toJSONSchema(probe.facts) as JsonSchema;
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.probe).toBe(probe.id);
      checkFacts(rule.check, schema, rule.id);
      if (rule.applies.when) checkFacts(rule.applies.when, schema, rule.id);
      for (const os of rule.applies.os) expect(rule.fix[os], `${rule.id} fix for ${os}`).toBeDefined();
      for (const param of JSON.stringify(rule.check).match(/\$param\.\w+/g) ?? []) expect(rule.params, rule.id).toHaveProperty(param.slice('$param.'.length));
    }
  });
});

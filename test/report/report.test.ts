import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportJsonSchema, reportSchema, type Report } from '../../src/report/model.js';
import { renderJson } from '../../src/report/json.js';
import { renderText } from '../../src/report/text.js';
import { REPO } from '../helpers/host.js';

// A report as scan() would build it, with values a hostile PC could put in facts: names that
// carry terminal escapes, newlines and a right-to-left override. (Hand-written for this test.)
const HOSTILE = 'evil\u001b[2J\u001b]0;pwned\u0007\nsecond line\u202etxt.exe';
const report: Report = reportSchema.parse({
  schemaVersion: 1,
  tool: { name: 'shop-audit', version: '0.0.0' },
  generatedAt: '2026-11-23T10:00:00.000Z',
  lang: 'en',
  profile: { id: 'default', title: 'Small-shop baseline', source: 'test' },
  machine: {
    hostname: HOSTILE,
    os: 'linux',
    osName: 'Debian GNU/Linux 12 (bookworm)',
    osVersion: '12',
    user: 'shop',
    elevated: false,
    replayed: false,
  },
  score: { value: 40, grade: 'F', coverage: 80, cappedByCritical: false },
  counts: { pass: 1, fail: 1, unknown: 1, not_applicable: 0, error: 0 },
  policy: { failOn: 'high', minScore: null, strict: false, passed: false, reasons: ['1 failed at high or above'] },
  results: [
    {
      id: 'shares.no-guest',
      probe: 'open_shares',
      severity: 'critical',
      status: 'fail',
      title: 'No guest share',
      why: 'Strangers can read files.',
      fix: ['Open the settings', 'Turn it off'],
      refs: [{ framework: 'cis-v8', control: '4.8' }],
      evidence: { shares: [{ name: HOSTILE }] },
      reasons: [],
    },
    {
      id: 'login.no-empty-password',
      probe: 'login_password',
      severity: 'critical',
      status: 'unknown',
      title: 'Passwords',
      why: 'w',
      fix: null,
      refs: [],
      evidence: {},
      reasons: [`accounts[${HOSTILE}].password: needs root`],
    },
    {
      id: 'screen-lock.idle-timeout',
      probe: 'screen_lock',
      severity: 'high',
      status: 'pass',
      title: 'Screen lock',
      why: 'w',
      fix: null,
      refs: [],
      evidence: {},
      reasons: [],
    },
  ],
  probes: [{ id: 'open_shares', status: 'ok', ms: 3, unknown: {} }],
});

describe('text report', () => {
  const text = renderText(report, { color: false });
  it('shows score, grade, coverage, counts, fix steps and the verdict', () => {
    expect(text).toContain('Score 40/100   Grade F   Coverage 80%');
    expect(text).toContain('Checked: 2 of 3 checks that apply were answered');
    expect(text).toContain('        1. Open the settings\n        2. Turn it off');
    expect(text).toContain('Result: FAILED — 1 failed at high or above');
    expect(text.indexOf('Problems to fix')).toBeGreaterThan(0);
    expect(text.indexOf('Problems to fix')).toBeLessThan(text.indexOf('Could not check'));
    expect(text.indexOf('Could not check')).toBeLessThan(text.indexOf('Passed'));
  });
  it('neutralises terminal escapes, newlines and bidi overrides from the PC', () => {
    expect(text).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(text).toContain('evil\\u{1b}[2J\\u{1b}]0;pwned\\u{7} ⏎ second line\\u{202e}txt.exe');
  });
  it('uses colour only when asked', () => {
    expect(text).not.toContain('\u001b[');
    expect(renderText(report, { color: true })).toContain('\u001b[');
  });
  it('speaks Chinese when the report is zh-CN', () => {
    const zh = renderText({ ...report, lang: 'zh-CN' }, { color: false });
    expect(zh).toContain('得分 40/100   等级 F   检查覆盖率 80%');
    expect(zh).toContain('需要修复的问题');
  });
});

describe('JSON report', () => {
  it('keeps hostile values verbatim (JSON escaping makes them safe)', () => {
    const parsed = JSON.parse(renderJson(report));
    expect(parsed.machine.hostname).toBe(HOSTILE);
    expect(parsed.results[0].evidence.shares[0].name).toBe(HOSTILE);
  });
  it('the published schema/report.schema.json is the one the model generates', () => {
    const published = JSON.parse(readFileSync(path.join(REPO, 'schema', 'report.schema.json'), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(reportJsonSchema())));
  });
});

import type { Report, RuleResult } from './model.js';
import { headline } from './order.js';
import { neutralise } from './neutralise.js';

// JUnit XML for CI servers and MSP tools: one test case per rule. A check that could not be
// answered is an error, never a pass; a rule that does not apply is skipped.

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
// XML 1.0 allows no control characters but tab and line breaks, not even escaped.
// eslint-disable-next-line no-control-regex
const xml = (value: unknown) =>
  neutralise(String(value))
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);

export function renderJunit(report: Report): string {
  const c = report.counts;
  const name = `shop-audit ${report.machine.hostname ?? '?'} (${report.profile.id})`;
  const cases = report.results.map(testCase).join('\n');
  // The same totals on the <testsuites> and its one <testsuite>.
  const totals =
    `tests="${report.results.length}" failures="${c.fail}" errors="${c.unknown + c.error}" ` +
    `skipped="${c.not_applicable}"`;
  const timestamp = xml(report.generatedAt.replace(/\.\d+Z$/, ''));
  const property = (key: string, value: string | number | boolean) => `<property name="${key}" value="${value}"/>`;
  const properties =
    property('score', report.score.value ?? '') +
    property('coverage', report.score.coverage ?? '') +
    property('policyPassed', report.policy.passed);
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="shop-audit" ${totals}>
<testsuite name="${xml(name)}" ${totals} timestamp="${timestamp}">
<properties>${properties}</properties>
${cases}
</testsuite>
</testsuites>
`;
}

function testCase(r: RuleResult): string {
  const open = `<testcase classname="${xml(r.probe)}" name="${xml(`${r.id}: ${r.title}`)}">`;
  switch (r.status) {
    case 'pass':
      return `${open}</testcase>`;
    case 'not_applicable':
      return `${open}<skipped/></testcase>`;
    case 'fail': {
      const body = [
        r.found && `found: ${r.found}`,
        r.required && `required: ${r.required}`,
        ...(r.fix ?? []).map((s, i) => `${i + 1}. ${s}`),
      ]
        .filter(Boolean)
        .join('\n');
      return `${open}<failure type="${r.severity}" message="${xml(headline(r))}">${xml(body)}</failure></testcase>`;
    }
    case 'unknown':
    case 'error': {
      const message = xml(`could not be checked (${r.severity})`);
      return `${open}<error type="${r.status}" message="${message}">${xml(r.reasons.join('\n'))}</error></testcase>`;
    }
  }
}

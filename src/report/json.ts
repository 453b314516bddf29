import type { Report } from './model.js';

/** The report as JSON: values verbatim (JSON escaping makes them safe), two-space indented. */
export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}

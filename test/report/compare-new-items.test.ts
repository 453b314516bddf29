import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compareReports,
  comparisonSection,
  renderComparisonJson,
  renderComparisonText,
} from '../../src/report/compare.js';
import { makeRoot, REPO, rootHost } from '../helpers/host.js';
import { scanWith } from '../helpers/scan.js';

const fixture = (dir: string, name: string) => readFileSync(path.join(REPO, 'test/fixtures', dir, name), 'utf8');

/** A Debian 12 PC (temporary root) whose /etc/cron.d holds these crontabs. */
async function pcWith(cron: Record<string, string>) {
  const files: Record<string, string> = {
    '/etc/os-release': fixture('os_support', 'os-release__this-debian12-etc.txt'),
  };
  for (const [name, text] of Object.entries(cron)) files[`/etc/cron.d/${name}`] = text;
  return scanWith(await rootHost(await makeRoot(files)), { replayed: false });
}

describe('compare: what starts by itself that is new since the last visit', () => {
  it('names only the entries the earlier report did not list, in text, JSON and HTML', async () => {
    const before = await pcWith({ sync: '@reboot root /opt/sync/run\n' });
    const after = await pcWith({ sync: '@reboot root /opt/sync/run\n', zz: '@reboot root /tmp/.x/spy --quiet\n' });
    const c = compareReports(before, after);
    expect(c.newItems).toEqual([
      {
        id: 'autostart.inventory',
        title: 'Programs that start by themselves (for you to check)',
        items: ['/etc/cron.d/zz @reboot (/tmp/.x/spy)'],
      },
    ]);
    // The inventory failed before and fails now: without the item list the comparison would only say "still".
    expect(c.stillFailing.map((r) => r.id)).toContain('autostart.inventory');
    expect(renderComparisonText(c)).toContain('New since the last visit — Programs that start by themselves');
    expect(renderComparisonText(c)).toContain('  - /etc/cron.d/zz @reboot (/tmp/.x/spy)');
    expect(JSON.parse(renderComparisonJson(c)).newItems[0].items).toEqual(['/etc/cron.d/zz @reboot (/tmp/.x/spy)']);
    expect(comparisonSection(c)).toContain('<li>/etc/cron.d/zz @reboot (/tmp/.x/spy)</li>');
    // Nothing new the other way round, and nothing when the same PC is scanned twice.
    expect(compareReports(after, before).newItems).toEqual([]);
    expect(compareReports(after, after).newItems).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReplayHost } from '../../src/host/bundle.js';
import { REPO } from '../helpers/host.js';
import { exited, macBundle, SAMPLED_MAC } from '../helpers/macos-samples.js';
import { scanWith } from '../helpers/scan.js';
import { windowsHost } from '../helpers/windows-samples.js';

// os.no-overdue-security-updates in whole scans: Windows through the script's pendingUpdates answer (Windows
// Update's offline search), macOS through Software Update's published settings. Linux: the apt scenarios in
// test/probes/os_support/linux.test.ts (pass with none waiting, unknown with some).

type Report = Awaited<ReturnType<typeof scanWith>>;
const RULE = 'os.no-overdue-security-updates';
const ruleOf = (report: Report) => report.results.find((r) => r.id === RULE)!;
const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'os_support', name), 'utf8');
const SEARCH = JSON.parse(fixture('pending-updates__handwritten-documented-properties.json'));
const SCAN_DAY = new Date('2026-12-07T08:00:00Z');

describe(`${RULE} on Windows`, () => {
  it('a security update released 2026-11-10 still waiting on 2026-12-07: fails, naming it', async () => {
    const rule = ruleOf(await scanWith(windowsHost({ pendingUpdates: SEARCH }), { now: SCAN_DAY }));
    expect(rule.status).toBe('fail');
    expect(rule.found).toMatch(
      /^2 security updates waiting, 1 released more than 14 days ago, the oldest on 2026-11-10/,
    );
  });

  it('that one installed, the critical update of 2026-12-01 waiting: passes', async () => {
    const search = { ...SEARCH, updates: SEARCH.updates.slice(1) };
    const rule = ruleOf(await scanWith(windowsHost({ pendingUpdates: search }), { now: SCAN_DAY }));
    expect(rule.status).toBe('pass');
  });

  it('the search refused (Constrained Language Mode blocks COM) or never run: unknown, never a pass', async () => {
    const failed = { pendingUpdates: { type: 'System.Management.Automation.PSNotSupportedException', message: 'x' } };
    expect(ruleOf(await scanWith(windowsHost({}, { failed }), { now: SCAN_DAY })).status).toBe('unknown');
    const never = { ...SEARCH, lastSearch: null, updates: [] };
    expect(ruleOf(await scanWith(windowsHost({ pendingUpdates: never }), { now: SCAN_DAY })).status).toBe('unknown');
  });
});

describe(`${RULE} on macOS`, () => {
  const OWN = '/Library/Preferences/com.apple.SoftwareUpdate';
  const MANAGED = '/Library/Managed Preferences/com.apple.SoftwareUpdate';
  const mac = (own: string) => {
    const bundle = macBundle(SAMPLED_MAC);
    bundle.commands.push(
      { command: '/usr/bin/defaults', args: ['read', OWN], result: exited(own) },
      {
        command: '/usr/bin/defaults',
        args: ['read', MANAGED],
        result: exited('', `Domain ${MANAGED} does not exist\n`, 1),
      },
    );
    return createReplayHost(bundle);
  };

  it("the cheat sheet's Mac, no update found by a check 3 days before: passes", async () => {
    const none = fixture(
      'defaults-read-com.apple.SoftwareUpdate__catalina-10.15.7-cheatsheet-only-install-macos-updates-set.txt',
    );
    const rule = ruleOf(await scanWith(mac(none), { now: new Date('2020-10-13T08:00:00Z') }));
    expect(rule.status).toBe('pass');
  });

  it('the published Mac with three updates waiting: unknown (macOS keeps no release dates), never a fail', async () => {
    const three = fixture(
      'defaults-read-com.apple.SoftwareUpdate__catalina-10.15.7-ansible-101-readme-security-responses-off.txt',
    );
    const rule = ruleOf(await scanWith(mac(three), { now: new Date('2021-02-24T08:00:00Z') }));
    expect(rule.status).toBe('unknown');
    expect(JSON.stringify(rule.reasons)).toMatch(/found 3 updates waiting; macOS does not record when/);
  });
});

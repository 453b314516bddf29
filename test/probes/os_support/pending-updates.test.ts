import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  aptPendingUpdates,
  macosPendingUpdates,
  windowsPendingSecurityUpdates,
} from '../../../src/probes/os_support/pending-updates.js';
import { REPO } from '../../helpers/host.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'os_support', name), 'utf8');
const SEARCH = JSON.parse(fixture('pending-updates__handwritten-documented-properties.json'));
const SCAN_DAY = new Date('2026-12-07T08:00:00Z');

describe("Windows Update's list of waiting updates", () => {
  it('a security update released 27 days ago is overdue; a critical update of 6 days and a definition update are not', () => {
    expect(windowsPendingSecurityUpdates(SEARCH, SCAN_DAY)).toEqual({
      ok: true,
      value: {
        overdue: 1,
        oldest: '2026-11-10',
        evidence:
          "2 security updates waiting, 1 released more than 14 days ago, the oldest on 2026-11-10 (Windows Update's list of 2026-12-06)",
      },
    });
  });

  it('on day 14 after its release the security update is not overdue yet, on day 15 it is', () => {
    const onDay = (day: string) => windowsPendingSecurityUpdates(SEARCH, new Date(`${day}T08:00:00Z`));
    const lastSearch = '2026-11-20T10:00:00';
    const at = (day: string) => windowsPendingSecurityUpdates({ ...SEARCH, lastSearch }, new Date(`${day}T08:00:00Z`));
    expect(at('2026-11-24')).toMatchObject({ ok: true, value: { overdue: 0 } });
    expect(at('2026-11-25')).toMatchObject({ ok: true, value: { overdue: 1 } });
    expect(onDay('2026-12-07')).toMatchObject({ ok: true, value: { overdue: 1 } });
  });

  it('the security update installed (gone from the list): none overdue, only the critical update waits', () => {
    const search = { ...SEARCH, updates: SEARCH.updates.slice(1) };
    expect(windowsPendingSecurityUpdates(search, SCAN_DAY)).toMatchObject({
      ok: true,
      value: { overdue: 0, oldest: '2026-12-01' },
    });
  });

  it('nothing waiting on a list searched 20 days ago, or never: not known, never a pass', () => {
    const none = { ...SEARCH, updates: [] };
    expect(windowsPendingSecurityUpdates({ ...none, lastSearch: '2026-11-17T08:00:00' }, SCAN_DAY)).toEqual({
      ok: false,
      reason: 'Windows Update last checked for updates 20 days ago (2026-11-17): updates released since are not known',
    });
    expect(windowsPendingSecurityUpdates({ ...none, lastSearch: null }, SCAN_DAY)).toEqual({
      ok: false,
      reason: 'Windows Update has no record of a successful check for updates',
    });
    // An overdue update stays overdue on an old list: it is still not installed.
    expect(windowsPendingSecurityUpdates({ ...SEARCH, lastSearch: null }, SCAN_DAY)).toMatchObject({
      ok: true,
      value: { overdue: 1 },
    });
  });

  it('the published German record (KB5032339, MsrcSeverity Important, no categories shown): overdue 23 days on', () => {
    const record = JSON.parse(
      fixture('pending-updates__de-win10-22h2-kb5032339-from-published-record-handwritten.json'),
    );
    expect(windowsPendingSecurityUpdates(record, new Date('2023-12-07T08:00:00Z'))).toMatchObject({
      ok: true,
      value: { overdue: 1, oldest: '2023-11-14' },
    });
    // Six days after its release it is waiting but not overdue; with no record of the last search, not known.
    expect(windowsPendingSecurityUpdates(record, new Date('2023-11-20T08:00:00Z'))).toMatchObject({ ok: false });
    const searched = { ...record, lastSearch: '2023-11-19T22:00:00' };
    expect(windowsPendingSecurityUpdates(searched, new Date('2023-11-20T08:00:00Z'))).toMatchObject({
      ok: true,
      value: { overdue: 0, oldest: '2023-11-14' },
    });
  });

  it('a failed search (result code 4) or a security update without a date: not known', () => {
    expect(windowsPendingSecurityUpdates({ ...SEARCH, resultCode: 4 }, SCAN_DAY)).toMatchObject({ ok: false });
    const undated = { ...SEARCH, updates: [{ ...SEARCH.updates[0], published: null }] };
    expect(windowsPendingSecurityUpdates(undated, SCAN_DAY)).toMatchObject({ ok: false });
  });
});

describe("Software Update's last check (macOS)", () => {
  const THREE = fixture(
    'defaults-read-com.apple.SoftwareUpdate__catalina-10.15.7-ansible-101-readme-security-responses-off.txt',
  );
  const NONE = fixture(
    'defaults-read-com.apple.SoftwareUpdate__catalina-10.15.7-cheatsheet-only-install-macos-updates-set.txt',
  );

  it('none found by a check 3 days before the scan: none overdue', () => {
    expect(macosPendingUpdates(NONE, new Date('2020-10-13T08:00:00Z'))).toEqual({
      ok: true,
      value: { overdue: 0, oldest: null, evidence: 'no update waiting (Software Update checked on 2020-10-10)' },
    });
  });

  it('three found (no release dates): not known; a check too old: not known', () => {
    expect(macosPendingUpdates(THREE, new Date('2021-02-24T08:00:00Z'))).toEqual({
      ok: false,
      reason:
        "Software Update's last check (2021-02-23) found 3 updates waiting; macOS does not record when they were released",
    });
    expect(macosPendingUpdates(NONE, new Date('2020-11-10T08:00:00Z'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Software Update last checked for updates 31 days ago \(2020-10-10\)/),
    });
    expect(macosPendingUpdates('', new Date('2020-11-10T08:00:00Z'))).toMatchObject({ ok: false });
  });
});

describe("apt's count", () => {
  it('0 waiting: none overdue; 2 waiting: not known since when; no count: its reason', () => {
    expect(aptPendingUpdates({ ok: true, value: 0 })).toMatchObject({ ok: true, value: { overdue: 0 } });
    expect(aptPendingUpdates({ ok: true, value: 2 })).toMatchObject({ ok: false });
    expect(aptPendingUpdates({ ok: false, reason: 'stale' })).toEqual({ ok: false, reason: 'stale' });
  });
});

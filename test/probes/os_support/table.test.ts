import { describe, expect, it } from 'vitest';
import {
  EOL_TABLE_AS_OF,
  LINUX_EOL,
  MACOS_EOL,
  WINDOWS_EOL,
  type EolEntry,
} from '../../../src/probes/os_support/eol-table.js';

// The end-of-life table is data a shop owner's verdict rests on: every entry must say where its
// date comes from, and the dates must be real days.

const ALL: EolEntry[] = [...WINDOWS_EOL, ...MACOS_EOL, ...LINUX_EOL];

const isDay = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

/** Entries that do not name a vendor page (https URL) as their source. */
function withoutSource(entries: readonly EolEntry[]): string[] {
  return entries.filter((e) => !/^https:\/\/[a-z0-9.-]+\.[a-z]{2,}\//i.test(e.source?.trim() ?? '')).map((e) => e.name);
}

describe('the end-of-life table', () => {
  it('has an "as of" date', () => {
    expect(isDay(EOL_TABLE_AS_OF)).toBe(true);
  });

  it('every entry carries the URL of its source (and the check catches one that does not)', () => {
    expect(withoutSource(ALL)).toEqual([]);
    expect(
      withoutSource([
        { ...WINDOWS_EOL[0]!, source: '' },
        { ...LINUX_EOL[0]!, source: 'wiki.debian.org/LTS' },
      ]),
    ).toHaveLength(2);
  });

  it('every end date is a real day', () => {
    for (const e of ALL) if (e.ends !== null) expect(isDay(e.ends), `${e.name}: ${e.ends}`).toBe(true);
  });

  it('Windows servicing ends on a Patch Tuesday, as Microsoft always ends it: a slipped day is caught', () => {
    for (const e of WINDOWS_EOL) expect(new Date(`${e.ends}T00:00:00Z`).getUTCDay(), `${e.name}: ${e.ends}`).toBe(2);
  });

  it('no release is listed twice for the same edition, version or build', () => {
    const windows = WINDOWS_EOL.flatMap((e) => e.channels.map((c) => `${e.build}/${c}`));
    expect(new Set(windows).size).toBe(windows.length);
    const macos = MACOS_EOL.map((e) => e.major);
    expect(new Set(macos).size).toBe(macos.length);
    const linux = LINUX_EOL.map((e) => `${e.id}/${e.version}`);
    expect(new Set(linux).size).toBe(linux.length);
  });

  it('covers what the brief asks: Windows 7, 8.1, every Windows 10 and 11 release, LTSC/IoT, Server 2008 R2 to 2025', () => {
    const names = new Set(WINDOWS_EOL.map((e) => e.name));
    for (const v of [
      '1507',
      '1511',
      '1607',
      '1703',
      '1709',
      '1803',
      '1809',
      '1903',
      '1909',
      '2004',
      '20H2',
      '21H1',
      '21H2',
      '22H2',
    ])
      expect(names.has(`Windows 10 version ${v}`), v).toBe(true);
    for (const v of ['21H2', '22H2', '23H2', '24H2', '25H2'])
      expect(names.has(`Windows 11 version ${v}`), v).toBe(true);
    for (const n of [
      'Windows 7 SP1',
      'Windows 8.1',
      'Windows 10 Enterprise LTSC 2021',
      'Windows 10 IoT Enterprise LTSC 2021',
      'Windows 11 IoT Enterprise LTSC 2024',
      'Windows Server 2008 R2',
      'Windows Server 2025',
    ])
      expect(names.has(n), n).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { fillTemplate, nameOf, placeholders, type TemplateWords } from '../../src/engine/template.js';

// The found/required texts of a rule, filled from facts and params. Hand-made words, each a distinct
// token, so every expectation below says which word the template chose (the report's real words are
// the i18n module's business).
const WORDS: TemplateWords = {
  yes: 'YES',
  no: 'NO',
  unknown: 'UNKNOWN',
  none: 'NONE',
  separator: ' / ',
  minutes: (n) => `${n} MIN`,
  running: 'RUNNING',
  startsAtBoot: 'AT-BOOT',
};

const fill = (
  template: string,
  facts: Record<string, unknown> = {},
  extra: { params?: object; failing?: unknown[] } = {},
) => fillTemplate(template, { facts, params: { ...extra.params } as never, failing: extra.failing ?? [] }, WORDS);

describe('rule templates', () => {
  it('reads placeholders with their filter, and nothing that is not one', () => {
    expect(placeholders('{failing|seen} and {param.max|minutes}, {a.b_c} {1x} {x|Up} {} {x|}')).toEqual([
      { name: 'failing', filter: 'seen' },
      { name: 'param.max', filter: 'minutes' },
      { name: 'a.b_c', filter: undefined },
    ]);
    // Every placeholder of a text is filled, not only the first.
    expect(fill('{a}-{b}-{a}', { a: 1, b: 2 })).toBe('1-2-1');
  });

  it('fills facts (dotted paths), params and the failing items; missing values are unknown', () => {
    expect(fill('{ssh.port} {enabled} {count}', { ssh: { port: 22 }, enabled: true, count: 0 })).toBe('22 YES 0');
    expect(fill('{enabled} {missing} {ssh.nothing} {nul}', { enabled: false, nul: null })).toBe(
      'NO UNKNOWN UNKNOWN UNKNOWN',
    );
    expect(fill('{param.max} {param.absent} {param.on}', {}, { params: { max: 600, on: false } })).toBe(
      '600 UNKNOWN NO',
    );
    // `param.` only names a param; a fact called param is not read for it.
    expect(fill('{param.max}', { param: { max: 1 } })).toBe('UNKNOWN');
    expect(fill('{failing}', { failing: 'a fact' }, { failing: [{ name: 'guest' }, { name: 'admin' }] })).toBe(
      'guest / admin',
    );
    expect(fill('{failing}')).toBe('NONE');
    expect(fill('{words}', { words: ['ab', 'cd'] })).toBe('ab / cd');
  });

  it('|minutes shows seconds as rounded minutes, and only numbers', () => {
    // The real rule's template: "locks after {idleSeconds|minutes}".
    expect(fill('{idleSeconds|minutes}', { idleSeconds: 600 })).toBe('10 MIN');
    expect(fill('{idleSeconds|minutes}', { idleSeconds: 89 })).toBe('1 MIN');
    expect(fill('{idleSeconds|minutes}', { idleSeconds: 90 })).toBe('2 MIN');
    expect(fill('{idleSeconds}', { idleSeconds: 600 })).toBe('600');
    expect(fill('{idleSeconds|minutes}', { idleSeconds: null })).toBe('UNKNOWN');
    expect(fill('{idleSeconds|minutes}', { idleSeconds: 'never' })).toBe('never');
  });

  it('|state adds whether each item runs and starts by itself (remote-access rules)', () => {
    const failing = [
      { name: 'xrdp', running: true, startsAtBoot: true },
      { name: 'vnc', running: true, startsAtBoot: false },
      { name: 'anydesk', running: false, startsAtBoot: true },
      { name: 'teamviewer', running: false, startsAtBoot: false },
      { name: 'sunlogin', running: 'yes', startsAtBoot: 1 },
    ];
    expect(fill('{failing|state}', {}, { failing })).toBe(
      'xrdp (RUNNING / AT-BOOT) / vnc (RUNNING) / anydesk (AT-BOOT) / teamviewer / sunlogin',
    );
    // Without the filter only the names.
    expect(fill('{failing}', {}, { failing })).toBe('xrdp / vnc / anydesk / teamviewer / sunlogin');
  });

  it('|seen adds the UTC days an item was first and last seen (usb-storage rule)', () => {
    const failing = [
      { name: 'SanDisk Cruzer Blade', firstConnected: '2024-01-05T09:12:00Z', lastConnected: '2024-03-02T18:00:00Z' },
      { name: 'Kingston DataTraveler', firstConnected: null, lastConnected: '2024-02-01' },
      { name: 'Generic Flash Disk', firstConnected: '2023-12-31T23:59:59Z', lastConnected: 'yesterday' },
      { name: 'USB DISK', firstConnected: 'x2024-01-05', lastConnected: 20240105 },
      { name: 'Mass Storage', firstConnected: '2024-01-5', lastConnected: '2024-1-05' },
    ];
    expect(fill('{failing|seen}', {}, { failing })).toBe(
      'SanDisk Cruzer Blade (2024-01-05 – 2024-03-02) / Kingston DataTraveler (UNKNOWN – 2024-02-01) / ' +
        'Generic Flash Disk (2023-12-31 – UNKNOWN) / USB DISK / Mass Storage',
    );
    // Without the filter only the names.
    expect(fill('{failing}', {}, { failing })).toBe(
      'SanDisk Cruzer Blade / Kingston DataTraveler / Generic Flash Disk / USB DISK / Mass Storage',
    );
  });

  it('an item is named by name, mount point, path or id, in that order; else ?', () => {
    expect(nameOf({ id: 'i', path: 'p', mountPoint: 'm', name: 'n' })).toBe('n');
    expect(nameOf({ id: 'i', path: 'p', mountPoint: 'm' })).toBe('m');
    expect(nameOf({ id: 'i', path: 'p' })).toBe('p');
    expect(nameOf({ id: 'i', name: 3 })).toBe('i');
    expect(nameOf({ other: 'x' })).toBe('?');
    expect(nameOf(null)).toBe('?');
    expect(nameOf('text')).toBe('?');
    expect(fill('{failing}', {}, { failing: [{ mountPoint: '/srv/share' }, { path: 'C:\\Shop' }, {}] })).toBe(
      '/srv/share / C:\\Shop / ?',
    );
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOsRelease } from '../../../src/probes/linux/parse.js';
import { REPO } from '../../helpers/host.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'os_support', name), 'utf8');

describe('parseOsRelease', () => {
  it('os-release__ubuntu-24.04.3-lts.txt: quoted and bare values', () => {
    const release = parseOsRelease(fixture('os-release__ubuntu-24.04.3-lts.txt'));
    expect([release.ID, release.VERSION_ID, release.VERSION_CODENAME, release.PRETTY_NAME]).toEqual([
      'ubuntu',
      '24.04',
      'noble',
      'Ubuntu 24.04.3 LTS',
    ]);
  });

  it('os-release__debian-stretch-sid-testing-no-version-id.txt: no VERSION_ID, no final newline', () => {
    const release = parseOsRelease(fixture('os-release__debian-stretch-sid-testing-no-version-id.txt'));
    expect(release).toEqual({
      PRETTY_NAME: 'Debian GNU/Linux stretch/sid',
      NAME: 'Debian GNU/Linux',
      ID: 'debian',
      HOME_URL: 'https://www.debian.org/',
      SUPPORT_URL: 'https://www.debian.org/support',
      BUG_REPORT_URL: 'https://bugs.debian.org/',
    });
  });

  it('the shell quoting os-release(5) allows, and lines that are no assignment (handwritten)', () => {
    const text = [
      '# comment',
      'A="x \\"y\\" \\$z \\`w\\` \\\\ \\n"',
      "B='it \\\"s'",
      'C=""',
      'D="',
      "E='unclosed",
      ' F = 1',
      'G=  spaced  ',
      'lower=x',
      'H="a"b',
      "I=''",
    ].join('\r\n');
    expect(parseOsRelease(text)).toEqual({
      A: 'x "y" $z `w` \\ \\n',
      B: 'it \\"s',
      C: '',
      D: '"',
      E: "'unclosed",
      G: 'spaced',
      H: '"a"b',
      I: '',
    });
  });
});

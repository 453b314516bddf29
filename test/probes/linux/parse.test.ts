import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  effectiveExecStart,
  parseEnvironmentFile,
  parseGroup,
  parseListUnitFiles,
  parseOsRelease,
  parsePasswd,
  serviceEnvironment,
  splitCommandLine,
  unitStateStartsAtBoot,
} from '../../../src/probes/linux/parse.js';
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

describe('edges found by mutation testing (handwritten lines as glibc and systemctl read and print them)', () => {
  it('os-release: a key indented is read; text before a key is no assignment', () => {
    expect(parseOsRelease('  J=1\nx FOO=1\n')).toEqual({ J: '1' });
  });

  it('/etc/group: members after blanks, empty member lists, comments, NIS lines and bad gids skipped', () => {
    const text = [
      'sudo:x:27:alice, bob,,carol',
      ' adm:x:4:syslog',
      'users:x:100',
      'spaced:x: 5:',
      '#wheel:x:10:root',
      '+nis:x:11:',
      '-nis:x:12:',
      'bad:x:5x:a',
      'bad2:x:x5:a',
      'my-group:x:7:',
      'short:x',
      '',
    ].join('\n');
    expect(parseGroup(text)).toEqual([
      { name: 'sudo', gid: 27, members: ['alice', 'bob', 'carol'] },
      { name: 'adm', gid: 4, members: ['syslog'] },
      { name: 'users', gid: 100, members: [] },
      { name: 'spaced', gid: 5, members: [] },
      { name: 'my-group', gid: 7, members: [] },
    ]);
  });

  it('/etc/passwd: four fields are enough, a leading blank is skipped, # only at the start is a comment, uid digits only', () => {
    const text = [
      ' root:x:0:0:root:/root:/bin/bash',
      'four:x:1000:1000',
      'three:x:1001',
      'x#:x:1002:1002::/home/x:/bin/bash',
      'bad:x:x1003:1003::/home/b:/bin/bash',
      'bad2:x:1004x:1004::/home/b:/bin/bash',
      'sp:x: 1005:1005::/home/s:',
      'colon:x:1006:1006::/home/c:/bin/sh:extra',
      'badgid:x:1007:x1007::/home/b:/bin/bash',
      'badgid2:x:1008:1008x::/home/b:/bin/bash',
    ].join('\n');
    expect(parsePasswd(text).map((e) => [e.name, e.uid, e.gid, e.shell])).toEqual([
      ['root', 0, 0, '/bin/bash'],
      ['four', 1000, 1000, '/bin/sh'],
      ['x#', 1002, 1002, '/bin/bash'],
      ['sp', 1005, 1005, '/bin/sh'],
      ['colon', 1006, 1006, '/bin/sh:extra'],
    ]);
  });

  it('unit-file lists: indented lines and blank lines; text before the unit refuses the list', () => {
    expect(parseListUnitFiles('  ssh.service enabled enabled\n   \n')).toEqual(new Map([['ssh.service', 'enabled']]));
    expect(parseListUnitFiles('junk ssh.service enabled\n')).toBeNull();
    expect(unitStateStartsAtBoot('vnc@.service', 'indirect')).toBe(true);
    expect(unitStateStartsAtBoot('vnc@.service-old', 'indirect')).toBe(false);
  });
});

describe('a systemd service as its files set it up (systemd.service(5), systemd.exec(5))', () => {
  const debianSsh = readFileSync(
    path.join(REPO, 'test/fixtures/remote_access/ssh.service__this-debian12-openssh9.2-package.service'),
    'utf8',
  );

  it("Debian's ssh.service: ExecStart with $SSHD_OPTS, which /etc/default/ssh fills in", () => {
    const files = [{ path: '/lib/systemd/system/ssh.service', text: debianSsh }];
    expect(effectiveExecStart(files)).toEqual({
      command: '/usr/sbin/sshd -D $SSHD_OPTS',
      source: '/lib/systemd/system/ssh.service',
    });
    expect(serviceEnvironment(files)).toEqual({
      assignments: new Map(),
      files: ['/etc/default/ssh'],
    });
    const variables = parseEnvironmentFile('# Options to pass to sshd\nSSHD_OPTS="-o PermitRootLogin=yes -p 2222"\n');
    expect(splitCommandLine('/usr/sbin/sshd -D $SSHD_OPTS', variables)).toEqual([
      '/usr/sbin/sshd',
      '-D',
      '-o',
      'PermitRootLogin=yes',
      '-p',
      '2222',
    ]);
    // ${NAME} is put in as one word; an unknown variable is empty; quotes keep $NAME as it is.
    const line = ['sshd', '"-o$' + '{X}"', '$NONE', "'$X'"].join(' ');
    expect(splitCommandLine(line, new Map([['X', 'A B']]))).toEqual(['sshd', '-oA B', '$X']);
  });

  it('a drop-in empties ExecStart= and Environment=, and adds its own; EnvironmentFile= empty clears the files', () => {
    const files = [
      { path: '/lib/systemd/system/ssh.service', text: debianSsh },
      {
        path: '/etc/systemd/system/ssh.service.d/shop.conf',
        text: '[Service]\nEnvironment="A=1 2" B=3\nEnvironmentFile=\nEnvironmentFile=/etc/shop/ssh\nExecStart=\nExecStart=/usr/sbin/sshd -D \\\n  -f /etc/ssh/shop_config\n',
      },
      { path: '/etc/systemd/system/ssh.service.d/zz.conf', text: '[Unit]\nExecStart=ignored outside [Service]\n' },
    ];
    expect(effectiveExecStart(files)).toEqual({
      command: '/usr/sbin/sshd -D    -f /etc/ssh/shop_config',
      source: '/etc/systemd/system/ssh.service.d/shop.conf',
    });
    expect(serviceEnvironment(files)).toEqual({
      assignments: new Map([
        ['A', '1 2'],
        ['B', '3'],
      ]),
      files: ['/etc/shop/ssh'],
    });
  });
});

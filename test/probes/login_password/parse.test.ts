import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  classifyPasswordField,
  parseGdmAutoLogin,
  parseLightdmAutoLogin,
  parsePasswdStatus,
  parseSddmAutoLogin,
  parseShadow,
  redactPasswordFields,
} from '../../../src/probes/login_password/parse.js';
import { isHumanAccount, parseLoginDefsUidMin, parsePasswd } from '../../../src/probes/linux/parse.js';
import { REPO, SAMPLES } from '../../helpers/host.js';

const sample = (name: string) => readFile(path.join(SAMPLES, 'linux', name), 'utf8');
const fixture = (name: string) => readFile(path.join(REPO, 'test', 'fixtures', 'login_password', name), 'utf8');

describe('parsePasswdStatus', () => {
  it('reads LK as locked (passwd-S__root-LK-alternate-auth-scheme.txt, RHEL 8)', async () => {
    expect(parsePasswdStatus(await sample('passwd-S__root-LK-alternate-auth-scheme.txt'), 'root')).toBe('locked');
  });

  it('reads L as locked (passwd-S__this-debian12-container-root.txt)', async () => {
    expect(parsePasswdStatus(await fixture('passwd-S__this-debian12-container-root.txt'), 'root')).toBe('locked');
  });

  it('reads P as set (passwd-S__this-debian12-passwd-R-scratch-root-password-set.txt)', async () => {
    expect(parsePasswdStatus(await fixture('passwd-S__this-debian12-passwd-R-scratch-root-password-set.txt'), 'alice')).toBe('set');
  });

  it('reads NP as empty (passwd-S__this-debian12-passwd-R-scratch-root-empty-password.txt)', async () => {
    expect(parsePasswdStatus(await fixture('passwd-S__this-debian12-passwd-R-scratch-root-empty-password.txt'), 'bob')).toBe('empty');
  });

  it('refuses a line about another account and a refusal message (passwd-S-stderr__...-refused.txt)', async () => {
    expect(parsePasswdStatus(await fixture('passwd-S__this-debian12-container-nobody-as-nobody-unprivileged.txt'), 'root')).toBeNull();
    expect(parsePasswdStatus(await fixture('passwd-S-stderr__this-debian12-container-root-asked-by-nobody-refused.txt'), 'root')).toBeNull();
  });
});

describe('accounts', () => {
  const passwd = [
    'root:x:0:0:root:/root:/bin/bash',
    'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
    'postgres:x:101:104::/var/lib/postgresql:/bin/bash',
    'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
    'alice:x:1000:1000::/home/alice:/bin/bash',
    'svc:x:1001:1001::/srv:/bin/false',
    'kiosk:x:1002:1002::/home/kiosk:',
    '+@netgroup::::::',
  ].join('\n');

  it('keeps root and people with a login shell from UID_MIN up', () => {
    const human = parsePasswd(passwd).filter((e) => isHumanAccount(e, 1000));
    expect(human.map((e) => e.name)).toEqual(['root', 'alice', 'kiosk']);
    expect(parsePasswd(passwd).find((e) => e.name === 'kiosk')?.shell).toBe('/bin/sh');
  });

  it('reads UID_MIN from login.defs with tabs, and null when it is absent', () => {
    expect(parseLoginDefsUidMin('# UID_MIN 10\nUID_MIN\t\t\t 500\nUID_MAX 60000\n')).toBe(500);
    expect(parseLoginDefsUidMin('UID_MAX 60000\n')).toBeNull();
  });

  it('classifies shadow fields', () => {
    const shadow = parseShadow('a::1:::::\nb:!:1:::::\nc:*:1:::::\nd:!!:1:::::\ne:$y$j9T$salt$hash:1:::::\nf:!$6$x$y:1:::::\n');
    expect([...shadow.entries()].map(([name, field]) => [name, classifyPasswordField(field)])).toEqual([
      ['a', 'empty'],
      ['b', 'locked'],
      ['c', 'locked'],
      ['d', 'locked'],
      ['e', 'set'],
      ['f', 'locked'],
    ]);
  });

  it('redacts hashes but keeps what the classification needs', () => {
    const text = 'a::1:::::\nb:!:1:::::\nc:*:1:::::\nd:!!$6$salt$secret1:1:::::\ne:$6$salt$secret2:1:::::\nf:x:0:0::/:/bin/sh\n';
    const redacted = redactPasswordFields(text);
    expect(redacted).not.toMatch(/secret|salt/);
    expect(redacted).toContain('f:x:0:0::/:/bin/sh');
    const kinds = (t: string) => [...parseShadow(t).values()].map(classifyPasswordField);
    expect(kinds(redacted)).toEqual(kinds(text));
  });
});

describe('display-manager auto-login', () => {
  it('gdm: AutomaticLoginEnable=True for rkmax, commented #Enable ignored (gdm-custom-conf__arch-autologin-enabled-wayland-disabled.txt)', async () => {
    expect(parseGdmAutoLogin(await sample('gdm-custom-conf__arch-autologin-enabled-wayland-disabled.txt'))).toEqual({ user: 'rkmax' });
  });

  it('gdm: commented or disabled keys and timed login', () => {
    expect(parseGdmAutoLogin('[daemon]\n#AutomaticLoginEnable=true\n#AutomaticLogin=bob\n')).toBeNull();
    expect(parseGdmAutoLogin('[daemon]\nAutomaticLoginEnable=false\nAutomaticLogin=bob\n')).toBeNull();
    expect(parseGdmAutoLogin('[daemon]\nAutomaticLoginEnable=true\nAutomaticLogin=\n')).toBeNull();
    expect(parseGdmAutoLogin('[security]\nAutomaticLoginEnable=true\nAutomaticLogin=bob\n')).toBeNull();
    expect(parseGdmAutoLogin('[daemon]\nTimedLoginEnable=true\nTimedLogin=carol\nTimedLoginDelay=10\n')).toEqual({ user: 'carol' });
  });

  it('lightdm: later files win, [SeatDefaults] is [Seat:*], an empty value switches it off again', () => {
    const a = { path: '/etc/lightdm/lightdm.conf.d/10-a.conf', text: '[SeatDefaults]\nautologin-user=alice\n' };
    const b = { path: '/etc/lightdm/lightdm.conf.d/20-b.conf', text: '[Seat:*]\nautologin-user=bob\n' };
    const off = { path: '/etc/lightdm/lightdm.conf', text: '[Seat:*]\nautologin-user=\n' };
    expect(parseLightdmAutoLogin([a, b])).toEqual({ user: 'bob', source: b.path });
    expect(parseLightdmAutoLogin([a, b, off])).toBeNull();
    expect(parseLightdmAutoLogin([{ path: 'x', text: '[Seat:*]\n#autologin-user=bob\n[LightDM]\nautologin-user=eve\n' }])).toBeNull();
    expect(parseLightdmAutoLogin([{ path: 'g', text: '[Seat:seat0]\nautologin-guest=true\n' }])).toEqual({ user: 'guest', source: 'g' });
  });

  it('sddm: [Autologin] User=, later files win', () => {
    const a = { path: '/etc/sddm.conf.d/kde_settings.conf', text: '[Autologin]\nRelogin=false\nSession=plasma\nUser=kiosk\n' };
    expect(parseSddmAutoLogin([a])).toEqual({ user: 'kiosk', source: a.path });
    expect(parseSddmAutoLogin([a, { path: '/etc/sddm.conf', text: '[Autologin]\nUser=\n' }])).toBeNull();
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createReplayHost, parseBundle } from '../../src/host/bundle.js';
import { exited, macBundle, SAMPLED_MAC } from '../helpers/macos-samples.js';
import { parseNetUser, sample, windowsHost } from '../helpers/windows-samples.js';
import { scanWith, statuses } from '../helpers/scan.js';

// login.guest-disabled on replayed Windows and Mac answers.
const guestRule = async (host: Parameters<typeof scanWith>[0]) =>
  statuses(await scanWith(host))['login.guest-disabled'];

describe('login.guest-disabled', () => {
  it('net-user-domain__en-guest-inactive-80col-wrap.txt: Guest (RID 501) inactive passes; the same account active fails', async () => {
    const guest = parseNetUser(sample('net-user-domain__en-guest-inactive-80col-wrap.txt'));
    expect(guest.enabled).toBe(false);
    const users = (enabled: boolean) => [
      { name: guest.name, enabled, passwordRequired: false, passwordLastSet: null, sid: 'S-1-5-21-1-2-3-501' },
    ];
    expect(await guestRule(windowsHost({ localUsers: users(false) }))).toBe('pass');
    expect(await guestRule(windowsHost({ localUsers: users(true) }))).toBe('fail');
    expect(await guestRule(windowsHost({}))).toBe('unknown');
  });

  it('macOS: GuestEnabled 1 fails, 0 passes (defaults read answers; handwritten values of the documented key)', async () => {
    const mac = (value: string) =>
      createReplayHost(
        macBundle({
          ...SAMPLED_MAC,
          '/usr/bin/defaults read /Library/Preferences/com.apple.loginwindow GuestEnabled': exited(`${value}\n`),
        }),
      );
    expect(await guestRule(mac('1'))).toBe('fail');
    expect(await guestRule(mac('0'))).toBe('pass');
  });

  it('does not apply to Linux, which has no Guest account', async () => {
    // A Linux bundle holding only a real os-release and /etc/passwd: the rule must not apply whatever the PC holds.
    const fixture = (name: string) => ({
      status: 'ok',
      text: readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'),
    });
    const linux = {
      kind: 'shop-audit-bundle',
      schemaVersion: 1,
      os: 'linux',
      elevated: false,
      user: { name: 'u', uid: 1000, home: null },
      files: {
        '/etc/os-release': fixture('os_support/os-release__this-debian12-etc.txt'),
        '/etc/passwd': fixture('login_password/passwd__this-debian12-container.txt'),
      },
    };
    expect(await guestRule(createReplayHost(parseBundle('linux.json', JSON.stringify(linux))))).toBe('not_applicable');
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNmcliWifi, weakest } from '../../../src/probes/wifi/parse.js';
import { REPO } from '../../helpers/host.js';
import { type AccessPoint, realNmcliOutput } from '../../helpers/nmcli-stub.js';
import { needs } from '../../helpers/tools.js';

// The real nmcli (NetworkManager 1.42, Debian 12) prints the probe's lines for access points a stand-in daemon
// describes by their D-Bus flags; the captures in test/fixtures/wifi are those lines, checked again here.

/** NM80211ApFlags PRIVACY; NM80211ApSecurityFlags: pairwise and group CCMP, PSK, 802.1X, SAE, OWE. */
const PRIVACY = 0x1;
const CCMP = 0x8 | 0x80;
const [PSK, EAP, SAE, OWE] = [0x100, 0x200, 0x400, 0x800];
const OPEN_NEIGHBOUR: AccessPoint = { ssid: 'next door', flags: 0, wpa: 0, rsn: 0 };
const WPA2_NEIGHBOUR: AccessPoint = { ssid: 'next door', flags: PRIVACY, wpa: 0, rsn: CCMP | PSK };
const shop = (flags: number, wpa: number, rsn: number): AccessPoint => ({
  ssid: 'shop',
  flags,
  wpa,
  rsn,
  active: true,
});

/** Each scene: the access points, and what shop-audit reads from nmcli's lines (null: connected to none). */
const SCENES: Record<string, { aps: AccessPoint[]; read: { security: string; text: string } | null }> = {
  wpa2: { aps: [shop(PRIVACY, 0, CCMP | PSK), OPEN_NEIGHBOUR], read: { security: 'wpa2', text: 'WPA2' } },
  wpa3: { aps: [shop(PRIVACY, 0, CCMP | SAE), OPEN_NEIGHBOUR], read: { security: 'wpa3', text: 'WPA3' } },
  'wpa2-wpa3-transition': {
    aps: [shop(PRIVACY, 0, CCMP | PSK | SAE), OPEN_NEIGHBOUR],
    read: { security: 'wpa3', text: 'WPA2 WPA3' },
  },
  'wpa1-wpa2': {
    aps: [shop(PRIVACY, CCMP | PSK, CCMP | PSK), OPEN_NEIGHBOUR],
    read: { security: 'wpa2', text: 'WPA1 WPA2' },
  },
  'wpa2-enterprise': {
    aps: [shop(PRIVACY, 0, CCMP | EAP), OPEN_NEIGHBOUR],
    read: { security: 'wpa2', text: 'WPA2 802.1X' },
  },
  wep: { aps: [shop(PRIVACY, 0, 0), WPA2_NEIGHBOUR], read: { security: 'wep', text: 'WEP' } },
  open: { aps: [shop(0, 0, 0), WPA2_NEIGHBOUR], read: { security: 'open', text: '(none)' } },
  owe: { aps: [shop(PRIVACY, 0, CCMP | OWE), OPEN_NEIGHBOUR], read: { security: 'owe', text: 'OWE' } },
  'not-connected': { aps: [{ ...shop(PRIVACY, 0, CCMP | PSK), active: false }, OPEN_NEIGHBOUR], read: null },
};
const capture = (scene: string) =>
  readFileSync(
    path.join(REPO, 'test/fixtures/wifi', `nmcli-terse-active-security__${scene}-nmcli-1.42.4-stand-in-daemon.txt`),
    'utf8',
  );

describe("the captures of nmcli's lines, read by the probe's parser", () => {
  it.each(Object.entries(SCENES))('%s', (scene, { read }) => {
    const connections = parseNmcliWifi(capture(scene));
    expect(connections).not.toBeNull();
    expect(weakest(connections!)).toEqual(read);
  });
});

needs({
  '/usr/bin/nmcli': 'network-manager',
  '/usr/bin/dbus-daemon': 'dbus-daemon',
  '/usr/lib/python3/dist-packages/dbus': 'python3-dbus',
  '/usr/lib/python3/dist-packages/gi': 'python3-gi',
}).describe('the real nmcli prints the captured lines', () => {
  it.each(Object.entries(SCENES))('%s', async (scene, { aps }) => {
    const { stdout, exitCode } = await realNmcliOutput(aps);
    expect(exitCode).toBe(0);
    expect(stdout).toBe(capture(scene));
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReplayHost, type Bundle } from '../../src/host/bundle.js';
import { NMCLI_ARGS } from '../../src/probes/wifi/linux.js';
import { AIRPORT_ARGS } from '../../src/probes/wifi/macos.js';
import { exited, macHost } from '../helpers/macos-samples.js';
import { REPO } from '../helpers/host.js';
import { scanWith } from '../helpers/scan.js';
import { windowsHost } from '../helpers/windows-samples.js';

const RULE = 'wifi.not-open-or-wep';
type Report = Awaited<ReturnType<typeof scanWith>>;
const result = (report: Report) => report.results.find((r) => r.id === RULE)!;
const fixture = (name: string) => readFileSync(path.join(REPO, 'test/fixtures/wifi', name), 'utf8');
const netsh = (name: string, exitCode = 0) => ({
  exitCode,
  lines: fixture(`netsh-wlan-show-interfaces__${name}.txt`).split('\n'),
});

describe('Wi-Fi rule on Windows, whole scans (netsh wlan show interfaces)', () => {
  it('Chinese Windows on WPA2 - 企业: passes', async () => {
    const r = result(await scanWith(windowsHost({ wlanInterfaces: netsh('zh-CN-win10-wpa2-enterprise-published') })));
    expect(r.status).toBe('pass');
  });

  it('an open network (Open / None): fails; the network name is nowhere in the result', async () => {
    const r = result(await scanWith(windowsHost({ wlanInterfaces: netsh('en-win10-open-published') })));
    expect(r.status).toBe('fail');
    expect(JSON.stringify(r)).not.toContain('CE_WLAN');
  });

  it('disconnected, or a wired PC whose WLAN service does not run: not applicable', async () => {
    const off = result(await scanWith(windowsHost({ wlanInterfaces: netsh('zh-CN-disconnected-published') })));
    expect(off.status).toBe('not_applicable');
    const wired = { exitCode: 1, lines: ['', 'The Wireless AutoConfig Service (wlansvc) is not running.', ''] };
    expect(result(await scanWith(windowsHost({ wlanInterfaces: wired }))).status).toBe('not_applicable');
  });

  it('Windows 11 refusing WLAN information without location permission: unknown, not "not on Wi-Fi"', async () => {
    const r = result(
      await scanWith(windowsHost({ wlanInterfaces: netsh('en-win11-location-permission-refused-published', 1) })),
    );
    expect(r.status).toBe('unknown');
    expect(JSON.stringify(r)).toContain('location');
  });
});

/** A Linux PC with a Wi-Fi adapter (wlan0 has a sysfs "wireless" folder) whose nmcli prints `nmcli`. */
function linuxWifiPc(nmcli: string | null): Bundle {
  return {
    kind: 'shop-audit-bundle',
    schemaVersion: 1,
    os: 'linux',
    elevated: false,
    user: { name: 'shop', uid: 1000, home: '/home/shop' },
    env: {},
    commands:
      nmcli === null
        ? []
        : [
            {
              command: '/usr/bin/nmcli',
              args: [...NMCLI_ARGS],
              result: { status: 'exited', exitCode: 0, stdout: nmcli, stderr: '' },
            },
          ],
    files: { '/etc/os-release': { status: 'ok', text: fixture('../os_support/os-release__this-debian12-etc.txt') } },
    dirs: { '/sys/class/net': { status: 'ok', entries: ['enp3s0', 'lo', 'wlan0'] } },
    stats: { '/sys/class/net/wlan0/wireless': { status: 'ok', kind: 'dir', size: 0, mtimeMs: 0, mode: 0o40755 } },
    derived: {},
  };
}

describe('Wi-Fi rule on Linux, whole scans (nmcli)', () => {
  const scan = async (nmcli: string | null) => result(await scanWith(createReplayHost(linuxWifiPc(nmcli))));
  it('on WPA2: passes; on an open network or WEP: fails', async () => {
    // What the real nmcli 1.42 prints (test/probes/wifi/nmcli-real.test.ts checks the captures).
    const nmcli = (scene: string) => fixture(`nmcli-terse-active-security__${scene}-nmcli-1.42.4-stand-in-daemon.txt`);
    expect((await scan(nmcli('wpa2'))).status).toBe('pass');
    expect((await scan(nmcli('wpa2-wpa3-transition'))).status).toBe('pass');
    expect((await scan(nmcli('open'))).status).toBe('fail');
    expect((await scan(nmcli('wep'))).status).toBe('fail');
  });

  it('wlan0 connected (operstate up) by another tool than NetworkManager, nmcli lists nothing active: unknown', async () => {
    const pc = linuxWifiPc('no:WPA2\nno:\n');
    pc.files['/sys/class/net/wlan0/operstate'] = { status: 'ok', text: 'up\n' };
    expect(result(await scanWith(createReplayHost(pc))).status).toBe('unknown');
    pc.files['/sys/class/net/wlan0/operstate'] = { status: 'ok', text: 'dormant\n' };
    expect(result(await scanWith(createReplayHost(pc))).status).toBe('not_applicable');
  });

  it('Wi-Fi adapter but no NetworkManager: unknown; no adapter at all: not applicable', async () => {
    expect((await scan(null)).status).toBe('unknown');
    const wired = linuxWifiPc(null);
    wired.stats = {};
    expect(result(await scanWith(createReplayHost(wired))).status).toBe('not_applicable');
  });
});

describe('Wi-Fi rule on macOS, whole scans (system_profiler -json)', () => {
  const key = `/usr/sbin/system_profiler ${AIRPORT_ARGS.join(' ')}`;
  const wpa3 = fixture('system-profiler-airport-json__published-macos26-wpa3-trimmed.json');
  const scan = async (json: string) => result(await scanWith(macHost({ [key]: exited(json) })));
  it('WPA3: passes; the same Mac on an open network: fails; no current network: not applicable', async () => {
    expect((await scan(wpa3)).status).toBe('pass');
    expect((await scan(wpa3.replace('wpa3_personal', 'none'))).status).toBe('fail');
    expect((await scan('{"SPAirPortDataType":[{"spairport_airport_interfaces":[{"_name":"en0"}]}]}')).status).toBe(
      'not_applicable',
    );
  });
});

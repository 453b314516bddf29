import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  airportSecurity,
  netshSecurity,
  nmcliSecurity,
  parseAirportJson,
  parseNetshInterfaces,
  parseNmcliWifi,
  weakest,
} from '../../../src/probes/wifi/parse.js';
import { REPO } from '../../helpers/host.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'wifi', name), 'utf8');
const netsh = (name: string) => parseNetshInterfaces(fixture(`netsh-wlan-show-interfaces__${name}.txt`).split(/\r?\n/));

describe('netsh wlan show interfaces, read by position (labels differ by language and version)', () => {
  it('Chinese Windows 10, WPA2 - 企业', () => {
    expect(netsh('zh-CN-win10-wpa2-enterprise-published')).toEqual([{ security: 'wpa2', text: 'WPA2 - 企业 / CCMP' }]);
  });
  it('Chinese Windows 11 (波段/通道, the Akm-cipher line with full-width colons), WPA2 - 个人', () => {
    expect(netsh('zh-CN-win11-wpa2-personal-published')).toEqual([{ security: 'wpa2', text: 'WPA2 - 个人 / CCMP' }]);
  });
  it('English, Open / None', () => {
    expect(netsh('en-win10-open-published')).toEqual([{ security: 'open', text: 'Open / None' }]);
  });
  it('Windows 11 without location permission (a WLAN function failed): no answer, not "no connection"', () => {
    expect(netsh('en-win11-location-permission-refused-published')).toBeNull();
  });
  it('Chinese, disconnected: no connection', () => {
    expect(netsh('zh-CN-disconnected-published')).toEqual([]);
  });
  it('open in Chinese (开放式 / 无) and WEP, by the cipher; nothing printed is no answer', () => {
    const zh = fixture('netsh-wlan-show-interfaces__zh-CN-win10-wpa2-enterprise-published.txt')
      .replace('WPA2 - 企业', '开放式')
      .replace('CCMP', '无');
    expect(parseNetshInterfaces(zh.split('\n'))![0]!.security).toBe('open');
    expect(
      parseNetshInterfaces(zh.replace('    密码                   : 无', '    密码 : WEP').split('\n'))![0]!.security,
    ).toBe('wep');
    expect(parseNetshInterfaces(['', ''])).toBeNull();
  });
});

describe('nmcli terse output (hand-written in its layout)', () => {
  const nmcli = (name: string) =>
    weakest(parseNmcliWifi(fixture(`nmcli-terse-active-security__${name}-handwritten.txt`))!);
  it('the active network only', () => {
    expect(nmcli('wpa2')).toEqual({ security: 'wpa2', text: 'WPA1 WPA2' });
    expect(nmcli('open')).toEqual({ security: 'open', text: '(none)' });
    expect(nmcli('wep')).toEqual({ security: 'wep', text: 'WEP' });
  });
  it('not connected: none; another layout: null', () => {
    expect(parseNmcliWifi('no:WPA2\n')).toEqual([]);
    expect(parseNmcliWifi('Error: NetworkManager is not running.\n')).toBeNull();
  });
});

describe('system_profiler SPAirPortDataType -json (published macOS outputs)', () => {
  it("WPA3 transition under Apple's misspelt prefix, and WPA3 Personal beside awdl0's block without a mode", () => {
    expect(parseAirportJson(fixture('system-profiler-airport-json__published-macos-jp-wpa3-transition.json'))).toEqual([
      { security: 'wpa3', text: 'pairport_security_mode_wpa3_transition' },
    ]);
    expect(parseAirportJson(fixture('system-profiler-airport-json__published-macos26-wpa3-trimmed.json'))).toEqual([
      { security: 'wpa3', text: 'spairport_security_mode_wpa3_personal' },
    ]);
  });
  it('open and WEP modes; not connected; not its JSON', () => {
    const open = fixture('system-profiler-airport-json__published-macos26-wpa3-trimmed.json').replace(
      'spairport_security_mode_wpa3_personal',
      'spairport_security_mode_none',
    );
    expect(parseAirportJson(open)![0]!.security).toBe('open');
    expect(parseAirportJson(open.replace('_none', '_wep'))![0]!.security).toBe('wep');
    expect(parseAirportJson('{"SPAirPortDataType":[{"spairport_airport_interfaces":[{"_name":"en0"}]}]}')).toEqual([]);
    expect(parseAirportJson('Wi-Fi:')).toBeNull();
  });
});

describe('edges found by mutation testing (handwritten, and edits of the published outputs)', () => {
  it('the weakest of several connections, in the order open < WEP < WPA < OWE < WPA2 < WPA3; unknown counts last', () => {
    const order = ['open', 'wep', 'wpa', 'owe', 'wpa2', 'wpa3'] as const;
    const c = (security: (typeof order)[number] | null) => ({ security, text: String(security) });
    for (let i = 0; i < order.length; i++)
      for (let j = i + 1; j < order.length; j++) {
        expect(weakest([c(order[j]!), c(order[i]!)])?.security).toBe(order[i]);
        expect(weakest([c(order[i]!), c(order[j]!)])?.security).toBe(order[i]);
      }
    expect(weakest([c(null), c('wpa3')])?.security).toBe('wpa3');
    expect(weakest([c('wpa3'), c(null)])?.security).toBe('wpa3');
    expect(weakest([c(null)])).toEqual(c(null));
    expect(weakest([])).toBeNull();
  });

  it('netsh: authentication first (any case), then the cipher; an unknown authentication with a real cipher is unknown', () => {
    expect(netshSecurity('WPA3-Personal', 'GCMP-256')).toBe('wpa3');
    expect(netshSecurity('wpa2-personal', 'ccmp')).toBe('wpa2');
    expect(netshSecurity('WPA-Personal', 'TKIP')).toBe('wpa');
    expect(netshSecurity('OWE', 'CCMP')).toBe('owe');
    expect(netshSecurity('Shared', 'WEP')).toBe('wep');
    expect(netshSecurity('Open', 'wep')).toBe('wep');
    for (const cipher of ['CCMP', 'GCMP', 'TKIP']) expect(netshSecurity('802.1X', cipher)).toBeNull();
    expect(netshSecurity('Open', 'None')).toBe('open');
  });

  it('netsh: a radio type with no authentication and cipher lines after it is no answer', () => {
    const lines = fixture('netsh-wlan-show-interfaces__en-win10-open-published.txt').split(/\r?\n/);
    const radio = lines.findIndex((l) => l.includes('Radio type'));
    expect(parseNetshInterfaces(lines.slice(0, radio + 1))).toBeNull();
    expect(parseNetshInterfaces(lines.slice(0, radio + 2))).toBeNull();
    expect(parseNetshInterfaces([...lines.slice(0, radio + 1), '', ...lines.slice(radio + 1)])).toBeNull();
    expect(parseNetshInterfaces([...lines.slice(0, radio + 1), '    Open', ...lines.slice(radio + 1)])).toBeNull();
  });

  it('netsh: "802.11" inside another value (a network named so) is not a radio type', () => {
    const named = fixture('netsh-wlan-show-interfaces__zh-CN-win11-wpa2-personal-published.txt').replace(
      /(SSID\s*:\s*)\S.*/,
      '$1Shop 802.11 guest',
    );
    expect(parseNetshInterfaces(named.split('\n'))).toEqual([{ security: 'wpa2', text: 'WPA2 - 个人 / CCMP' }]);
  });

  it('nmcli: each SECURITY word; 802.1X alone is unknown; blank lines skipped', () => {
    expect(nmcliSecurity('WPA3')).toBe('wpa3');
    expect(nmcliSecurity('WPA2 WPA3')).toBe('wpa3');
    expect(nmcliSecurity('WPA1')).toBe('wpa');
    expect(nmcliSecurity('OWE')).toBe('owe');
    expect(nmcliSecurity('WEP')).toBe('wep');
    expect(nmcliSecurity('WPA2 802.1X')).toBe('wpa2');
    expect(nmcliSecurity('802.1X')).toBeNull();
    expect(nmcliSecurity('  ')).toBe('open');
    expect(parseNmcliWifi('\n\nyes:WPA1\n\n')).toEqual([{ security: 'wpa', text: 'WPA1' }]);
  });

  it('nmcli: a colon escaped as \\: stays in its field; an unescaped third field, no SECURITY or another ACTIVE word is not the layout', () => {
    expect(parseNmcliWifi('yes:WPA2\\:x\n')).toEqual([{ security: null, text: 'WPA2:x' }]);
    expect(parseNmcliWifi('yes:WPA2:x\n')).toBeNull();
    expect(parseNmcliWifi('yes\n')).toBeNull();
    expect(parseNmcliWifi('ja:WPA2\n')).toBeNull();
    expect(parseNmcliWifi('no:WPA2\nyes:WPA2\n')).toEqual([{ security: 'wpa2', text: 'WPA2' }]);
  });

  it('system_profiler: each security mode Apple prints', () => {
    const mode = (m: string) => airportSecurity(`spairport_security_mode_${m}`);
    expect(mode('none')).toBe('open');
    expect(airportSecurity('pairport_security_mode_none')).toBe('open');
    expect(mode('wep')).toBe('wep');
    expect(mode('wpa_personal')).toBe('wpa');
    expect(mode('wpa_enterprise')).toBe('wpa');
    expect(mode('wpa2_personal')).toBe('wpa2');
    expect(mode('wpa2_enterprise')).toBe('wpa2');
    expect(mode('wpa3_personal')).toBe('wpa3');
    expect(mode('owe')).toBe('owe');
    expect(mode('unknown')).toBeNull();
    // The prefix is cut only at the start: an unknown text that merely contains it is unknown.
    expect(airportSecurity('x_spairport_security_mode_none')).toBeNull();
  });

  it('system_profiler: JSON of another shape is no answer; interfaces of other items are still read', () => {
    expect(parseAirportJson('[]')).toBeNull();
    expect(parseAirportJson('null')).toBeNull();
    expect(parseAirportJson('{"SPAirPortDataType":{}}')).toBeNull();
    const wpa = {
      spairport_current_network_information: { spairport_security_mode: 'spairport_security_mode_wpa2_personal' },
    };
    expect(
      parseAirportJson(
        JSON.stringify({
          SPAirPortDataType: [
            null,
            'x',
            { spairport_airport_interfaces: 'en0' },
            { spairport_airport_interfaces: [7, wpa] },
          ],
        }),
      ),
    ).toEqual([{ security: 'wpa2', text: 'spairport_security_mode_wpa2_personal' }]);
  });

  it('netsh: a blank cipher line, blank-only text, a value with no space after the colon', () => {
    const lines = fixture('netsh-wlan-show-interfaces__en-win10-open-published.txt').split(/\r?\n/);
    const radio = lines.findIndex((l) => l.includes('Radio type'));
    expect(parseNetshInterfaces([...lines.slice(0, radio + 2), '', ...lines.slice(radio + 2)])).toBeNull();
    expect(parseNetshInterfaces(['  ', '\t'])).toBeNull();
    const tight = lines.map((l) => l.replace(/:\s+/, ':'));
    expect(parseNetshInterfaces(tight)).toEqual([{ security: 'open', text: 'Open / None' }]);
  });
  it('nmcli: a line of blanks is skipped', () => {
    expect(parseNmcliWifi('yes:WPA1\n  \n')).toEqual([{ security: 'wpa', text: 'WPA1' }]);
  });
});

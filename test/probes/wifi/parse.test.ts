import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAirportJson, parseNetshInterfaces, parseNmcliWifi, weakest } from '../../../src/probes/wifi/parse.js';
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

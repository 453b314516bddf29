import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseFirewalldZoneTarget,
  parseGlobalState,
  parseIptablesInput,
  parseKeyValueConfig,
  parseNftInputChains,
  parseStealthMode,
  parseUfwStatus,
  windowsProfileState,
} from '../../../src/probes/firewall/parse.js';
import { parseNetshAdvfirewall } from '../../../src/probes/windows/fallback-parse.js';
import { REPO, SAMPLES } from '../../helpers/host.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'firewall', name), 'utf8');
const sample = (os: string, name: string) => readFileSync(path.join(SAMPLES, os, name), 'utf8');

describe('parseNetshAdvfirewall (English and Chinese labels)', () => {
  it('netsh-advfirewall-show__en-currentprofile-domain-off.txt: the current profile is Domain and it is OFF (MANIFEST ground truth)', () => {
    expect(parseNetshAdvfirewall(sample('windows', 'netsh-advfirewall-show__en-currentprofile-domain-off.txt'))).toEqual([{ name: 'Domain', enabled: false, blocksInbound: true }]);
  });

  it('zh-CN allprofiles, ON written 打开: all three profiles on and blocking inbound', () => {
    expect(parseNetshAdvfirewall(fixture('netsh-advfirewall-show-allprofiles__zh-CN-win7-lab-all-on-state-dakai.txt'))).toEqual([
      { name: 'Domain', enabled: true, blocksInbound: true },
      { name: 'Private', enabled: true, blocksInbound: true },
      { name: 'Public', enabled: true, blocksInbound: true },
    ]);
  });

  it('zh-CN currentprofile, ON written 启用: the Public profile is on', () => {
    expect(parseNetshAdvfirewall(fixture('netsh-advfirewall-show-currentprofile__zh-CN-public-on-state-qiyong.txt'))).toEqual([{ name: 'Public', enabled: true, blocksInbound: true }]);
  });

  it('text that is no netsh profile listing is no answer, and an unknown State word is unknown, not off', () => {
    expect(parseNetshAdvfirewall('The following command was not found: advfirewall show allprofiles.')).toBeNull();
    const en = sample('windows', 'netsh-advfirewall-show__en-currentprofile-domain-off.txt');
    expect(parseNetshAdvfirewall(en.replace(/^State\s+OFF/m, 'State                                 MAYBE'))).toEqual([{ name: 'Domain', enabled: null, blocksInbound: true }]);
    expect(parseNetshAdvfirewall(en.replace('BlockInbound,AllowOutbound', 'AllowInbound,AllowOutbound'))).toEqual([{ name: 'Domain', enabled: false, blocksInbound: false }]);
  });
});

describe('windowsProfileState: CIM values, overridden by Group Policy', () => {
  const noPolicy = { enableFirewall: null, defaultInboundAction: null };
  it.each([
    ['CIM True + Block', { enabled: 1, defaultInboundAction: 4 }, noPolicy, { enabled: true, blocksInbound: true, setByPolicy: false }],
    ['CIM False + Allow', { enabled: 0, defaultInboundAction: 2 }, noPolicy, { enabled: false, blocksInbound: false, setByPolicy: false }],
    ['CIM NotConfigured keeps Windows defaults (on, Block)', { enabled: 2, defaultInboundAction: 0 }, noPolicy, { enabled: true, blocksInbound: true, setByPolicy: false }],
    ['policy EnableFirewall 0 turns a locally enabled profile off', { enabled: 1, defaultInboundAction: 4 }, { enableFirewall: 0, defaultInboundAction: null }, { enabled: false, blocksInbound: true, setByPolicy: true }],
    ['policy DefaultInboundAction 0 (allow) wins over local Block', { enabled: 1, defaultInboundAction: 4 }, { enableFirewall: null, defaultInboundAction: 0 }, { enabled: true, blocksInbound: false, setByPolicy: true }],
    ['no CIM answer: only what policy sets is known', null, { enableFirewall: 1, defaultInboundAction: null }, { enabled: true, blocksInbound: null, setByPolicy: true }],
    ['an undocumented CIM value is unknown', { enabled: 7, defaultInboundAction: 9 }, noPolicy, { enabled: null, blocksInbound: null, setByPolicy: false }],
  ] as const)('%s', (_, cim, policy, expected) => {
    expect(windowsProfileState('Public', cim, policy)).toEqual({ name: 'Public', ...expected });
  });
});

describe('macOS socketfilterfw', () => {
  it('socketfilterfw-getglobalstate__enabled.txt: on (State = 1)', () => {
    expect(parseGlobalState(sample('macos', 'socketfilterfw-getglobalstate__enabled.txt'))).toBe(true);
  });
  it('off (State = 0) and block-all (State = 2, on) as public scripts and tests quote them; anything else is no answer', () => {
    expect(parseGlobalState(fixture('socketfilterfw-getglobalstate__as-quoted-in-public-scripts-disabled.txt'))).toBe(false);
    expect(parseGlobalState(fixture('socketfilterfw-getglobalstate__as-quoted-in-public-tests-block-all-state-2.txt'))).toBe(true);
    expect(parseGlobalState('Firewall settings cannot be modified from command line on managed Mac computers.\n')).toBeNull();
    expect(parseGlobalState('Firewall is disabled. (State = 1)\n')).toBeNull();
    expect(parseGlobalState('')).toBeNull();
  });
  it('stealth mode in the macOS 14+ and the older wording', () => {
    expect(parseStealthMode(fixture('socketfilterfw-getstealthmode__as-quoted-in-public-tests-macos-26-on.txt'))).toBe(true);
    expect(parseStealthMode(fixture('socketfilterfw-getstealthmode__as-quoted-in-public-tests-macos-26-off.txt'))).toBe(false);
    expect(parseStealthMode(fixture('socketfilterfw-getstealthmode__as-compared-in-public-jamf-scripts-older-macos-enabled.txt'))).toBe(true);
    expect(parseStealthMode('Firewall stealth mode is one of several settings')).toBeNull();
  });
});

describe('Linux: ufw, nft, iptables, firewalld', () => {
  it('ufw-status-verbose__active-deny-incoming-ssh-and-fwd-rules.txt: active, incoming denied by default', () => {
    expect(parseUfwStatus(sample('linux', 'ufw-status-verbose__active-deny-incoming-ssh-and-fwd-rules.txt'))).toEqual({ active: true, blocksInbound: true });
  });
  it('ufw status captured on this machine: inactive, then active with deny incoming', () => {
    expect(parseUfwStatus(fixture('ufw-status-verbose__this-debian12-ufw-0.36.2-inactive.txt'))).toEqual({ active: false, blocksInbound: null });
    expect(parseUfwStatus(fixture('ufw-status-verbose__this-debian12-ufw-0.36.2-active-deny-incoming-allow-22.txt'))).toEqual({ active: true, blocksInbound: true });
    expect(parseUfwStatus('ERROR: You need to be root to run this script')).toBeNull();
  });

  it('ufw.conf and /etc/default/ufw as the package ships them and after `ufw enable`', () => {
    expect(parseKeyValueConfig(fixture('ufw.conf__this-debian12-ufw-0.36.2-package-default.txt')).get('ENABLED')).toBe('no');
    expect(parseKeyValueConfig(fixture('ufw.conf__this-debian12-ufw-0.36.2-after-ufw-enable.txt')).get('ENABLED')).toBe('yes');
    const defaults = parseKeyValueConfig(fixture('default-ufw__this-debian12-ufw-0.36.2-package-default.txt'));
    expect([defaults.get('DEFAULT_INPUT_POLICY'), defaults.get('IPV6')]).toEqual(['DROP', 'yes']);
    expect(parseKeyValueConfig(fixture('firewalld.conf__this-debian12-firewalld-1.3.3-package-default.conf')).get('DefaultZone')).toBe('public');
  });

  it('nft list ruleset captured on this machine: the input base chains and their default', () => {
    const chains = (name: string) => parseNftInputChains(fixture(name));
    expect(chains('nft-list-ruleset__this-debian12-nft-1.0.6-ufw-active.txt')).toEqual([
      { family: 'ip', dropsByDefault: true, filters: true },
      { family: 'ip6', dropsByDefault: true, filters: true },
    ]);
    expect(chains('nft-list-ruleset__this-debian12-nft-1.0.6-debian-default-conf.txt')).toEqual([{ family: 'inet', dropsByDefault: false, filters: false }]);
    expect(chains('nft-list-ruleset__this-debian12-nft-1.0.6-handwritten-inet-policy-drop.txt')).toEqual([{ family: 'inet', dropsByDefault: true, filters: true }]);
    // Policy accept, but the last rule rejects what nothing above accepted.
    expect(chains('nft-list-ruleset__this-debian12-nft-1.0.6-handwritten-reject-last.txt')).toEqual([{ family: 'inet', dropsByDefault: true, filters: true }]);
    expect(chains('nft-list-ruleset__this-debian12-nft-1.0.6-handwritten-ipv4-only.txt')).toEqual([{ family: 'ip', dropsByDefault: true, filters: true }]);
    expect(parseNftInputChains('')).toEqual([]);
    expect(parseNftInputChains('Error: Could not process rule: Operation not permitted')).toBeNull();
  });

  it('nftables.conf files read the same as the rule set nft listed after loading them', () => {
    for (const [conf, listed] of [
      ['nftables.conf__this-debian12-nftables-package-default.conf', 'nft-list-ruleset__this-debian12-nft-1.0.6-debian-default-conf.txt'],
      ['nftables.conf__handwritten-inet-policy-drop.conf', 'nft-list-ruleset__this-debian12-nft-1.0.6-handwritten-inet-policy-drop.txt'],
      ['nftables.conf__handwritten-reject-last.conf', 'nft-list-ruleset__this-debian12-nft-1.0.6-handwritten-reject-last.txt'],
      ['nftables.conf__handwritten-ipv4-only.conf', 'nft-list-ruleset__this-debian12-nft-1.0.6-handwritten-ipv4-only.txt'],
    ]) {
      expect(parseNftInputChains(fixture(conf!)), conf).toEqual(parseNftInputChains(fixture(listed!)));
    }
  });

  it('iptables -S: ufw\'s DROP policy, an empty filter table, and iptables-nft blind to nft-only chains', () => {
    expect(parseIptablesInput(fixture('iptables-S__this-debian12-iptables-1.8.9-nft-ufw-active.txt'))).toEqual({ dropsByDefault: true, filters: true });
    expect(parseIptablesInput(fixture('iptables-S__this-debian12-iptables-1.8.9-nft-no-rules.txt'))).toEqual({ dropsByDefault: false, filters: false });
    // With an nft-made input chain loaded, iptables-nft still prints ACCEPT: why nft is asked first.
    expect(parseIptablesInput(fixture('iptables-S__this-debian12-iptables-1.8.9-nft-incompatible-base-chains.txt'))).toEqual({ dropsByDefault: false, filters: false });
    expect(parseIptablesInput('*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\n-A INPUT -j REJECT --reject-with icmp-host-prohibited\nCOMMIT\n')).toEqual({ dropsByDefault: true, filters: true });
    expect(parseIptablesInput('iptables: Permission denied (you must be root).')).toBeNull();
  });

  it('firewalld zone targets from the package zone files', () => {
    expect(parseFirewalldZoneTarget(fixture('zone-public.xml__this-debian12-firewalld-1.3.3-package.xml'))).toBe('default');
    expect(parseFirewalldZoneTarget(fixture('zone-trusted.xml__this-debian12-firewalld-1.3.3-package.xml'))).toBe('ACCEPT');
    expect(parseFirewalldZoneTarget('not xml')).toBeNull();
  });
});

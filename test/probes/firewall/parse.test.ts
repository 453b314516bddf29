import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
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
import { needs } from '../../helpers/tools.js';

const execFileAsync = promisify(execFile);
const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'firewall', name), 'utf8');
const sample = (os: string, name: string) => readFileSync(path.join(SAMPLES, os, name), 'utf8');

describe('parseNetshAdvfirewall (English and Chinese labels)', () => {
  it('netsh-advfirewall-show__en-currentprofile-domain-off.txt: the current profile is Domain and it is OFF (MANIFEST ground truth)', () => {
    expect(
      parseNetshAdvfirewall(sample('windows', 'netsh-advfirewall-show__en-currentprofile-domain-off.txt')),
    ).toEqual([{ name: 'Domain', enabled: false, blocksInbound: true }]);
  });

  it('zh-CN allprofiles, ON written 打开: all three profiles on and blocking inbound', () => {
    expect(
      parseNetshAdvfirewall(fixture('netsh-advfirewall-show-allprofiles__zh-CN-win7-lab-all-on-state-dakai.txt')),
    ).toEqual([
      { name: 'Domain', enabled: true, blocksInbound: true },
      { name: 'Private', enabled: true, blocksInbound: true },
      { name: 'Public', enabled: true, blocksInbound: true },
    ]);
  });

  it('zh-CN currentprofile, ON written 启用: the Public profile is on', () => {
    expect(
      parseNetshAdvfirewall(fixture('netsh-advfirewall-show-currentprofile__zh-CN-public-on-state-qiyong.txt')),
    ).toEqual([{ name: 'Public', enabled: true, blocksInbound: true }]);
  });

  it('netsh-advfirewall-show-currentprofile__zh-CN-public-on-state-qiyong.txt with a full-width colon after the heading (公用配置文件 设置：): the same', () => {
    const text = fixture('netsh-advfirewall-show-currentprofile__zh-CN-public-on-state-qiyong.txt').replace(
      '公用配置文件 设置:',
      '公用配置文件 设置：',
    );
    expect(text).toContain('设置：');
    expect(parseNetshAdvfirewall(text)).toEqual([{ name: 'Public', enabled: true, blocksInbound: true }]);
  });

  it('text that is no netsh profile listing is no answer, and an unknown State word is unknown, not off', () => {
    expect(parseNetshAdvfirewall('The following command was not found: advfirewall show allprofiles.')).toBeNull();
    const en = sample('windows', 'netsh-advfirewall-show__en-currentprofile-domain-off.txt');
    expect(parseNetshAdvfirewall(en.replace(/^State\s+OFF/m, 'State                                 MAYBE'))).toEqual([
      { name: 'Domain', enabled: null, blocksInbound: true },
    ]);
    expect(parseNetshAdvfirewall(en.replace('BlockInbound,AllowOutbound', 'AllowInbound,AllowOutbound'))).toEqual([
      { name: 'Domain', enabled: false, blocksInbound: false },
    ]);
  });
});

describe('windowsProfileState: CIM values, overridden by Group Policy', () => {
  const noPolicy = { enableFirewall: null, defaultInboundAction: null };
  it.each([
    [
      'CIM True + Block',
      { enabled: 1, defaultInboundAction: 4 },
      noPolicy,
      { enabled: true, blocksInbound: true, setByPolicy: false },
    ],
    [
      'CIM False + Allow',
      { enabled: 0, defaultInboundAction: 2 },
      noPolicy,
      { enabled: false, blocksInbound: false, setByPolicy: false },
    ],
    [
      'CIM NotConfigured keeps Windows defaults (on, Block)',
      { enabled: 2, defaultInboundAction: 0 },
      noPolicy,
      { enabled: true, blocksInbound: true, setByPolicy: false },
    ],
    [
      'policy EnableFirewall 0 turns a locally enabled profile off',
      { enabled: 1, defaultInboundAction: 4 },
      { enableFirewall: 0, defaultInboundAction: null },
      { enabled: false, blocksInbound: true, setByPolicy: true },
    ],
    [
      'policy DefaultInboundAction 0 (allow) wins over local Block',
      { enabled: 1, defaultInboundAction: 4 },
      { enableFirewall: null, defaultInboundAction: 0 },
      { enabled: true, blocksInbound: false, setByPolicy: true },
    ],
    [
      'no CIM answer: only what policy sets is known',
      null,
      { enableFirewall: 1, defaultInboundAction: null },
      { enabled: true, blocksInbound: null, setByPolicy: true },
    ],
    [
      'an undocumented CIM value is unknown',
      { enabled: 7, defaultInboundAction: 9 },
      noPolicy,
      { enabled: null, blocksInbound: null, setByPolicy: false },
    ],
  ] as const)('%s', (_, cim, policy, expected) => {
    expect(windowsProfileState('Public', cim, policy)).toEqual({ name: 'Public', ...expected });
  });
});

describe('macOS socketfilterfw', () => {
  it('socketfilterfw-getglobalstate__enabled.txt: on (State = 1)', () => {
    expect(parseGlobalState(sample('macos', 'socketfilterfw-getglobalstate__enabled.txt'))).toBe(true);
  });
  it('off (State = 0) and block-all (State = 2, on) as public scripts and tests quote them; anything else is no answer', () => {
    expect(parseGlobalState(fixture('socketfilterfw-getglobalstate__as-quoted-in-public-scripts-disabled.txt'))).toBe(
      false,
    );
    expect(
      parseGlobalState(fixture('socketfilterfw-getglobalstate__as-quoted-in-public-tests-block-all-state-2.txt')),
    ).toBe(true);
    // Recent releases word block-all without "enabled" (Mac-Health-Check PR 8, PureMac PR 176 on macOS 15).
    expect(
      parseGlobalState(
        fixture('socketfilterfw-getglobalstate__mac-health-check-pr8-macos15-block-all-non-essential-state-2.txt'),
      ),
    ).toBe(true);
    expect(parseGlobalState('Firewall is blocking all non-essential incoming connections. (State = 0)')).toBeNull();
    expect(parseGlobalState('Firewall is blocking all non-essential incoming connections.')).toBeNull();
    expect(
      parseGlobalState('Firewall settings cannot be modified from command line on managed Mac computers.\n'),
    ).toBeNull();
    expect(parseGlobalState('Firewall is disabled. (State = 1)\n')).toBeNull();
    expect(parseGlobalState('')).toBeNull();
  });
  it('stealth mode in the macOS 14+ and the older wording', () => {
    expect(parseStealthMode(fixture('socketfilterfw-getstealthmode__as-quoted-in-public-tests-macos-26-on.txt'))).toBe(
      true,
    );
    expect(parseStealthMode(fixture('socketfilterfw-getstealthmode__as-quoted-in-public-tests-macos-26-off.txt'))).toBe(
      false,
    );
    expect(
      parseStealthMode(
        fixture('socketfilterfw-getstealthmode__as-compared-in-public-jamf-scripts-older-macos-enabled.txt'),
      ),
    ).toBe(true);
    expect(parseStealthMode('Firewall stealth mode is one of several settings')).toBeNull();
  });
});

describe('Linux: ufw, nft, iptables, firewalld', () => {
  it('ufw-status-verbose__active-deny-incoming-ssh-and-fwd-rules.txt: active, incoming denied by default', () => {
    expect(parseUfwStatus(sample('linux', 'ufw-status-verbose__active-deny-incoming-ssh-and-fwd-rules.txt'))).toEqual({
      active: true,
      blocksInbound: true,
    });
  });
  it('ufw status captured on this machine: inactive, then active with deny incoming', () => {
    expect(parseUfwStatus(fixture('ufw-status-verbose__this-debian12-ufw-0.36.2-inactive.txt'))).toEqual({
      active: false,
      blocksInbound: null,
    });
    expect(
      parseUfwStatus(fixture('ufw-status-verbose__this-debian12-ufw-0.36.2-active-deny-incoming-allow-22.txt')),
    ).toEqual({ active: true, blocksInbound: true });
    expect(parseUfwStatus('ERROR: You need to be root to run this script')).toBeNull();
  });

  it('ufw.conf and /etc/default/ufw as the package ships them and after `ufw enable`', () => {
    expect(parseKeyValueConfig(fixture('ufw.conf__this-debian12-ufw-0.36.2-package-default.txt')).get('ENABLED')).toBe(
      'no',
    );
    expect(parseKeyValueConfig(fixture('ufw.conf__this-debian12-ufw-0.36.2-after-ufw-enable.txt')).get('ENABLED')).toBe(
      'yes',
    );
    const defaults = parseKeyValueConfig(fixture('default-ufw__this-debian12-ufw-0.36.2-package-default.txt'));
    expect([defaults.get('DEFAULT_INPUT_POLICY'), defaults.get('IPV6')]).toEqual(['DROP', 'yes']);
    expect(
      parseKeyValueConfig(fixture('firewalld.conf__this-debian12-firewalld-1.3.3-package-default.conf')).get(
        'DefaultZone',
      ),
    ).toBe('public');
  });

  it('nft list ruleset captured on this machine: the input base chains and their default', () => {
    const chains = (name: string) => parseNftInputChains(fixture(name));
    expect(chains('nft-list-ruleset__this-debian12-nft-1.0.6-ufw-active.txt')).toEqual([
      { family: 'ip', dropsByDefault: true, filters: true },
      { family: 'ip6', dropsByDefault: true, filters: true },
    ]);
    expect(chains('nft-list-ruleset__this-debian12-nft-1.0.6-debian-default-conf.txt')).toEqual([
      { family: 'inet', dropsByDefault: false, filters: false },
    ]);
    expect(chains('nft-list-ruleset__this-debian12-nft-1.0.6-handwritten-inet-policy-drop.txt')).toEqual([
      { family: 'inet', dropsByDefault: true, filters: true },
    ]);
    // Policy accept, but the last rule rejects what nothing above accepted.
    expect(chains('nft-list-ruleset__this-debian12-nft-1.0.6-handwritten-reject-last.txt')).toEqual([
      { family: 'inet', dropsByDefault: true, filters: true },
    ]);
    expect(chains('nft-list-ruleset__this-debian12-nft-1.0.6-handwritten-ipv4-only.txt')).toEqual([
      { family: 'ip', dropsByDefault: true, filters: true },
    ]);
    expect(parseNftInputChains('')).toEqual([]);
    expect(parseNftInputChains('Error: Could not process rule: Operation not permitted')).toBeNull();
  });

  it('a chain with a drop policy whose rule before any drop accepts everything lets everything in (nft and iptables)', () => {
    // The kernel takes the first verdict a packet meets: an unconditional accept ends the chain for every packet.
    expect(
      parseNftInputChains(fixture('nft-list-ruleset__this-debian12-nft-1.0.6-policy-drop-accept-all-first.txt')),
    ).toEqual([{ family: 'inet', dropsByDefault: false, filters: true }]);
    expect(
      parseIptablesInput(fixture('iptables-S__this-debian12-iptables-1.8.9-nft-policy-drop-accept-all-first.txt')),
    ).toEqual({ dropsByDefault: false, filters: true });
    // A drop met first still drops what nothing before it accepted; an accept after it is never reached.
    expect(
      parseIptablesInput('-P INPUT ACCEPT\n-A INPUT -i lo -j ACCEPT\n-A INPUT -j DROP\n-A INPUT -j ACCEPT\n'),
    ).toEqual({
      dropsByDefault: true,
      filters: true,
    });
  });

  it('an accept of everything reached through jumps (ufw allow from any in ufw-user-input) lets everything in', () => {
    const nft = (userRules: string) =>
      parseNftInputChains(
        [
          'table ip filter {',
          '\tchain INPUT {',
          '\t\ttype filter hook input priority filter; policy drop;',
          '\t\tcounter packets 0 bytes 0 jump ufw-before-input',
          '\t}',
          '\tchain ufw-before-input {',
          '\t\tiifname "lo" counter packets 0 bytes 0 accept',
          '\t\tcounter packets 0 bytes 0 jump ufw-user-input',
          '\t}',
          '\tchain ufw-user-input {',
          userRules,
          '\t}',
          '}',
        ].join('\n'),
      );
    expect(nft('\t\tcounter packets 0 bytes 0 accept')).toEqual([
      { family: 'ip', dropsByDefault: false, filters: true },
    ]);
    expect(nft('\t\ttcp dport 22 counter packets 0 bytes 0 accept')).toEqual([
      { family: 'ip', dropsByDefault: true, filters: true },
    ]);
    // In INPUT itself a conditional return is the policy's verdict on some packets, like any conditional rule.
    const input = (rules: string) =>
      parseNftInputChains(
        `table ip filter {\n\tchain INPUT {\n\t\ttype filter hook input priority 0; policy accept;\n${rules}\n\t}\n}\n`,
      );
    expect(input('\t\tip saddr 10.0.0.0/8 return\n\t\tdrop')).toEqual([
      { family: 'ip', dropsByDefault: true, filters: true },
    ]);
    // A return ends the jumped-to chain: back in INPUT, the policy decides.
    expect(nft('\t\treturn\n\t\tcounter accept')).toEqual([{ family: 'ip', dropsByDefault: true, filters: true }]);
    const iptables = (userRules: string) =>
      parseIptablesInput(
        [
          '-P INPUT DROP',
          '-N ufw-before-input',
          '-N ufw-user-input',
          '-A INPUT -j ufw-before-input',
          '-A ufw-before-input -i lo -j ACCEPT',
          '-A ufw-before-input -j ufw-user-input',
          userRules,
        ].join('\n'),
      );
    expect(iptables('-A ufw-user-input -j ACCEPT')?.dropsByDefault).toBe(false);
    expect(iptables('-A ufw-user-input -p tcp --dport 22 -j ACCEPT')?.dropsByDefault).toBe(true);
    expect(iptables('-A ufw-user-input -j RETURN\n-A ufw-user-input -j ACCEPT')?.dropsByDefault).toBe(true);
    // A loop of jumps (iptables refuses one; a file may hold it) decides nothing.
    expect(parseIptablesInput('-P INPUT DROP\n-A INPUT -j a\n-A a -j b\n-A b -j a\n')?.dropsByDefault).toBe(true);
  });

  it('nftables.conf files read the same as the rule set nft listed after loading them', () => {
    // Each file with the chains nft listed after loading it (the expectations above), written out.
    const table: [string, string, { family: string; dropsByDefault: boolean; filters: boolean }][] = [
      [
        'nftables.conf__this-debian12-nftables-package-default.conf',
        'nft-list-ruleset__this-debian12-nft-1.0.6-debian-default-conf.txt',
        { family: 'inet', dropsByDefault: false, filters: false },
      ],
      [
        'nftables.conf__handwritten-inet-policy-drop.conf',
        'nft-list-ruleset__this-debian12-nft-1.0.6-handwritten-inet-policy-drop.txt',
        { family: 'inet', dropsByDefault: true, filters: true },
      ],
      [
        'nftables.conf__handwritten-reject-last.conf',
        'nft-list-ruleset__this-debian12-nft-1.0.6-handwritten-reject-last.txt',
        { family: 'inet', dropsByDefault: true, filters: true },
      ],
      [
        'nftables.conf__handwritten-ipv4-only.conf',
        'nft-list-ruleset__this-debian12-nft-1.0.6-handwritten-ipv4-only.txt',
        { family: 'ip', dropsByDefault: true, filters: true },
      ],
    ];
    for (const [conf, listed, chain] of table) {
      expect(parseNftInputChains(fixture(conf)), conf).toEqual([chain]);
      expect(parseNftInputChains(fixture(listed)), listed).toEqual([chain]);
    }
  });

  it("iptables -S: ufw's DROP policy, an empty filter table, and iptables-nft blind to nft-only chains", () => {
    expect(parseIptablesInput(fixture('iptables-S__this-debian12-iptables-1.8.9-nft-ufw-active.txt'))).toEqual({
      dropsByDefault: true,
      filters: true,
    });
    // ufw-not-local ends in a drop, but returns the packets for the PC's own addresses first: those go on to
    // ufw-user-input, where `ufw allow from any` (its line added by hand here) lets every one in.
    const allowAll = (text: string, rule: string, line: string) => text.replaceAll(line, `${line}\n${rule}`);
    expect(
      parseIptablesInput(
        allowAll(
          fixture('iptables-S__this-debian12-iptables-1.8.9-nft-ufw-active.txt'),
          '-A ufw-user-input -j ACCEPT',
          '-A ufw-user-input -p tcp -m tcp --dport 22 -j ACCEPT',
        ),
      ),
    ).toEqual({ dropsByDefault: false, filters: true });
    expect(
      parseNftInputChains(
        allowAll(
          fixture('nft-list-ruleset__this-debian12-nft-1.0.6-ufw-active.txt'),
          '\t\tcounter packets 0 bytes 0 accept',
          '\t\ttcp dport 22 counter packets 0 bytes 0 accept',
        ),
      )?.every((c) => !c.dropsByDefault),
    ).toBe(true);
    expect(parseIptablesInput(fixture('iptables-S__this-debian12-iptables-1.8.9-nft-no-rules.txt'))).toEqual({
      dropsByDefault: false,
      filters: false,
    });
    // With an nft-made input chain loaded, iptables-nft still prints ACCEPT: why nft is asked first.
    expect(
      parseIptablesInput(fixture('iptables-S__this-debian12-iptables-1.8.9-nft-incompatible-base-chains.txt')),
    ).toEqual({ dropsByDefault: false, filters: false });
    expect(
      parseIptablesInput(
        '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\n-A INPUT -j REJECT --reject-with icmp-host-prohibited\nCOMMIT\n',
      ),
    ).toEqual({ dropsByDefault: true, filters: true });
    expect(parseIptablesInput('iptables: Permission denied (you must be root).')).toBeNull();
  });

  it('firewalld zone targets from the package zone files', () => {
    expect(parseFirewalldZoneTarget(fixture('zone-public.xml__this-debian12-firewalld-1.3.3-package.xml'))).toBe(
      'default',
    );
    expect(parseFirewalldZoneTarget(fixture('zone-trusted.xml__this-debian12-firewalld-1.3.3-package.xml'))).toBe(
      'ACCEPT',
    );
    expect(parseFirewalldZoneTarget('not xml')).toBeNull();
  });
});

// Handwritten lines in each tool's documented output, each at an edge where "on" and "off" part.
describe("firewall outputs at their edges (handwritten in each tool's format)", () => {
  it('netsh: each profile heading in both languages, every State word, every inbound policy', () => {
    const block = (heading: string, state: string, policy: string) =>
      `${heading}:\n----------------------------------------------------------------------\n${state}\n${policy}\n\n`;
    const text = [
      block(
        'Domain Profile Settings',
        'State                                 ON',
        'Firewall Policy                       BlockInboundAlways,AllowOutbound',
      ),
      block(
        'Private Profile Settings',
        'State                                 OFF',
        'Firewall Policy                       NotConfigured',
      ),
      block(
        'Public Profile Settings',
        'State                                 on',
        'Firewall Policy                       AllowInbound,BlockOutbound',
      ),
      block(
        '域配置文件 设置',
        '状态                                  关闭',
        '防火墙策略                            BlockInbound,AllowOutbound',
      ),
      block(
        '专用配置文件 设置',
        '状态                                  禁用',
        '防火墙策略                            Whatever',
      ),
      block(
        '公用配置文件 设置',
        '状态                                  启用',
        '防火墙策略                            AllowInboundX',
      ),
    ].join('\r\n');
    expect(parseNetshAdvfirewall(text)).toEqual([
      { name: 'Domain', enabled: true, blocksInbound: true },
      { name: 'Private', enabled: false, blocksInbound: null },
      { name: 'Public', enabled: null, blocksInbound: false },
      { name: 'Domain', enabled: false, blocksInbound: true },
      { name: 'Private', enabled: false, blocksInbound: null },
      { name: 'Public', enabled: true, blocksInbound: null },
    ]);
    // Lines before any heading, and other headings, change nothing.
    expect(parseNetshAdvfirewall('State ON\nOther Settings:\nState OFF\n')).toBeNull();
    expect(parseNetshAdvfirewall('Public Profile Settings:\nStateON\n')).toEqual([
      { name: 'Public', enabled: null, blocksInbound: null },
    ]);
  });

  it('windowsProfileState: each documented code, policy beside an unknown CIM value', () => {
    const state = (
      cim: { enabled: number | null; defaultInboundAction: number | null } | null,
      enableFirewall: number | null,
      inbound: number | null,
    ) => windowsProfileState('Domain', cim, { enableFirewall, defaultInboundAction: inbound });
    expect(state({ enabled: null, defaultInboundAction: null }, null, null)).toEqual({
      name: 'Domain',
      enabled: null,
      blocksInbound: null,
      setByPolicy: false,
    });
    expect(state({ enabled: 0, defaultInboundAction: 0 }, 1, 1)).toEqual({
      name: 'Domain',
      enabled: true,
      blocksInbound: true,
      setByPolicy: true,
    });
    expect(state({ enabled: 1, defaultInboundAction: 2 }, 2, 2)).toEqual({
      name: 'Domain',
      enabled: true,
      blocksInbound: false,
      setByPolicy: false,
    });
    expect(state(null, null, 0)).toEqual({ name: 'Domain', enabled: null, blocksInbound: false, setByPolicy: true });
    expect(state({ enabled: 3, defaultInboundAction: 1 }, null, null)).toEqual({
      name: 'Domain',
      enabled: null,
      blocksInbound: null,
      setByPolicy: false,
    });
  });

  it('socketfilterfw: State must agree with the words; wording variants of stealth mode', () => {
    const table: [string, boolean | null][] = [
      ['Firewall is enabled. (State = 1)\n', true],
      ['Firewall is enabled. (State = 2)', true],
      ['Firewall is disabled. (State = 0)', false],
      ['Firewall is enabled.', true],
      ['Firewall is disabled.\n', false],
      ['Firewall is enabled. (State = 0)', null],
      ['Firewall is disabled. (State = 1)', null],
      ['Firewall is enabled. (State = 3)', null],
      ['Firewall is enabled. (State = 1) extra', null],
      ['firewall is enabled.', null],
      ['', null],
    ];
    for (const [text, on] of table) expect([text, parseGlobalState(text)]).toEqual([text, on]);
    const stealth: [string, boolean | null][] = [
      ['Firewall stealth mode is on', true],
      ['Firewall stealth mode is off.', false],
      ['Stealth mode enabled', true],
      ['Stealth mode disabled.', false],
      ['  Stealth mode enabled  \n', true],
      ['Stealth mode is on', null],
      ['Firewall stealth mode is maybe', null],
    ];
    for (const [text, on] of stealth) expect([text, parseStealthMode(text)]).toEqual([text, on]);
  });

  it('ufw status: inactive, active with each default, active without a Default line; other text', () => {
    expect(parseUfwStatus('Status: inactive\n')).toEqual({ active: false, blocksInbound: null });
    expect(
      parseUfwStatus(
        'Status: active\nLogging: on (low)\nDefault: reject (incoming), allow (outgoing), disabled (routed)\n',
      ),
    ).toEqual({ active: true, blocksInbound: true });
    expect(parseUfwStatus('Status: active\nDefault: allow (incoming), allow (outgoing)\n')).toEqual({
      active: true,
      blocksInbound: false,
    });
    expect(parseUfwStatus('Status: active\nDefault: deny (outgoing)\n')).toEqual({ active: true, blocksInbound: null });
    expect(parseUfwStatus('Status: active\n')).toEqual({ active: true, blocksInbound: null });
    expect(parseUfwStatus('ERROR: You need to be root to run this script\n')).toBeNull();
    expect(parseUfwStatus('Status: activated\n')).toBeNull();
  });

  it('KEY=value files: quotes, spaces, comments, later wins; zone targets', () => {
    expect([
      ...parseKeyValueConfig('# ENABLED=yes\nENABLED = "no"\r\nIPV6=\'yes\'\nENABLED=yes  \n9BAD=1\nMIXED="a\'\n'),
    ]).toEqual([
      ['ENABLED', 'yes'],
      ['IPV6', 'yes'],
      ['MIXED', '"a\''],
    ]);
    expect(
      parseFirewalldZoneTarget('<?xml version="1.0"?>\n<zone target = "DROP" version="1">\n<short>x</short>\n</zone>'),
    ).toBe('DROP');
    expect(parseFirewalldZoneTarget('<zone>\n<short>Public</short>\n</zone>')).toBe('default');
    expect(parseFirewalldZoneTarget('<service><short target="ACCEPT">x</short></service>')).toBeNull();
  });

  it('nft: policies written as statements, final verdicts with counters and logs, families, chains not on input', () => {
    const table = (family: string, body: string) => `table ${family} filter {\n\tchain input {\n${body}\n\t}\n}\n`;
    const chains = (family: string, body: string) => parseNftInputChains(table(family, body));
    expect(chains('inet', '\t\ttype filter hook input priority filter\n\t\tpolicy drop;')).toEqual([
      { family: 'inet', dropsByDefault: true, filters: true },
    ]);
    expect(chains('ip6', '\t\ttype filter hook input priority 0; policy accept;')).toEqual([
      { family: 'ip6', dropsByDefault: false, filters: false },
    ]);
    expect(
      chains('ip', '\t\ttype filter hook input priority 0; policy accept;\n\t\tcounter packets 3 bytes 180 drop'),
    ).toEqual([{ family: 'ip', dropsByDefault: true, filters: true }]);
    expect(
      chains(
        'ip',
        '\t\ttype filter hook input priority 0;\n\t\tlog prefix "in: " reject with icmp type port-unreachable',
      ),
    ).toEqual([{ family: 'ip', dropsByDefault: true, filters: true }]);
    expect(chains('ip', '\t\ttype filter hook input priority 0;\n\t\ttcp dport 22 drop\n\t\taccept')).toEqual([
      { family: 'ip', dropsByDefault: false, filters: true },
    ]);
    expect(chains('ip', '\t\ttype filter hook input priority 0;\n\t\tip saddr 10.0.0.1 drop')).toEqual([
      { family: 'ip', dropsByDefault: false, filters: true },
    ]);
    expect(chains('bridge', '\t\ttype filter hook input priority 0; policy drop;')).toEqual([]);
    expect(chains('inet', '\t\ttype filter hook output priority 0; policy drop;')).toEqual([]);
    expect(
      parseNftInputChains('table x {\n chain input {\n  type filter hook input priority 0; policy drop;\n }\n}\n'),
    ).toEqual([{ family: 'ip', dropsByDefault: true, filters: true }]);
    expect(
      parseNftInputChains(
        '#!/usr/sbin/nft -f\nflush ruleset\ndefine LAN = 10.0.0.0/8\n' +
          table('inet', 'type filter hook input priority 0; policy drop;'),
      ),
    ).toEqual([{ family: 'inet', dropsByDefault: true, filters: true }]);
    // Cut off inside a table: not nft's whole output.
    expect(
      parseNftInputChains(
        'table inet filter {\n\tchain input {\n\t\ttype filter hook input priority 0; policy drop;\n\t}\n',
      ),
    ).toBeNull();
    // Sets and other blocks inside a chain do not end it.
    expect(
      chains(
        'inet',
        '\t\ttype filter hook input priority 0; policy accept;\n\t\tip saddr { 10.0.0.1,\n10.0.0.2 } accept\n\t\tdrop',
      ),
    ).toEqual([{ family: 'inet', dropsByDefault: true, filters: true }]);
  });

  it('iptables: iptables-save tables other than filter are skipped; a final plain DROP or REJECT drops by default', () => {
    const save =
      '*nat\n:INPUT DROP [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\n-A INPUT -j REJECT --reject-with icmp-host-prohibited\nCOMMIT\n';
    expect(parseIptablesInput(save)).toEqual({ dropsByDefault: true, filters: true });
    expect(parseIptablesInput('-P INPUT ACCEPT\n-A INPUT -s 10.0.0.1 -j DROP\n')).toEqual({
      dropsByDefault: false,
      filters: true,
    });
    expect(parseIptablesInput('-P INPUT ACCEPT\n-A INPUT -j DROP\n')).toEqual({ dropsByDefault: true, filters: true });
    expect(parseIptablesInput('-P INPUT ACCEPT\n-A FORWARD -j DROP\n')).toEqual({
      dropsByDefault: false,
      filters: false,
    });
    expect(parseIptablesInput('-P INPUT DROP\n')).toEqual({ dropsByDefault: true, filters: true });
    expect(parseIptablesInput('*nat\n:INPUT DROP [0:0]\n')).toBeNull();
    expect(parseIptablesInput('-P FORWARD DROP\n')).toBeNull();
  });
});

// Each of these kills a mutant the first mutation run left alive (handwritten in the same formats;
// the nftables.conf forms are those a person may type: double spaces, no final semicolon).
describe('edges found by mutation testing (handwritten)', () => {
  it('netsh: an indented heading, a heading with text after its colon, a State word after one space, words glued in front', () => {
    expect(
      parseNetshAdvfirewall('  Public Profile Settings:\nState ON\nFirewall Policy BlockInbound,AllowOutbound\n'),
    ).toEqual([{ name: 'Public', enabled: true, blocksInbound: true }]);
    expect(parseNetshAdvfirewall('Public Profile Settings: see below\nState ON\n')).toBeNull();
    expect(
      parseNetshAdvfirewall('Public Profile Settings:\nXState ON\nFirewall Policy NotAllowInbound,AllowOutbound\n'),
    ).toEqual([{ name: 'Public', enabled: null, blocksInbound: null }]);
  });
  it('socketfilterfw, stealth mode and ufw: words glued in front, no space before (State, blanks after the line, text after it', () => {
    expect(parseGlobalState('xFirewall is enabled. (State = 1)')).toBeNull();
    expect(parseGlobalState('Firewall is enabled.(State = 1)')).toBe(true);
    expect(parseGlobalState('Firewall is disabled. (State = 0)  \nnext')).toBe(false);
    expect(parseStealthMode('xStealth mode enabled')).toBeNull();
    expect(parseStealthMode('Stealth mode enabled  \nnext line')).toBe(true);
    expect(parseUfwStatus('xStatus: active\n')).toBeNull();
    expect(parseUfwStatus('Status: active  \nxDefault: allow (incoming)\n')).toEqual({
      active: true,
      blocksInbound: null,
    });
    expect(parseUfwStatus('Status: active now\n')).toBeNull();
  });
  it('KEY=value: quotes only around the whole value are removed', () => {
    expect([...parseKeyValueConfig('A=x"b"\nB="a"b\n')]).toEqual([
      ['A', 'x"b"'],
      ['B', '"a"b'],
    ]);
  });
  it('nft: a line before a table that is no nft keyword, tables written with extra spaces or none', () => {
    expect(parseNftInputChains('xtable inet f {\n}\n')).toBeNull();
    expect(parseNftInputChains('xflush ruleset\n')).toBeNull();
    expect(parseNftInputChains('table inet f { x\n}\n')).toBeNull();
    expect(
      parseNftInputChains(
        'table  inet  f{\n  chain  input {\n    type  filter  hook  input  priority 0;  policy  drop ;\n  }\n}\n',
      ),
    ).toEqual([{ family: 'inet', dropsByDefault: true, filters: true }]);
  });
  it('nft: policy statements without a semicolon or on their own line (accept too), comments, final verdicts with counters and logs', () => {
    const chain = (body: string) => parseNftInputChains(`table inet f {\n\tchain input {\n${body}\n\t}\n}\n`);
    expect(chain('type filter hook input priority 0; policy drop')).toEqual([
      { family: 'inet', dropsByDefault: true, filters: true },
    ]);
    expect(chain('type filter hook input priority 0;\npolicy  accept')).toEqual([
      { family: 'inet', dropsByDefault: false, filters: false },
    ]);
    expect(chain('type filter hook input priority 0;\npolicy drop ;')).toEqual([
      { family: 'inet', dropsByDefault: true, filters: true },
    ]);
    expect(chain('type filter hook input priority 0;\ncomment "shop till"\npolicy accept;')).toEqual([
      { family: 'inet', dropsByDefault: false, filters: false },
    ]);
    for (const last of [
      'counter drop',
      'counter packets 12 bytes 3456 drop',
      'counter  drop',
      'log prefix "in"  drop',
      'reject  with tcp reset',
    ]) {
      expect([last, chain(`type filter hook input priority 0; policy accept;\n${last}`)]).toEqual([
        last,
        [{ family: 'inet', dropsByDefault: true, filters: true }],
      ]);
    }
  });
  it('nft: a block inside a chain (a verdict map) neither ends the chain nor starts another', () => {
    const text =
      'table inet f {\n\tchain input {\n\t\ttype filter hook input priority 0; policy accept;\n\t\ttcp dport vmap {\n\t\t\t22 : accept,\n\t\t\t23 : drop\n\t\t}\n\t\tdrop\n\t}\n}\n';
    expect(parseNftInputChains(text)).toEqual([{ family: 'inet', dropsByDefault: true, filters: true }]);
  });
});

// The kernel itself: each rule set is loaded into a private network namespace (its own loopback, this machine's
// rules untouched), a connection to 127.0.0.1 is tried through it, and the parser must agree with what happened.
// Concurrent: each waits up to a second for a connection the rules drop.
needs({ '/usr/sbin/nft': 'nftables', '/usr/sbin/iptables': 'iptables', '/usr/sbin/ip': 'iproute2' }).describe(
  'input chains as netfilter decides (real nft and iptables in a private network namespace)',
  () => {
    const script = [
      'ip link set lo up || exit 125',
      'if [ "$1" = nft ]; then nft -f "$2" || exit 125; nft list ruleset; else',
      '  while IFS= read -r rule; do eval "iptables $rule" || exit 125; done < "$2"; iptables -S; fi',
      'echo ---',
      'exec "$3" -e "$4"',
    ].join('\n');
    // Listens on 127.0.0.1:8080 and connects to it: "open", or "closed" when refused or unanswered within a second.
    const probe = `const net = require('node:net'); net.createServer().listen(8080, '127.0.0.1', () => {
      const c = net.connect(8080, '127.0.0.1', () => { console.log('open'); process.exit(0); });
      c.on('error', () => { console.log('closed'); process.exit(0); });
      c.setTimeout(1000, () => { console.log('closed'); process.exit(0); }); });`;
    const run = async (kind: 'nft' | 'iptables', rules: string) => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'shop-audit-nft-')), 'rules');
      writeFileSync(file, rules);
      try {
        // A non-zero exit rejects, with the shell's error output.
        const { stdout } = await execFileAsync(
          '/usr/bin/unshare',
          ['-n', '/bin/sh', '-c', script, 'sh', kind, file, process.execPath, probe],
          { encoding: 'utf8', env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } },
        );
        const [listed = '', reached = ''] = stdout.split('---\n');
        return { listed, open: reached.trim() === 'open' };
      } finally {
        rmSync(path.dirname(file), { recursive: true });
      }
    };
    const nftTable = (rules: string) =>
      `table inet filter {\n chain input {\n  type filter hook input priority filter; policy drop;\n${rules}\n }\n` +
      ' chain user-input {\n  counter accept\n }\n}\n';

    it.concurrent.each([
      ['policy drop alone', ''],
      ['an accept of everything first', 'counter accept comment "opened for the till software"\ntcp dport 22 accept'],
      ['accepts for some ports only', 'iif "lo" tcp dport 22 accept\nct state established,related accept'],
      ['a drop met before the accept', 'tcp dport 22 accept\ndrop\naccept'],
      ['an accept of everything in a chain jumped to', 'jump user-input'],
    ])('nft: %s', async (_, rules) => {
      const { listed, open } = await run('nft', nftTable(rules));
      const chains = parseNftInputChains(listed);
      expect(chains?.some((c) => c.dropsByDefault)).toBe(!open);
    });

    it.concurrent.each([
      ['policy DROP alone', '-P INPUT DROP'],
      ['an ACCEPT of everything first', '-P INPUT DROP\n-A INPUT -m comment --comment "opened" -j ACCEPT'],
      ['ACCEPT for some ports only', '-P INPUT DROP\n-A INPUT -p tcp --dport 22 -j ACCEPT'],
      ['REJECT met before the ACCEPT', '-P INPUT ACCEPT\n-A INPUT -j REJECT\n-A INPUT -j ACCEPT'],
      [
        'an ACCEPT of everything in a chain jumped to',
        '-P INPUT DROP\n-N user-input\n-A user-input -j ACCEPT\n-A INPUT -j user-input',
      ],
    ])('iptables: %s', async (_, rules) => {
      const { listed, open } = await run('iptables', `${rules}\n`);
      expect(parseIptablesInput(listed)?.dropsByDefault).toBe(!open);
    });

    // As ufw's ufw-not-local: it returns the packets for the PC's own addresses and drops the rest, so its drop
    // does not end the walk for a connection to the PC; an accept of everything after it lets that in.
    it.concurrent.each([
      ['then an accept of everything', true],
      ['and nothing after it', false],
    ])('a chain that returns local packets and drops the rest, %s', async (_, allowAll) => {
      const nft = await run(
        'nft',
        'table inet filter {\n chain input {\n  type filter hook input priority filter; policy drop;\n' +
          `  jump not-local\n${allowAll ? '  counter accept\n' : ''} }\n` +
          ' chain not-local {\n  fib daddr type local counter return\n  counter drop\n }\n}\n',
      );
      expect(nft.open).toBe(allowAll);
      expect(parseNftInputChains(nft.listed)?.some((c) => c.dropsByDefault)).toBe(!nft.open);
      const iptables = await run(
        'iptables',
        '-P INPUT DROP\n-N not-local\n-A not-local -m addrtype --dst-type LOCAL -j RETURN\n' +
          `-A not-local -j DROP\n-A INPUT -j not-local\n${allowAll ? '-A INPUT -j ACCEPT\n' : ''}`,
      );
      expect(iptables.open).toBe(allowAll);
      expect(parseIptablesInput(iptables.listed)?.dropsByDefault).toBe(!iptables.open);
    });
  },
);

import { describe, expect, it } from 'vitest';
import {
  btmEntries,
  btmLaunchdJobs,
  isBtmDump,
  parseBtmDump,
  redactBtmDump,
} from '../../../src/probes/autostart/btm.js';
import { sample } from '../../helpers/macos-samples.js';

// Real `sfltool dumpbtm` outputs (test/fixtures/samples/macos/MANIFEST.md).
const DOCKER = sample('sfltool-dumpbtm__macos26-uid-2-docker-developer-and-legacy-daemon.txt');
const DBNGIN = sample('sfltool-dumpbtm__one-record-app-dbngin-menu-helper-unindented.txt');
const CLEANMYMAC = sample('sfltool-dumpbtm__one-record-login-item-cleanmymac-menu-unindented.txt');

describe('sfltool dumpbtm (real outputs)', () => {
  it('reads the records of a whole dump with their user section, the embedded-items list not taken for fields', () => {
    const records = parseBtmDump(DOCKER);
    expect(records.map((r) => [r.uid, r.fields.get('Name'), r.fields.get('Type'), r.groups])).toEqual([
      [-2, 'Docker', 'developer (0x20)', true],
      [-2, 'com.docker.vmnetd', 'legacy daemon (0x10010)', false],
    ]);
    expect(records[1]!.fields.get('Executable Path')).toBe('/Library/PrivilegedHelperTools/com.docker.vmnetd');
    expect(isBtmDump(DOCKER)).toBe(true);
  });

  it('lists neither a developer heading nor a legacy daemon (its plist in /Library/LaunchDaemons is listed as such)', () => {
    expect(btmEntries(parseBtmDump(DOCKER))).toEqual([]);
  });

  it("names a legacy daemon's plist only when its folder was not listed, as the folder listing would name it", () => {
    const records = parseBtmDump(DOCKER);
    expect(btmLaunchdJobs(records, ['/Library/LaunchDaemons', '/Library/LaunchAgents'])).toEqual([]);
    expect(btmLaunchdJobs(records, ['/Library/LaunchAgents'])).toEqual([
      {
        plist: '/Library/LaunchDaemons/com.docker.vmnetd.plist',
        job: {
          id: 'launch-daemon:/Library/LaunchDaemons/com.docker.vmnetd.plist',
          kind: 'launch-daemon',
          name: 'com.docker.vmnetd (/Library/PrivilegedHelperTools/com.docker.vmnetd)',
          program: '/Library/PrivilegedHelperTools/com.docker.vmnetd',
          publisher: 'Docker (9BNSXJN65R)',
        },
      },
    ]);
    const off = DOCKER.replace('[enabled, allowed, notified] (0xb)', '[disabled, allowed, notified] (0xa)');
    expect(btmLaunchdJobs(parseBtmDump(off), [])).toEqual([]);
  });

  it('an app that is on and groups nothing starts at sign-in: its bundle, maker and team from the signature', () => {
    expect(btmEntries(parseBtmDump(DBNGIN))).toEqual([
      {
        id: 'login-item:2.com.tinyapp.DBnginMenuHelper',
        kind: 'login-item',
        name: 'DBnginMenuHelper (/Applications/DBngin.app/Contents/MacOS/DBnginMenuHelper.app)',
        program: '/Applications/DBngin.app/Contents/MacOS/DBnginMenuHelper.app',
        publisher: 'TablePlus Inc (3X57WP8E8V)',
      },
    ]);
  });

  it("a login item inside an app whose record is not in the output: listed, its program unknown (the path is the app's)", () => {
    const [item] = btmEntries(parseBtmDump(CLEANMYMAC));
    expect(item).toEqual({
      id: 'login-item:4.com.macpaw.CleanMyMac-mas.Menu',
      kind: 'login-item',
      name: 'CleanMyMac Menu',
      program: null,
      publisher: null,
    });
  });

  it('a login item resolves against its parent app in the same user section; one switched off is not listed', () => {
    const parent = [
      ' #1:',
      '                 Name: CleanMyMac',
      '                 Type: app (0x2)',
      '          Disposition: [enabled, allowed, notified] (0xb)',
      '           Identifier: 2.com.macpaw.CleanMyMac-mas',
      '                  URL: file:///Applications/CleanMyMac.app/',
      '  Embedded Item Identifiers:',
      '    #1: 4.com.macpaw.CleanMyMac-mas.Menu',
      ' #2:',
    ].join('\n');
    // The header of the real dump, a parent app record, then the real login item record.
    const dump = `${DOCKER.split(' Items:')[0]} Items:\n\n${parent}\n${CLEANMYMAC}`;
    expect(btmEntries(parseBtmDump(dump)).map((e) => [e.id, e.program])).toEqual([
      [
        'login-item:uid -2: 4.com.macpaw.CleanMyMac-mas.Menu',
        '/Applications/CleanMyMac.app/Contents/Library/LoginItems/CleanMyMac_5_MAS_Menu.app',
      ],
    ]);
    const off = CLEANMYMAC.replace('[enabled, allowed, notified] (0xb)', '[enabled, disallowed, notified] (0x9)');
    expect(btmEntries(parseBtmDump(off))).toEqual([]);
    expect(btmEntries(parseBtmDump(CLEANMYMAC.replace('[enabled,', '[disabled,')))).toEqual([]);
  });

  it('is no dump when sfltool prints its usage (macOS 12 and earlier) or nothing', () => {
    expect(isBtmDump('Usage: sfltool <command> [options]\n')).toBe(false);
    expect(isBtmDump('')).toBe(false);
  });

  it('a --record bundle keeps what the reader uses and reads the same; UUIDs and unknown lines go', () => {
    const withArgs = DOCKER.replace(
      '           Generation: 3',
      '    Program Arguments: [ /x/helper, --token=Zq7-canary ]\n           Generation: 3',
    );
    const redacted = redactBtmDump(withArgs);
    expect(redacted).not.toContain('Zq7-canary');
    expect(redacted).not.toContain('F9B68A0D-E02A-4EFC-87E8-02992E38A9E0');
    expect(redacted).not.toContain('FFFFEEEE-DDDD');
    expect(parseBtmDump(redacted)).toEqual(parseBtmDump(DOCKER));
    expect(btmEntries(parseBtmDump(redactBtmDump(DBNGIN)))).toEqual(btmEntries(parseBtmDump(DBNGIN)));
  });
});

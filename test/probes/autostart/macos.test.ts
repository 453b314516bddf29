import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReplayHost } from '../../../src/host/bundle.js';
import { autostart } from '../../../src/probes/autostart/index.js';
import { REPO } from '../../helpers/host.js';
import { exited, macBundle, SAMPLED_MAC, sample } from '../../helpers/macos-samples.js';
import { everyOutput, scanWith } from '../../helpers/scan.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test/fixtures/autostart', name), 'utf8');
const RUSTDESK = fixture('com.carriez.RustDesk_server.plist__rustdesk-launchagent.plist');
const TELEPORT = fixture('com.goteleport.teleport.plist__teleport-launchdaemon.plist');

const DUMPBTM = '/usr/bin/sfltool dumpbtm';
// Real `sfltool dumpbtm` outputs (test/fixtures/samples/macos/MANIFEST.md).
const BTM_DOCKER = sample('sfltool-dumpbtm__macos26-uid-2-docker-developer-and-legacy-daemon.txt');
const BTM_CLEANMYMAC = sample('sfltool-dumpbtm__one-record-login-item-cleanmymac-menu-unindented.txt');

/**
 * A Mac (the sampled one) whose launchd folders hold these plists (folder -> file -> text); scanned with sudo when
 * sfltool's login items are given.
 */
function macWith(folders: Record<string, Record<string, string>>, dumpbtm?: string) {
  const bundle = macBundle(dumpbtm === undefined ? SAMPLED_MAC : { ...SAMPLED_MAC, [DUMPBTM]: exited(dumpbtm) }, {
    elevated: dumpbtm !== undefined,
  });
  for (const [dir, files] of Object.entries(folders)) {
    bundle.dirs[dir] = { status: 'ok', entries: Object.keys(files) };
    for (const [name, text] of Object.entries(files)) bundle.files[`${dir}/${name}`] = { status: 'ok', text };
  }
  return bundle;
}

describe('launchd jobs on macOS (real plists through the replay host)', () => {
  it('a daemon and an agent, each with the program it starts (ProgramArguments[0])', async () => {
    const host = createReplayHost(
      macWith({
        '/Library/LaunchDaemons': { 'com.goteleport.teleport.plist': TELEPORT },
        '/Library/LaunchAgents': { 'com.carriez.RustDesk_server.plist': RUSTDESK, 'notes.txt': 'x' },
        '/Users/shop/Library/LaunchAgents': {},
      }),
    );
    const out = await autostart.collect.macos!(host);
    expect(out.facts.thirdParty?.map((e) => [e.kind, e.name, e.program])).toEqual([
      ['launch-daemon', 'com.goteleport.teleport (/usr/local/bin/teleport)', '/usr/local/bin/teleport'],
      [
        'launch-agent',
        'com.carriez.RustDesk_server (/Applications/RustDesk.app/Contents/MacOS/rustdesk)',
        '/Applications/RustDesk.app/Contents/MacOS/rustdesk',
      ],
    ]);
  });

  it('the inventory passes with empty folders and no login item, fails on a job or a login item (whole scans)', async () => {
    const inventory = async (folders: Record<string, Record<string, string>>, dumpbtm?: string) =>
      (await scanWith(createReplayHost(macWith(folders, dumpbtm)))).results.find((r) => r.id === 'autostart.inventory');
    const none = { '/Library/LaunchDaemons': {}, '/Library/LaunchAgents': {} };
    expect((await inventory(none, BTM_DOCKER))?.status).toBe('pass');
    const job = await inventory(
      { '/Library/LaunchDaemons': { 'com.goteleport.teleport.plist': TELEPORT } },
      BTM_DOCKER,
    );
    expect(job?.found).toBe('com.goteleport.teleport (/usr/local/bin/teleport)');
    const login = await inventory(none, BTM_CLEANMYMAC);
    expect([login?.status, login?.found]).toEqual(['fail', 'CleanMyMac Menu']);
  });

  it('unknown, never a pass, when a folder or the login items cannot be read', async () => {
    const bundle = macWith({}, BTM_DOCKER);
    bundle.dirs['/Library/LaunchDaemons'] = { status: 'denied' };
    const denied = await scanWith(createReplayHost(bundle));
    expect(denied.results.find((r) => r.id === 'autostart.inventory')?.status).toBe('unknown');
    // Without sudo, sfltool is not run (it would ask for a password on the screen).
    const host = createReplayHost(macWith({ '/Library/LaunchDaemons': {}, '/Library/LaunchAgents': {} }));
    const out = await autostart.collect.macos!(host);
    expect([out.facts.thirdParty, out.unknown.thirdParty]).toEqual([
      null,
      'not read: login items (sfltool dumpbtm): needs root: run again with sudo',
    ]);
    // An answer that is no list (macOS 12's sfltool has no dumpbtm).
    const old = createReplayHost(macWith({}, ''));
    expect((await autostart.collect.macos!(old)).unknown.thirdParty).toMatch(
      /^not read: login items: \/usr\/bin\/sfltool dumpbtm: exit code 0 \(macOS 12 and earlier have no such list\)$/,
    );
  });

  it("with sudo, sfltool's plists in a folder not listed (another user's, or one unreadable) count if they exist", async () => {
    const bundle = macWith({ '/Library/LaunchAgents': {} }, BTM_DOCKER);
    bundle.dirs['/Library/LaunchDaemons'] = { status: 'denied' };
    const vmnetd = '/Library/LaunchDaemons/com.docker.vmnetd.plist';
    const stale = await autostart.collect.macos!(createReplayHost(bundle));
    expect(stale.facts.thirdParty).toBeNull();
    bundle.stats[vmnetd] = { status: 'ok', kind: 'file', size: 1, mtimeMs: 0, mode: 0o644 };
    const out = await autostart.collect.macos!(createReplayHost(bundle));
    expect(out.facts.thirdParty?.map((e) => e.id)).toEqual([`launch-daemon:${vmnetd}`]);
    expect(out.unknown.thirdParty).toContain('/Library/LaunchDaemons');
  });

  it('without sudo, a job found beside unread login items still fails the inventory, the gap named', async () => {
    const bundle = macWith({ '/Library/LaunchDaemons': { 'com.goteleport.teleport.plist': TELEPORT } });
    const out = await autostart.collect.macos!(createReplayHost(bundle));
    expect(out.facts.thirdParty?.map((e) => e.id)).toEqual([
      'launch-daemon:/Library/LaunchDaemons/com.goteleport.teleport.plist',
    ]);
    expect(out.unknown.thirdParty).toContain('sfltool dumpbtm');
  });

  it("a --record bundle keeps a job's program but not its arguments", async () => {
    const CANARY = 'Zq7-canary-token';
    const plist = TELEPORT.replace('<string>start</string>', `<string>--auth-token=${CANARY}</string>`);
    const { outputs } = await everyOutput(
      createReplayHost(macWith({ '/Library/LaunchDaemons': { 'com.goteleport.teleport.plist': plist } })),
    );
    expect(outputs.bundle).toContain('/usr/local/bin/teleport');
    for (const [name, text] of Object.entries(outputs)) expect(text, name).not.toContain(CANARY);
  });

  it("a --record bundle keeps sfltool's login items but no UUID and no line it does not read", async () => {
    const CANARY = 'Zq7-canary-token';
    const dumpbtm = BTM_DOCKER.replace('Generation: 3', `Program Arguments: [ --auth-token=${CANARY} ]`);
    const { outputs } = await everyOutput(createReplayHost(macWith({}, dumpbtm)));
    expect(outputs.bundle).toContain('16.com.docker.vmnetd');
    for (const [name, text] of Object.entries(outputs)) {
      expect(text, name).not.toContain(CANARY);
      expect(text, name).not.toContain('423B0467-EA09-470E-AA74-51CB45E753E7');
    }
  });
});

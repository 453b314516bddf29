import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReplayHost } from '../../../src/host/bundle.js';
import { autostart } from '../../../src/probes/autostart/index.js';
import { REPO } from '../../helpers/host.js';
import { macBundle, SAMPLED_MAC } from '../../helpers/macos-samples.js';
import { everyOutput, scanWith } from '../../helpers/scan.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test/fixtures/autostart', name), 'utf8');
const RUSTDESK = fixture('com.carriez.RustDesk_server.plist__rustdesk-launchagent.plist');
const TELEPORT = fixture('com.goteleport.teleport.plist__teleport-launchdaemon.plist');

/** A Mac (the sampled one) whose launchd folders hold these plists (folder -> file -> text). */
function macWith(folders: Record<string, Record<string, string>>) {
  const bundle = macBundle(SAMPLED_MAC);
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

  it('the inventory passes with empty folders and fails on the jobs (whole scans); unknown when a folder cannot be read', async () => {
    const empty = await scanWith(
      createReplayHost(macWith({ '/Library/LaunchDaemons': {}, '/Library/LaunchAgents': {} })),
    );
    expect(empty.results.find((r) => r.id === 'autostart.inventory')?.status).toBe('pass');
    const jobs = await scanWith(
      createReplayHost(macWith({ '/Library/LaunchDaemons': { 'com.goteleport.teleport.plist': TELEPORT } })),
    );
    expect(jobs.results.find((r) => r.id === 'autostart.inventory')?.found).toBe(
      'com.goteleport.teleport (/usr/local/bin/teleport)',
    );
    const bundle = macWith({});
    bundle.dirs['/Library/LaunchDaemons'] = { status: 'denied' };
    const denied = await scanWith(createReplayHost(bundle));
    expect(denied.results.find((r) => r.id === 'autostart.inventory')?.status).toBe('unknown');
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
});

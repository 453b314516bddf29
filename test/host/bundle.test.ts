import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRecordingHost, createReplayHost, parseBundle } from '../../src/host/bundle.js';
import { UsageError } from '../../src/errors.js';
import { redactSecrets } from '../../src/probes/index.js';
import { runMain } from '../helpers/cli.js';
import type { Host } from '../../src/host/types.js';
import { makeRoot, REPO, rootHost } from '../helpers/host.js';
import { exited, macBundle, macHost, SAMPLED_MAC } from '../helpers/macos-samples.js';
import { scanWith, statuses } from '../helpers/scan.js';
import { windowsHost } from '../helpers/windows-samples.js';

describe('record and replay', () => {
  it('records every call with secrets redacted, and replays the same answers', async () => {
    const root = await makeRoot({ '/etc/secret': 'token=abc123\n', '/etc/plain': 'ok\n' });
    const live = await rootHost(root, { env: { SUDO_USER: 'alice' } });
    const redact = (_kind: string, _key: string, text: string) => text.replace(/abc123/g, 'REDACTED');
    const { host, finish } = createRecordingHost(live, redact);
    expect(await host.readFile('/etc/secret')).toEqual({ status: 'ok', text: 'token=abc123\n' });
    await host.readFile('/etc/plain');
    await host.exec('/bin/cat', [{ path: '/etc/secret' }]);
    await host.exec('/usr/bin/none-such', ['-x']);
    host.env('SUDO_USER');
    const bundle = finish();
    const text = JSON.stringify(bundle);
    expect(text).not.toContain('abc123');
    expect(text).not.toContain(root); // file arguments are recorded as the PC's own paths

    const replay = createReplayHost(parseBundle('b.json', text));
    expect(await replay.readFile('/etc/secret')).toEqual({ status: 'ok', text: 'token=REDACTED\n' });
    expect(await replay.readFile('/etc/plain')).toEqual({ status: 'ok', text: 'ok\n' });
    expect(await replay.exec('/bin/cat', [{ path: '/etc/secret' }])).toMatchObject({
      status: 'exited',
      stdout: 'token=REDACTED\n',
    });
    expect(await replay.exec('/usr/bin/none-such', ['-x'])).toEqual({ status: 'missing' });
    expect(replay.env('SUDO_USER')).toBe('alice');
    expect(replay.user).toEqual(live.user);
  });

  it('answers missing for anything the bundle does not hold', async () => {
    const replay = createReplayHost(
      parseBundle(
        'b.json',
        JSON.stringify({
          kind: 'shop-audit-bundle',
          schemaVersion: 1,
          os: 'linux',
          elevated: false,
          user: { name: 'u', uid: 1000, home: null },
        }),
      ),
    );
    expect(await replay.exec('/usr/bin/lsblk', [])).toEqual({ status: 'missing' });
    expect(await replay.readFile('/etc/passwd')).toEqual({ status: 'missing' });
    expect(await replay.listDir('/etc')).toEqual({ status: 'missing' });
  });

  it('a replay judges the PC as it was when recorded: its logs reach no further back for being replayed later', async () => {
    // The Security log reaching back 150 days, recorded on the PC; replayed 40 days later.
    const DAY = 86_400_000;
    const recordedAt = new Date('2026-06-01T09:00:00Z');
    const pc = windowsHost({
      securityLog: { MaxSize: 20_971_520, Retention: 0, AutoBackupLogFiles: null },
      securityLogPolicy: null,
      securityLogOldest: new Date(recordedAt.getTime() - 150 * DAY).toISOString(),
      securityLogonEvent: true,
    });
    const recording = createRecordingHost(pc, redactSecrets);
    const live = await scanWith(recording.host, { replayed: false, now: recordedAt });
    expect(statuses(live)['logs.kept-180-days']).toBe('fail');
    const later = new Date(recordedAt.getTime() + 40 * DAY);
    const bundle = recording.finish();
    const replayed = await scanWith(createReplayHost(bundle), { now: later });
    expect(statuses(replayed)).toEqual(statuses(live));
    expect(replayed.results.map((r) => r.found)).toEqual(live.results.map((r) => r.found));
    // `shop-audit probes --replay` reads the facts at that time too (today, for this test, is later still).
    const file = path.join(await makeRoot({}), 'pc.bundle.json');
    writeFileSync(file, JSON.stringify(bundle));
    const run = await runMain(['probes', '--replay', file, '--json']);
    expect(run.code).toBe(0);
    const probes = JSON.parse(run.stdout).probes as { id: string; facts: { coveredDays?: number } }[];
    expect(probes.find((p) => p.id === 'logs_kept')?.facts.coveredDays).toBe(150);
  });

  it('a probe that gave no answer in time on the PC gives none from its bundle, though its late read is in it', async () => {
    // pwpolicy answers (a 12-character policy) after the probe's deadline, but before the bundle is written.
    const policy = readFileSync(
      path.join(
        REPO,
        'test/fixtures/password_policy/pwpolicy-getaccountpolicies__public-capture-macos26.2-stock-fde-4-chars-en-only.txt',
      ),
      'utf8',
    ).replace(
      '</array>',
      () =>
        "\t<dict><key>policyContent</key><string>policyAttributePassword matches '.{12,}'</string></dict>\n\t</array>",
    );
    const mac = macHost({ ...SAMPLED_MAC, '/usr/bin/pwpolicy -getaccountpolicies': exited(policy) });
    const slow: Host = {
      ...mac,
      exec: async (command, args, options) => {
        if (command.endsWith('/pwpolicy')) await new Promise((resolve) => setTimeout(resolve, 1500));
        return mac.exec(command, args, options);
      },
    };
    const recording = createRecordingHost(slow, redactSecrets);
    const live = await scanWith(recording.host, { replayed: false, probeDeadlineMs: 1000 });
    expect(statuses(live)['password-policy.min-length']).toBe('error');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const bundle = recording.finish();
    expect(bundle.commands.some((c) => c.command.endsWith('/pwpolicy'))).toBe(true);
    const replayed = await scanWith(createReplayHost(bundle), { probeDeadlineMs: 1000 });
    expect(statuses(replayed)).toEqual(statuses(live));
    expect(replayed.probes.find((p) => p.id === 'password_policy')?.error).toBe(
      live.probes.find((p) => p.id === 'password_policy')?.error,
    );
  });

  it("a recording of a replay keeps the replayed bundle's derived answers (never computed again from its reads)", async () => {
    const replay = createReplayHost({ ...macBundle({}), derived: { personal_data: { kept: true } } });
    const recording = createRecordingHost(replay, redactSecrets);
    expect(await recording.host.derive('personal_data', async () => ({ kept: false }))).toEqual({ kept: true });
    expect(recording.finish().derived).toEqual({ personal_data: { kept: true } });
  });

  it('rejects a malformed bundle with a usage error that says where', () => {
    expect(() => parseBundle('b.json', '{\n  "kind": "shop-audit-bundle",\n  oops\n}')).toThrow(UsageError);
    expect(() => parseBundle('b.json', '{\n  "kind": "shop-audit-bundle",\n  oops\n}')).toThrow(
      /^b\.json:3:\d+: not a valid replay bundle/,
    );
    expect(() =>
      parseBundle(
        'b.json',
        JSON.stringify({
          kind: 'shop-audit-bundle',
          schemaVersion: 1,
          os: 'beos',
          elevated: false,
          user: { name: 'u', uid: 1, home: null },
        }),
      ),
    ).toThrow(/b\.json: not a valid replay bundle: os: /);
  });
});

describe('jsonErrorOffset', () => {
  it('finds where JSON goes wrong, and agrees with JSON.parse on what is valid', async () => {
    const { jsonErrorOffset } = await import('../../src/host/json-position.js');
    const cases: [string, number | null][] = [
      ['{"a": [1, 2.5e3, true, null, "x\\"y"]}', null],
      ['{"a": }', 6],
      ['{"a" 1}', 5],
      ['[1, 2', 5],
      ['{"a": 1} x', 9],
      ['"ab\ncd"', 3],
      ['{"a": tru}', 6],
    ];
    for (const [text, offset] of cases) {
      expect(jsonErrorOffset(text), text).toBe(offset);
      expect(offset === null, text).toBe(
        (() => {
          try {
            JSON.parse(text);
            return true;
          } catch {
            return false;
          }
        })(),
      );
    }
  });

  it('locates the error in a bundle nested 200,000 deep (issue 13: it said 1:1)', async () => {
    const { jsonErrorOffset } = await import('../../src/host/json-position.js');
    const deep = '['.repeat(200_000);
    expect(jsonErrorOffset(`${deep}1${']'.repeat(200_000)}`)).toBe(null);
    expect(jsonErrorOffset(`${deep}x`)).toBe(200_000);
    expect(jsonErrorOffset(`{"a":${'{"b":'.repeat(200_000)}1,}`)).toBe(5 * 200_001 + 2);
    expect(() => parseBundle('b.json', `{\n"kind": "shop-audit-bundle",\n"files": ${deep}\n  oops`)).toThrow(
      /^b\.json:4:3: not a valid replay bundle/,
    );
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';
import { makeRoot } from '../helpers/host.js';

// A bundle recorded by `scan --record` holds every call its scan made, a file that was not there included
// ({status: missing}). A call it does not hold was never made: a bundle of an older shop-audit (which did not
// know that file), one recorded with other options, or one cut down. Replayed, such a gap read as "not there":
// a bundle without the display managers' files passed "the PC does not log in by itself" on no evidence.

const DISPLAY_MANAGER = /gdm|lightdm|sddm|lxdm|nodm/;

describe('a recorded bundle that lacks what this shop-audit reads', () => {
  it('answers "not in the bundle" (unknown), never a pass; the whole bundle still replays as recorded', async () => {
    const root = await makeRoot({});
    const bundle = path.join(root, 'pc.bundle.json');
    const live = await runMain(['scan', '--format', 'json', '--quiet', '--record', bundle, '--only', 'login.*']);
    const status = (out: string, id: string) =>
      (JSON.parse(out).results as { id: string; status: string; reasons: string[] }[]).find((r) => r.id === id)!;
    // This machine has no display manager: live, and from the whole bundle, auto-login is a pass.
    expect(status(live.stdout, 'login.no-auto-login').status).toBe('pass');
    const whole = await runMain(['scan', '--format', 'json', '--replay', bundle, '--only', 'login.*']);
    expect(status(whole.stdout, 'login.no-auto-login').status).toBe('pass');

    const recorded = JSON.parse(readFileSync(bundle, 'utf8'));
    expect(recorded.recordedBy).toEqual({ tool: 'shop-audit', version: expect.any(String) });
    for (const part of ['files', 'dirs', 'stats'])
      for (const key of Object.keys(recorded[part])) if (DISPLAY_MANAGER.test(key)) delete recorded[part][key];
    const older = path.join(root, 'older.bundle.json');
    writeFileSync(older, JSON.stringify(recorded));
    const r = await runMain(['scan', '--format', 'json', '--replay', older, '--only', 'login.*']);
    const autoLogin = status(r.stdout, 'login.no-auto-login');
    expect(autoLogin.status).toBe('unknown');
    expect(autoLogin.reasons.join(' ')).toContain('not in the bundle');
  });
});

describe('a bundle of another schema version', () => {
  it('is exit 2 naming both versions and the shop-audit that recorded it, not a field of its schema', async () => {
    const root = await makeRoot({});
    const bundle = path.join(root, 'pc.bundle.json');
    await runMain(['scan', '--quiet', '--record', bundle, '--only', 'login.*']);
    const newer = { ...JSON.parse(readFileSync(bundle, 'utf8')), schemaVersion: 2 };
    newer.recordedBy.version = '0.9.0';
    writeFileSync(bundle, JSON.stringify(newer));
    const r = await runMain(['scan', '--replay', bundle]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${bundle}: bundle schema version 2 is not one this shop-audit reads (it reads version 1)`,
    );
    expect(r.stderr).toContain('shop-audit 0.9.0 recorded it');
    // The recorder's version is quoted in every answer the bundle lacks: a long one is refused, not repeated.
    writeFileSync(
      bundle,
      JSON.stringify({ ...newer, schemaVersion: 1, recordedBy: { tool: 'shop-audit', version: 'v'.repeat(5000) } }),
    );
    const long = await runMain(['scan', '--replay', bundle]);
    expect(long.code).toBe(2);
    expect(long.stderr).toContain('not a valid replay bundle: recordedBy.version');
    const collected = { collector: 'collect.cmd', version: '1', at: null, notCollected: 'n'.repeat(5000) };
    const { recordedBy: _, ...unrecorded } = newer;
    writeFileSync(bundle, JSON.stringify({ ...unrecorded, schemaVersion: 1, collectedBy: collected }));
    expect((await runMain(['scan', '--replay', bundle])).stderr).toContain(
      'not a valid replay bundle: collectedBy.notCollected',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createReplayHost, parseBundle } from '../src/host/bundle.js';
import { runProbe } from '../src/scan.js';
import { notOnThisPc, REASON, type Probe, type ProbeOutput } from '../src/probes/types.js';

// Probes written for this test (not product code): each collector misbehaves in one way.
const host = createReplayHost(
  parseBundle(
    't.json',
    JSON.stringify({
      kind: 'shop-audit-bundle',
      schemaVersion: 1,
      os: 'linux',
      elevated: false,
      user: { name: 'u', uid: 1000, home: null },
    }),
  ),
);
const facts = z.object({ a: z.boolean().nullable(), b: z.number().nullable() });
const probe = (collect: () => Promise<ProbeOutput<z.infer<typeof facts>>>): Probe => ({
  id: 'test',
  title: { en: 't', 'zh-CN': 't' },
  facts,
  collect: { linux: collect },
});

describe('runProbe: how a probe ends', () => {
  it('ok when everything was read, or the only gaps are facts this OS does not have', async () => {
    expect(
      (
        await runProbe(
          probe(async () => ({ facts: { a: true, b: 1 }, unknown: {} })),
          host,
          1000,
        )
      ).run.status,
    ).toBe('ok');
    expect(
      (
        await runProbe(
          probe(async () => ({ facts: { a: true, b: null }, unknown: { b: REASON.notOnThisOs } })),
          host,
          1000,
        )
      ).run.status,
    ).toBe('ok');
    // Nor is a fact about something this PC has not got (no SSH server, no desktop).
    expect(
      (
        await runProbe(
          probe(async () => ({ facts: { a: true, b: null }, unknown: { b: notOnThisPc('no SSH server') } })),
          host,
          1000,
        )
      ).run.status,
    ).toBe('ok');
  });
  it('partial when a fact could not be read', async () => {
    const { run } = await runProbe(
      probe(async () => ({ facts: { a: true, b: null }, unknown: { b: REASON.needsRoot } })),
      host,
      1000,
    );
    expect(run).toMatchObject({ status: 'partial', unknown: { b: REASON.needsRoot } });
  });
  it('error when nothing could be read, when it throws, when it is too slow, or when its facts break its schema', async () => {
    expect(
      (
        await runProbe(
          probe(async () => ({ facts: { a: null, b: null }, unknown: { a: 'x', b: 'y' } })),
          host,
          1000,
        )
      ).run,
    ).toMatchObject({ status: 'error', error: 'nothing could be read' });
    expect(
      (
        await runProbe(
          probe(async () => {
            throw new Error('boom');
          }),
          host,
          1000,
        )
      ).run,
    ).toMatchObject({ status: 'error', error: 'boom' });
    const nested: Probe = {
      id: 'nested',
      title: { en: 't', 'zh-CN': 't' },
      facts: z.object({ g: z.object({ x: z.boolean().nullable() }) }),
      collect: { linux: async () => ({ facts: { g: { x: null } }, unknown: { 'g.x': 'y' } }) },
    };
    expect((await runProbe(nested, host, 1000)).run.status).toBe('error');
    const started = Date.now();
    expect(
      (
        await runProbe(
          probe(() => new Promise(() => {})),
          host,
          200,
        )
      ).run,
    ).toMatchObject({ status: 'error', error: 'gave no answer within 0.2 s' });
    expect(Date.now() - started).toBeLessThan(2000);
    const bad = await runProbe(
      probe(async () => ({ facts: { a: 'yes', b: 1 } as never, unknown: {} })),
      host,
      1000,
    );
    expect(bad.run.status).toBe('error');
    expect(bad.run.error).toMatch(/do not match the probe's schema/);
  });
  it('unsupported when it has no collector for the OS', async () => {
    const p: Probe = {
      id: 'mac-only',
      title: { en: 't', 'zh-CN': 't' },
      facts,
      collect: { macos: async () => ({ facts: { a: true, b: 1 }, unknown: {} }) },
    };
    expect((await runProbe(p, host, 1000)).run.status).toBe('unsupported');
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createLiveHost } from '../../src/host/live.js';
import type { Host } from '../../src/host/types.js';
import { collectPersonalData } from '../../src/probes/personal_data/collect.js';
import type { PersonalDataFacts } from '../../src/probes/personal_data/facts.js';

// The personal_data probe run for real over folders made in a temporary folder.

export const NOW = new Date('2025-06-01T00:00:00Z');

/** Temporary folders, each removed after the test that made it. */
export function tempDirs(): () => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  return async () => {
    const d = await mkdtemp(path.join(tmpdir(), 'shop-audit-pii-'));
    dirs.push(d);
    return d;
  };
}

/** The probe over `home` (the scan user's home) on this machine's live host. */
export async function collectIn(
  home: string,
  options: { paths?: string[]; budget?: number; listWithoutDeadline?: boolean } = {},
) {
  const live = await createLiveHost({ elevated: false, user: { name: 'tester', uid: 1000, home }, env: {} });
  const host: Host = options.listWithoutDeadline
    ? { ...live, walk: (root, o) => live.walk(root, { ...o, deadline: undefined }) }
    : live;
  const out = await collectPersonalData(host, {
    deep: false,
    now: NOW,
    personalData: { paths: options.paths ?? [], timeBudgetSeconds: options.budget ?? 20 },
  });
  return out as { facts: PersonalDataFacts; unknown: Record<string, string> };
}

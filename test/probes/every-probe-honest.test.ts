import { describe, expect, it } from 'vitest';
import type { Host } from '../../src/host/types.js';
import { PROBES } from '../../src/probes/index.js';
import { answerSchemas } from '../../src/probes/windows/document.js';
import { expectHonest } from '../helpers/honesty.js';
import { makeRoot, rootHost } from '../helpers/host.js';
import { windowsHost } from '../helpers/windows-samples.js';

// Every probe in PROBES, not only those a test was written for, on a PC that answers nothing:
// its facts still fit its schema, and each null fact says why (test/helpers/honesty.ts). A new
// probe joins these checks by being listed in src/probes/index.ts. (macOS: macos-samples.test.ts.)

type LooseOutput = Parameters<typeof expectHonest>[0];

const collectEach = async (os: 'linux' | 'windows', host: Host) => {
  const outputs: [string, LooseOutput][] = [];
  for (const probe of PROBES) {
    const collect = probe.collect[os];
    expect(collect, `${probe.id} collects on ${os}`).toBeDefined();
    const out = await collect!(host);
    probe.facts.parse(out.facts);
    outputs.push([probe.id, out as LooseOutput]);
  }
  return outputs;
};

describe('every probe is honest when nothing can be read', () => {
  it('Linux, an empty temporary root (no tools, no files): every null fact has a reason, none is guessed', async () => {
    const outputs = await collectEach('linux', await rootHost(await makeRoot({})));
    expect(outputs.map(([id]) => id)).toEqual(
      expect.arrayContaining([
        'firewall',
        'anti_malware',
        'os_support',
        'password_policy',
        'autorun',
        'login_password',
      ]),
    );
    for (const [, out] of outputs) expectHonest(out);
  });

  it('Windows, a script document with no answers: every null fact has a reason', async () => {
    for (const [, out] of await collectEach('windows', windowsHost({}))) expectHonest(out);
  });

  it('Windows, every query of the script failed (each answer in `failed`): every null fact has a reason naming the failure', async () => {
    const failed = Object.fromEntries(
      Object.keys(answerSchemas()).map((name) => [
        name,
        { type: 'System.UnauthorizedAccessException', message: `Access to ${name} is denied` },
      ]),
    );
    for (const [id, out] of await collectEach('windows', windowsHost({}, { failed }))) {
      expectHonest(out);
      // personal_data reads documents, not the script: its reasons say the folders are not in the bundle.
      if (id === 'personal_data') continue;
      const reasons = Object.values(out.unknown);
      expect(reasons.length, `${id} has unknown facts`).toBeGreaterThan(0);
      // Each reason names the failed query, unless the fact is one Windows does not have (macOS's
      // Gatekeeper) or the probe does not read on Windows yet: never a value made up instead.
      for (const reason of reasons)
        expect(reason, id).toMatch(/is denied|^does not exist on this operating system$|^read on macOS only so far$/);
    }
  });
});

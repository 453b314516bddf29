import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { __probeName__ } from '../../../src/probes/__probe_id__/index.js';
import { REPO } from '../../helpers/host.js';
import { exited, macHost } from '../../helpers/macos-samples.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', '__probe_id__', name), 'utf8');

// macOS through the replay host: each command line with the output it gives.
describe('__probe_id__ on macOS', () => {
  it('reads the name hostname prints', async () => {
    const host = macHost({ '/bin/hostname': exited(fixture('hostname__handwritten-macos.txt')) });
    expect(await __probeName__.collect.macos(host)).toEqual({ facts: { name: 'Till-Mac.local' }, unknown: {} });
  });
  it('is unknown, with the reason, when hostname fails or is missing', async () => {
    const failed = await __probeName__.collect.macos(macHost({ '/bin/hostname': exited('', 'hostname: permission denied', 1) }));
    expect(failed).toEqual({ facts: { name: null }, unknown: { name: '/bin/hostname: exit code 1: hostname: permission denied' } });
    const missing = await __probeName__.collect.macos(macHost({}));
    expect(missing.facts.name).toBeNull();
    expect(missing.unknown.name).toContain('/bin/hostname');
  });
});

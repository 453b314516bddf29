import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { __probeName__ } from '../../../src/probes/__probe_id__/index.js';
import { makeRoot, REPO, rootHost } from '../../helpers/host.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', '__probe_id__', name), 'utf8');

// The Linux collector on real files in a temporary root folder.
describe('__probe_id__ on Linux', () => {
  it('reads the name from /etc/hostname', async () => {
    const host = await rootHost(await makeRoot({ '/etc/hostname': fixture('hostname__handwritten-comment-and-blank-first.txt') }));
    expect(await __probeName__.collect.linux(host)).toEqual({ facts: { name: 'till-pc' }, unknown: {} });
  });
  it('is unknown, with the reason, when the file is missing or names nothing', async () => {
    const missing = await __probeName__.collect.linux(await rootHost(await makeRoot({})));
    expect(missing.facts.name).toBeNull();
    expect(missing.unknown.name).toContain('/etc/hostname');
    const empty = await __probeName__.collect.linux(await rootHost(await makeRoot({ '/etc/hostname': '# none\n' })));
    expect(empty).toEqual({ facts: { name: null }, unknown: { name: '/etc/hostname names no host' } });
  });
});

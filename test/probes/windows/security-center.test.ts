import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeProductState } from '../../../src/probes/windows/security-center.js';
import { REPO } from '../../helpers/host.js';

const fixture = (folder: string, name: string) => JSON.parse(readFileSync(path.join(REPO, 'test/fixtures', folder, name), 'utf8')) as { states: Record<string, unknown>[] };

describe('Security Center productState of antivirus products (anti_malware/productstate__documented-format-values.json)', () => {
  const { states } = fixture('anti_malware', 'productstate__documented-format-values.json') as {
    states: { productState: number; described: string; realTime: boolean | null; upToDate: boolean | null; microsoft: boolean }[];
  };

  it.each(states)('$productState ($described)', (s) => {
    expect(decodeProductState(s.productState)).toEqual({ on: s.realTime, upToDate: s.upToDate, microsoft: s.microsoft });
  });

  it('expired (0x3000) is not protecting; a definitions nibble no source describes is unknown', () => {
    expect(decodeProductState(0x43000)).toEqual({ on: false, upToDate: true, microsoft: false });
    expect(decodeProductState(0x41020).upToDate).toBeNull();
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeProductState, undocumentedProductState } from '../../../src/probes/windows/security-center.js';
import { REPO } from '../../helpers/host.js';

const fixture = (folder: string, name: string) =>
  JSON.parse(readFileSync(path.join(REPO, 'test/fixtures', folder, name), 'utf8')) as {
    states: Record<string, unknown>[];
  };

describe('Security Center productState of antivirus products (anti_malware/productstate__handwritten-documented-format-values.json)', () => {
  const { states } = fixture('anti_malware', 'productstate__handwritten-documented-format-values.json') as {
    states: {
      productState: number;
      described: string;
      realTime: boolean | null;
      upToDate: boolean | null;
      microsoft: boolean;
    }[];
  };

  it.each(states)('$productState ($described)', (s) => {
    expect(decodeProductState(s.productState)).toEqual({
      on: s.realTime,
      upToDate: s.upToDate,
      microsoft: s.microsoft,
    });
  });

  it('expired (0x3000) is not protecting; a definitions nibble no source describes is unknown', () => {
    expect(decodeProductState(0x43000)).toEqual({ on: false, upToDate: true, microsoft: false });
    expect(decodeProductState(0x41020).upToDate).toBeNull();
  });
});

describe('Security Center productState of firewall products (firewall/firewallproduct-productstate__handwritten-documented-format-values.json)', () => {
  const { states } = fixture('firewall', 'firewallproduct-productstate__handwritten-documented-format-values.json') as {
    states: { productState: number; described: string; on: boolean | null; microsoft: boolean }[];
  };

  it.each(states)('$productState ($described)', (s) => {
    expect(decodeProductState(s.productState)).toMatchObject({ on: s.on, microsoft: s.microsoft });
  });

  it('names the value it cannot explain in decimal and hex', () => {
    expect(undocumentedProductState(81920)).toContain('81920 (0x14000)');
  });
});

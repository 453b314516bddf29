import { describe, expect, it } from 'vitest';
import { DEFAULT_COLLECT_OPTIONS } from '../../../src/probes/types.js';
import { __probeName__ } from '../../../src/probes/__probe_id__/index.js';
import { windowsHost } from '../../helpers/windows-samples.js';

// Windows through the replay host: the PowerShell script's document with the answers this probe asks.
describe('__probe_id__ on Windows', () => {
  it('takes the name from the script', async () => {
    const host = windowsHost({ computerName: 'TILL-PC' });
    expect(await __probeName__.collect.windows(host, DEFAULT_COLLECT_OPTIONS)).toEqual({ facts: { name: 'TILL-PC' }, unknown: {} });
  });
  it('is unknown, with the reason, when the script could not read it', async () => {
    const host = windowsHost({}, { failed: { computerName: { type: 'System.Exception', message: 'The RPC server is unavailable' } } });
    expect(await __probeName__.collect.windows(host, DEFAULT_COLLECT_OPTIONS)).toEqual({
      facts: { name: null },
      unknown: { name: 'computerName: The RPC server is unavailable' },
    });
  });
});

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { usbRound } from '../../src/cli/usb.js';
import { createRecordingHost, createReplayHost } from '../../src/host/bundle.js';
import { redactSecrets } from '../../src/probes/index.js';
import { makeRoot, rootHost } from '../helpers/host.js';
import { bundledRules } from '../helpers/scan.js';

// A bundle dropped on the executable (the old-Windows collector's, or a --record one) is reported as a visit: the
// saved HTML and JSON said it came from a bundle, but the summary on the technician's screen read like a scan of
// the PC in front of them.

describe("the USB round's summary of a dropped bundle", () => {
  it('says the facts came from a recorded bundle, as the saved reports do', async () => {
    const pc = await makeRoot({ '/proc/sys/kernel/hostname': 'TILL\n' });
    const recording = createRecordingHost(await rootHost(pc), redactSecrets, 'test');
    const stick = await makeRoot({});
    const live = await usbRound(recording.host, await bundledRules(), {
      lang: 'en',
      folders: [path.join(stick, 'live')],
    });
    expect(live.text).not.toContain('from a recorded bundle');
    const replayed = await usbRound(createReplayHost(recording.finish()), await bundledRules(), {
      lang: 'en',
      folders: [path.join(stick, 'replayed')],
      replayed: true,
    });
    expect(replayed.text.split('\n')[1]).toBe('(from a recorded bundle, not this PC)');
  });
});

// The round finds the PC's earlier report among every *.json of the stick's reports folder. Reading the folder was
// all or nothing: one file there that is not UTF-8 (a technician's note saved as GBK), or larger than 16 MiB, and
// the second visit no longer said what changed.
describe("the USB round's earlier visit", () => {
  it('is found past a file of the folder that cannot be read', async () => {
    const pc = await makeRoot({ '/proc/sys/kernel/hostname': 'TILL\n', '/etc/machine-id': 'aa'.repeat(16) });
    const stick = await makeRoot({});
    const folders = [path.join(stick, 'reports')];
    const at = (iso: string) => () => new Date(iso);
    await usbRound(await rootHost(pc), await bundledRules(), { lang: 'en', folders, now: at('2026-11-15T09:00:00Z') });
    // 客户 (customers) in GBK: not UTF-8.
    writeFileSync(path.join(folders[0]!, 'notes.json'), Buffer.from('{"n": "\xbf\xcd\xbb\xa7"}', 'latin1'));
    const second = await usbRound(await rootHost(pc), await bundledRules(), {
      lang: 'en',
      folders,
      now: at('2026-12-01T09:00:00Z'),
    });
    expect(second.text).toContain('What changed since the visit of 2026-11-15');
  });
});

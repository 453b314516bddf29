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

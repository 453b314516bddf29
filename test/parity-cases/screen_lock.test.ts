import { describe, expect, it } from 'vitest';
import { scanWith } from '../helpers/scan.js';
import { parseRegQuery, sample, windowsHost } from '../helpers/windows-samples.js';

// Whole scans for the screen-lock rule the parity check of issue #20 found unseen.

describe('screen-lock.idle-timeout on Windows, whole scan', () => {
  it('screen saver without password (HKCU Desktop sample), machine inactivity limit 300 s: passes', async () => {
    const reg = parseRegQuery(sample('reg-query-hkcu-desktop__en-screensaverissecure-0.txt'));
    const report = await scanWith(
      windowsHost({
        screenSaverUser: {
          ScreenSaveActive: null,
          ScreenSaverIsSecure: reg.ScreenSaverIsSecure!,
          ScreenSaveTimeOut: null,
          'SCRNSAVE.EXE': null,
        },
        screenSaverPolicy: null,
        // "Interactive logon: Machine inactivity limit" = 300 s, as Group Policy writes it (a DWORD).
        machineInactivity: { InactivityTimeoutSecs: 300 },
      }),
    );
    const rule = report.results.find((r) => r.id === 'screen-lock.idle-timeout')!;
    expect(rule.status).toBe('pass');
    expect(rule.evidence).toMatchObject({ idleSeconds: 300, requiresPassword: true });
  });
});

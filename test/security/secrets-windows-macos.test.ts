import { describe, expect, it } from 'vitest';
import { createReplayHost } from '../../src/host/bundle.js';
import { WINDOWS_SCRIPT } from '../../src/probes/windows/script.js';
import { macBundle, SAMPLED_MAC } from '../helpers/macos-samples.js';
import { parseRegQuery, sample, windowsBundle } from '../helpers/windows-samples.js';
import { everyOutput } from '../helpers/scan.js';

const CANARY = 'CANARY-9d2e';

describe('Windows: auto-logon DefaultPassword and BitLocker recovery keys', () => {
  it('the PowerShell script asks only whether DefaultPassword exists, and never for a recovery key', () => {
    expect(WINDOWS_SCRIPT).toMatch(/GetValueNames\(\) -contains 'DefaultPassword'/);
    expect(WINDOWS_SCRIPT.match(/DefaultPassword/g)?.length).toBeLessThanOrEqual(3);
    expect(WINDOWS_SCRIPT).not.toMatch(
      /GetValue\('DefaultPassword'|\.DefaultPassword\b|RecoveryPassword|NumericalPassword|KeyProtector|BackupToAAD|Get-BitLockerVolume/i,
    );
  });

  it('a canary where the password and the recovery key live never reaches any output, even if a document carried it', async () => {
    // The real auto-logon sample, with the canary standing in for its (already REDACTED) password,
    // and a recovery key smuggled into the document: the decoder must drop both.
    const reg = parseRegQuery(
      sample('reg-query-winlogon__en-win7-autologon-plaintext-password.txt').replace('REDACTED', CANARY),
    );
    expect(reg.DefaultPassword).toBe(CANARY);
    const bundle = windowsBundle({
      computerName: 'SHOP-PC',
      winlogon: {
        AutoAdminLogon: reg.AutoAdminLogon,
        DefaultUserName: reg.DefaultUserName,
        DefaultDomainName: null,
        ScreenSaverGracePeriod: null,
        DefaultPasswordExists: true,
        DefaultPassword: reg.DefaultPassword,
      },
      systemDrive: 'C:',
      bitLockerShell: null,
      bitLockerVolumes: [
        {
          deviceId: null,
          driveLetter: 'C:',
          volumeType: 0,
          protectionStatus: 1,
          conversionStatus: 1,
          encryptionMethod: 6,
          recoveryPassword: `${CANARY}-123456-123456`,
        },
      ],
    });
    const { outputs } = await everyOutput(createReplayHost(bundle));
    expect(outputs.probes).toContain('"passwordStored":true');
    for (const [name, text] of Object.entries(outputs)) expect(text, name).not.toContain(CANARY);
  });
});

describe('macOS: /etc/kcpassword', () => {
  it('its existence is reported, its content is never read', async () => {
    const bundle = macBundle(SAMPLED_MAC);
    bundle.stats['/etc/kcpassword'] = { status: 'ok', kind: 'file', size: 12, mtimeMs: 0, mode: 0o100600 };
    bundle.files['/etc/kcpassword'] = { status: 'ok', text: CANARY };
    const { outputs } = await everyOutput(createReplayHost(bundle));
    expect(outputs.probes).toContain('"passwordStored":true');
    for (const [name, text] of Object.entries(outputs)) expect(text, name).not.toContain(CANARY);
  });
});

describe('Windows: passwords on Run-key command lines', () => {
  it('a --record bundle keeps only the program of each Run-key command', async () => {
    const runKeys = [
      {
        key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
        name: 'vnc',
        command: `"C:\\Program Files\\uvnc bvba\\UltraVNC\\winvnc.exe" -run -password ${CANARY}`,
      },
      {
        key: 'HKCU\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
        name: 'tv',
        command: `C:\\Tools\\TeamViewer.exe --pw ${CANARY}`,
      },
    ];
    const { outputs } = await everyOutput(createReplayHost(windowsBundle({ computerName: 'SHOP-PC', runKeys })));
    expect(outputs.bundle).toContain('winvnc.exe');
    expect(outputs.bundle).toContain('TeamViewer.exe');
    for (const [name, text] of Object.entries(outputs)) expect(text, name).not.toContain(CANARY);
  });
});

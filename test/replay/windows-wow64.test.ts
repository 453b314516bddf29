import { describe, expect, it } from 'vitest';
import { createReplayHost } from '../../src/host/bundle.js';
import { loginPassword } from '../../src/probes/login_password/index.js';
import { answerSchemas } from '../../src/probes/windows/document.js';
import { noteCommands } from '../helpers/host.js';
import { scanWith } from '../helpers/scan.js';
import { parseRegQuery, sample, windowsBundle } from '../helpers/windows-samples.js';

// A 32-bit Node (npm's win-x86 build) on 64-bit Windows: WOW64 sends its System32 to the 32-bit SysWOW64, whose
// powershell.exe and reg.exe read the 32-bit registry view (HKLM\SOFTWARE\WOW6432Node), not the settings Windows
// applies. WOW64 sets PROCESSOR_ARCHITEW6432 in such a process; %SystemRoot%\Sysnative reaches the 64-bit folder
// (Microsoft's "File System Redirector"). Handwritten environment; the Winlogon answer is the real sample's.

const SYSNATIVE = 'C:\\Windows\\Sysnative';
const winlogon = parseRegQuery(sample('reg-query-winlogon__en-win7-autologon-plaintext-password.txt'));
const wow64 = (facts: Record<string, unknown>, failed?: Parameters<typeof windowsBundle>[1]) => {
  const bundle = windowsBundle(facts, failed);
  bundle.env = { ...bundle.env, PROCESSOR_ARCHITEW6432: 'AMD64' };
  bundle.commands = bundle.commands.map((c) => ({ ...c, command: c.command.replace('\\System32\\', '\\Sysnative\\') }));
  return createReplayHost(bundle);
};

describe('a 32-bit shop-audit on 64-bit Windows runs the 64-bit tools', () => {
  it("the 64-bit PowerShell answers: auto-logon is read from the registry Windows' sign-in reads", async () => {
    const facts = {
      winlogon: {
        AutoAdminLogon: winlogon.AutoAdminLogon,
        DefaultUserName: winlogon.DefaultUserName,
        DefaultDomainName: null,
        ScreenSaverGracePeriod: null,
        DefaultPasswordExists: true,
      },
    };
    const { host, asked } = noteCommands(wow64(facts));
    const out = await loginPassword.collect.windows!(host);
    expect(asked).toEqual([
      expect.stringMatching(/^C:\\Windows\\Sysnative\\WindowsPowerShell\\v1\.0\\powershell\.exe /),
    ]);
    expect(out.facts.autoLogin).toMatchObject({ enabled: true, user: 'Alfred' });
  });

  it("Windows' own tools of the fallback run from Sysnative too", async () => {
    const failed = Object.fromEntries(
      Object.keys(answerSchemas()).map((n) => [n, { type: 'System.Exception', message: `${n} failed` }]),
    );
    const { host, asked } = noteCommands(wow64({}, { failed }));
    await scanWith(host);
    expect(asked.length).toBeGreaterThan(5);
    for (const run of asked) expect(run.startsWith(`${SYSNATIVE}\\`), run).toBe(true);
  });
});

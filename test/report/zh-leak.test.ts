import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Host } from '../../src/host/types.js';
import { renderHtml } from '../../src/report/html.js';
import { renderText } from '../../src/report/text.js';
import { scan } from '../../src/scan.js';
import { makeRoot, rootHost } from '../helpers/host.js';
import { macHost, SAMPLED_MAC } from '../helpers/macos-samples.js';
import { bundledRules } from '../helpers/scan.js';
import { windowsHost } from '../helpers/windows-samples.js';

// A zh-CN report is Chinese throughout. Three PCs are scanned in zh-CN (a Linux desktop in a
// temporary root, scanned as an ordinary user so that checks go unanswered; the sampled Mac
// replayed; a Windows PC whose PowerShell answered nothing, replayed) and every line of the text
// report and every text node of the HTML report is searched for English words. What may stay:
// product and program names, commands the owner types (fix steps and hints quote them), rule ids,
// paths, and the technical names a reason quotes (a file, a registry key, a tool, a fact), values as a
// tool prints them (SIP "custom"), config keys the fix steps quote ([Autologin] User=), and the names
// of the PCs' own accounts (shop, tester, shopkeeper).

const ALLOWED = new Set(
  `shop-audit BitLocker FileVault Windows macOS Mac Linux Debian GNU bookworm Ubuntu Mint Fedora openSUSE RHEL KDE Plasma GNOME
  PowerShell Defender Microsoft Security Center ClamAV Sophos Gatekeeper SIP XProtect SSH sshd OpenSSH RDP VNC xrdp NFS SMB SMB1 Samba
  TeamViewer AnyDesk RustDesk ToDesk Sunlogin UU PCI DSS CIS Controls Cyber Essentials GB MLPS IG1 LUKS LVM Wi-Fi USB UTC root sudo
  admin Administrator Guest Win Enter Ctrl OK ID ufw gufw firewalld nftables apt dnf systemctl gsettings faillock pwquality secpol msc
  Apple DEP MDM lightdm gdm sddm PAM pam Status active running Network Level Authentication NLA App Store High Sierra Intel Command
  csrutil enable clamscan comm read Autologin User base autologin daemon true false build arm custom enabled default
  shop audit tester shopkeeper Pro version winver Déjà Dup Timeshift USBGuard clamav clamonacc install usb Admin scan
  tmutil destinationinfo logind journal Server Backup borg borgmatic sfltool dumpbtm greetd`.split(/\s+/),
);

/** English words in a line once ids, paths, commands and allowed names are taken out. */
function englishWords(line: string): string[] {
  const stripped = line
    .replace(/^\s*-?\s*[a-z][\w.[\]-]*：/, ' ') // the fact a reason is about: accounts：…
    .replace(/\w+\[[^\]]*\](?:\.\w+)*/g, ' ') // fact paths in reasons: tools[vnc-vino].running
    .replace(/\w+(?= 这一项查询)/g, ' ') // the name of a query the PowerShell script answers
    .replace(/[a-z0-9_-]+(?:\.[a-z0-9_*-]+)+/gi, ' ') // rule ids, file names, versions
    .replace(/\S*[\\/]\S*/g, ' ') // paths, registry keys, options like a/b
    .replace(/--?[a-z][\w-]*/gi, ' ') // command options
    .replace(
      /(?:sudo|gsettings|systemctl|powercfg|ufw|firewall-cmd|nft|apt|dnf|defaults|fdesetup|sysadminctl|cryptsetup)\b[^，。；（）]*/g,
      ' ',
    ) // typed commands
    .replace(/[A-Za-z]+(?:_[A-Za-z]+)+|[a-z]+[A-Z]\w*/g, ' '); // technical names (idleSeconds, PermitRootLogin)
  return (stripped.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !ALLOWED.has(w) && !/^[A-Z0-9]+$/.test(w));
}

async function linuxPc(): Promise<Host> {
  const root = await makeRoot({
    '/etc/os-release': readFileSync('/etc/os-release'),
    '/proc/sys/kernel/hostname': 'TILL\n',
    '/usr/bin/plasmashell': '',
    '/home/tester/.config/kscreenlockerrc': '[Daemon]\nAutolock=true\nRequirePassword=true\nTimeout=30\nLockGrace=0\n',
    '/etc/sddm.conf': '[Autologin]\nUser=shopkeeper\n',
  });
  return rootHost(root);
}

describe('zh-CN reports speak Chinese', () => {
  it.each([
    ['a Linux desktop scanned as an ordinary user', linuxPc, true],
    ['the sampled Mac (replayed)', async () => macHost(SAMPLED_MAC), true],
    [
      'a Windows 10 PC whose PowerShell answered little (replayed)',
      async () =>
        windowsHost({
          computerName: 'TILL',
          uiLanguage: 'zh-CN',
          osVersion: { ProductName: 'Windows 10 Pro', CurrentBuild: '19045', DisplayVersion: '22H2' },
        }),
      true,
    ],
  ])('%s: no English left in the text and HTML reports', async (_, makeHost, fails) => {
    const report = await scan(await makeHost(), await bundledRules(), {
      lang: 'zh-CN',
      failOn: 'high',
      minScore: null,
      strict: false,
      version: '0.1.0',
      replayed: true,
      probeDeadlineMs: 8000,
    });
    expect(report.results.some((r) => r.status === 'fail')).toBe(fails);
    expect(report.results.some((r) => r.status === 'unknown')).toBe(true);
    const html = renderHtml(report)
      .replace(/<style>[\s\S]*?<\/style>/, '')
      .replace(/<pre>[\s\S]*?<\/pre>/g, '') // the evidence: facts as collected, for a technician
      .replace(/<code>[\s\S]*?<\/code>/g, '') // rule ids
      .replace(/<[^>]+>/g, '\n');
    const leaks: string[] = [];
    for (const line of [...renderText(report, { color: false }).split('\n'), ...html.split('\n')]) {
      const words = englishWords(line);
      if (words.length) leaks.push(`${words.join(' ')}  ⟵  ${line.trim()}`);
    }
    expect(leaks).toEqual([]);
    expect(renderText(report, { color: false })).not.toContain('帐');
  });
});

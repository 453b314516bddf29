import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRecordingHost } from '../../src/host/bundle.js';
import { maskSecrets } from '../../src/host/redact.js';
import { redactSecrets } from '../../src/probes/index.js';
import { makeRoot, rootHost } from '../helpers/host.js';
import { scanWith } from '../helpers/scan.js';

// Issue 13, class 7: redaction in --record bundles is default-deny. A password-like value is
// masked in any file or command output, whichever probe read it, not only where a probe's own
// redactor knows to look.

describe('maskSecrets', () => {
  it('masks password-like values in the formats they come in', () => {
    const cases: [string, string][] = [
      [
        'greeter-setup-script=/usr/bin/x11vnc -forever -passwd S3cret -display :0',
        'greeter-setup-script=/usr/bin/x11vnc -forever -passwd *** -display :0',
      ],
      ['\tpassword = S3cret', '\tpassword = ***'],
      ['\tpassword = S3cret\r\nHTTPProxyPassword S3cret\r', '\tpassword = ***\r\nHTTPProxyPassword ***\r'],
      ['\tpasswd program = /usr/bin/passwd %u', '\tpasswd program = ***'],
      ['HTTPProxyPassword S3cret', 'HTTPProxyPassword ***'],
      ['psk=S3cret', 'psk=***'],
      ['  psk="S3cret"', '  psk=***'],
      ['DatabaseMirror https://user:S3cret@mirror.example', 'DatabaseMirror https://user:***@mirror.example'],
      ['    "DefaultPassword":  "S3cret",', '    "DefaultPassword":  "***",'],
      ['    DefaultPassword    REG_SZ    S3cret', '    DefaultPassword    REG_SZ    ***'],
      ['client_secret: S3cret', 'client_secret: ***'],
      ['credentials=/root/.smbcredentials', 'credentials=***'],
      ['plink -pw S3cret host', 'plink -pw *** host'],
      ['/usr/bin/x11vnc -passwd S3cret', '/usr/bin/x11vnc -passwd ***'],
      ['\t\t<string>--password=S3cret</string>', '\t\t<string>--password=***</string>'],
      ['plink -pw S3<cr>et host', 'plink -pw *** host'],
      // An account whose name has a secret's word: only its password field is masked, its kind kept.
      ['secretary:$6$salt$S3cretHash:20000:0:99999:7:::', 'secretary:REDACTED:20000:0:99999:7:::'],
      ['passwdlogin:!$6$salt$S3cretHash:20000:0:99999:7:::', 'passwdlogin:!REDACTED:20000:0:99999:7:::'],
      // Shaped like /etc/group but with a last field that is no list of members: masked whole.
      ['secret:host:6379:S3cret pass', 'secret:***'],
      [
        'auth required pam_exec.so /usr/local/bin/hook --password S3cret',
        'auth required pam_exec.so /usr/local/bin/hook --password ***',
      ],
    ];
    for (const [line, masked] of cases) expect(maskSecrets(line), line).toBe(masked);
  });

  it('keeps what rules need and is never a secret (sshd, PAM, Samba booleans, numbers, dates, types)', () => {
    const kept = [
      'passwordauthentication yes',
      'permitemptypasswords no',
      'password\t[success=1 default=ignore]\tpam_unix.so obscure yescrypt',
      'password requisite pam_pwquality.so retry=3 minlen=12',
      '\tencrypt passwords = Yes',
      '\tmachine password timeout = 604800',
      '    PasswordExpiryWarning    REG_DWORD    0x5',
      '  "PasswordRequired": true,',
      '  "PasswordLastSet": "2024-05-01T10:00:00",',
      '    DefaultPassword    REG_SZ    (redacted)',
      'PASS_MAX_DAYS\t99999',
      // Lines a secret's word is in by chance, which their parsers need whole.
      'secretary:x:1005:1005:Shop secretary,,,:/home/secretary:/bin/bash',
      'secretary::20000:0:99999:7:::',
      'nopasswdlogin:x:990:carol,alice',
      'secretary NP 2026-12-01 0 99999 7 -1',
      'secretary LK 2026-12-01 0 99999 7 -1 (Password locked.)',
      '-password\toptional\tpam_gnome_keyring.so use_authtok',
      "\t\t\t<string>policyAttributePassword matches '.{4,}+'</string>",
      "\t<dict><key>policyContent</key><string>policyAttributePassword matches '^(?=.*[0-9]).{12,}$'</string></dict>",
      `${'-'.repeat(79)}\r\nSecretary                shopadmin                \r\n`,
      '/home/secretary *(rw,insecure)',
      '"/srv/shop passwords" 192.168.1.0/24(rw,sync,fsid=1) -ro backup.lan',
      '/Applications/1Password 7.app/Contents/MacOS/1Password 7',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Password Boss\r',
    ];
    for (const line of kept) expect(maskSecrets(line), line).toBe(line);
  });
});

describe('a --record bundle keeps no password, in any file a probe reads', () => {
  const canaries = (n: number) =>
    [
      `password = CANARY${n}a`,
      `psk=CANARY${n}b`,
      `greeter-setup-script=/usr/bin/x11vnc -passwd CANARY${n}c`,
      `Exec=/usr/bin/x11vnc -forever -passwd CANARY${n}d`,
      `proxy = http://shop:CANARY${n}e@proxy.example:3128`,
      `"secret": "CANARY${n}f"`,
    ].join('\n');

  it('plants canaries in every file and folder the probes read, records, and finds none in the bundle', async () => {
    // First pass: which files and folders do the probes ask for?
    const root = await makeRoot({
      '/etc/os-release': 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n',
      '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\nshop:x:1000:1000::/home/shop:/bin/bash\n',
      '/etc/shadow': 'root:!:19000:0:99999:7:::\nshop:!:19000:0:99999:7:::\n',
      '/usr/bin/x11vnc': '',
      '/usr/sbin/lightdm': '',
    });
    const asRoot = { elevated: true, user: { name: 'root', uid: 0, home: '/root' } };
    const first = createRecordingHost(await rootHost(root, asRoot), redactSecrets);
    await scanWith(first.host, { replayed: false });
    const asked = first.finish();
    const files = Object.keys(asked.files);
    const dirs = Object.keys(asked.dirs);
    expect(files.length).toBeGreaterThan(20);
    let n = 0;
    for (const dir of dirs) {
      mkdirSync(path.join(root, dir), { recursive: true });
      for (const name of ['canary.desktop', 'canary.conf', 'canary'])
        writeFileSync(path.join(root, dir, name), `[Desktop Entry]\n${canaries(n++)}\n`);
    }
    for (const file of files) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), `${canaries(n++)}\n`);
    }
    const second = createRecordingHost(await rootHost(root, asRoot), redactSecrets);
    await scanWith(second.host, { replayed: false });
    const bundle = JSON.stringify(second.finish());
    // The canaries were read (the bundle holds the masked lines), and not one survived.
    expect(bundle).toContain('-passwd ***');
    expect(bundle.match(/.{0,120}CANARY\d+[a-f]/g) ?? []).toEqual([]);
  }, 60_000);
});

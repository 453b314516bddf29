import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRoot, REPO, rootHost } from '../helpers/host.js';
import { everyOutput } from '../helpers/scan.js';

// The anti-malware probe reads ClamAV's freshclam.conf for its DatabaseDirectory. The same file
// may hold a proxy's user name and password and a mirror URL with credentials (freshclam.conf(5):
// HTTPProxyUsername, HTTPProxyPassword, PrivateMirror, DatabaseCustomURL): none of it may reach a
// report or a --record bundle. The package's real file (test/fixtures/anti_malware/SOURCES.md)
// with those documented options added by hand, a canary for each secret.
const CANARY = 'CANARY-c1am';
const conf = [
  readFileSync(
    path.join(REPO, 'test/fixtures/anti_malware/freshclam-conf__this-debian12-clamav-1.4.6-package-default.conf'),
    'utf8',
  ).trimEnd(),
  `HTTPProxyServer proxy.shop.example`,
  `HTTPProxyUsername ${CANARY}-user`,
  `HTTPProxyPassword "${CANARY}-pass word"`,
  `PrivateMirror https://${CANARY}-muser:${CANARY}-mpass@mirror.shop.example/clamav`,
  `DatabaseCustomURL ftp://${CANARY}-fuser@files.shop.example/extra.ndb`,
  '',
].join('\n');

describe('freshclam.conf secrets never leave the PC', () => {
  it('a proxy password and mirror credentials stay out of every output; the definitions folder is still read', async () => {
    const root = await makeRoot({
      '/usr/bin/clamscan': '',
      '/etc/clamav/freshclam.conf': conf,
      '/var/lib/clamav/daily.cld': '',
      '/etc/os-release': readFileSync('/etc/os-release', 'utf8'),
    });
    const { report, outputs } = await everyOutput(await rootHost(root), { replayed: false });
    // The file was really read, and what the probe needs from it survives.
    expect(outputs.bundle).toContain('/etc/clamav/freshclam.conf');
    expect(outputs.bundle).toContain('DatabaseDirectory /var/lib/clamav');
    expect(report.results.find((r) => r.id === 'anti-malware.linux-scanner')?.status).toBe('pass');
    for (const [name, text] of Object.entries(outputs)) expect(text, name).not.toContain(CANARY);
  });
});

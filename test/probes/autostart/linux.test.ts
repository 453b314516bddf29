import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRecordingHost, createReplayHost } from '../../../src/host/bundle.js';
import { autostart } from '../../../src/probes/autostart/index.js';
import { redactSecrets } from '../../../src/probes/index.js';
import { REASON } from '../../../src/probes/types.js';
import { cpuWithSparseFiles, makeRoot, REPO, rootHost } from '../../helpers/host.js';
import { everyOutput, scanWith } from '../../helpers/scan.js';
import { needsTool } from '../../helpers/tools.js';

const collect = autostart.collect.linux!;
const fixture = (dir: string, name: string) => readFileSync(path.join(REPO, 'test/fixtures', dir, name), 'utf8');
const SSH_UNIT = fixture('remote_access', 'ssh.service__this-debian12-openssh9.2-package.service');
const AT_SPI = fixture('remote_access', 'at-spi-dbus-bus.desktop__this-debian12-etc-xdg-autostart.desktop');
const DPKG_STATUS = fixture('autostart', 'dpkg-status__this-debian12-three-packages.txt');
/** Installed files whose MD5 is the one dpkg recorded in DPKG_STATUS. */
const XDG_USER_DIRS = fixture('autostart', 'xdg-user-dirs.desktop__this-debian12-etc-xdg-autostart.desktop');
const E2SCRUB_CRON = fixture('autostart', 'e2scrub_all__this-debian12-etc-cron.d.txt');

/** A stock Debian desktop: ssh enabled from its package, the desktop's own autostart entries, e2scrub's cron.d file. */
const STOCK = {
  '/etc/os-release': fixture('os_support', 'os-release__this-debian12-etc.txt'),
  '/usr/lib/systemd/system/ssh.service': SSH_UNIT,
  '/etc/systemd/system/multi-user.target.wants/ssh.service': { link: '/lib/systemd/system/ssh.service' },
  '/etc/systemd/system/sshd.service': { link: '/lib/systemd/system/ssh.service' },
  '/etc/xdg/autostart/at-spi-dbus-bus.desktop': AT_SPI,
  '/etc/xdg/autostart/xdg-user-dirs.desktop': XDG_USER_DIRS,
  '/var/lib/dpkg/status': DPKG_STATUS,
  '/etc/cron.d/e2scrub_all': E2SCRUB_CRON,
  '/home/tester/.bashrc': '',
};

/** What an intruder or a helpful technician adds: a unit of their own, an edited desktop entry, @reboot lines. */
const PLANTED = {
  '/etc/systemd/system/waybill-sync.service':
    '[Unit]\nDescription=Sync\n[Service]\nExecStart=-/opt/sync/waybill-sync --token=s3cret\n[Install]\nWantedBy=multi-user.target\n',
  '/etc/systemd/system/multi-user.target.wants/waybill-sync.service': {
    link: '/etc/systemd/system/waybill-sync.service',
  },
  '/etc/xdg/autostart/at-spi-dbus-bus.desktop': AT_SPI.replace(
    'Exec=/usr/libexec/at-spi-bus-launcher',
    'Exec=/tmp/.x/launcher',
  ),
  '/home/tester/.config/autostart/anydesk.desktop': '[Desktop Entry]\nType=Application\nExec=/usr/bin/anydesk --tray\n',
  '/etc/cron.d/backup':
    'SHELL=/bin/sh\n@reboot root /usr/local/bin/push.sh --password hunter2\n0 3 * * * root /usr/bin/true\n',
  '/etc/crontab': 'SHELL=/bin/sh\n17 * * * * root cd / && run-parts --report /etc/cron.hourly\n',
  '/var/spool/cron/crontabs/tester': '# m h dom mon dow command\n@reboot /home/tester/.local/bin/miner -q\n',
};

describe('what starts by itself on Linux (temporary root, real files)', () => {
  it("a stock Debian 12: nothing but the distribution's own (package links, unchanged dpkg conffiles)", async () => {
    const out = await collect(await rootHost(await makeRoot(STOCK)));
    expect(out.facts.thirdParty).toEqual([]);
    expect(out.unknown).toEqual({ printExtensions: REASON.notOnThisOs });
  });

  it('planted unit, edited system autostart entry, user autostart entry and @reboot lines are listed with their programs', async () => {
    const out = await collect(await rootHost(await makeRoot({ ...STOCK, ...PLANTED })));
    expect(out.facts.thirdParty?.map((e) => [e.kind, e.program])).toEqual([
      ['systemd-unit', '/opt/sync/waybill-sync'],
      ['xdg-autostart', '/tmp/.x/launcher'],
      ['xdg-autostart', '/usr/bin/anydesk'],
      ['cron-reboot', '/usr/local/bin/push.sh'],
      ['cron-reboot', '/home/tester/.local/bin/miner'],
    ]);
    expect(JSON.stringify(out.facts)).not.toMatch(/hunter2|s3cret/);
  });

  it('the inventory rule passes on the stock PC and fails, as information, on the planted one (scans)', async () => {
    const stock = await scanWith(await rootHost(await makeRoot(STOCK)), { only: ['autostart.*'], replayed: false });
    expect(stock.results.find((r) => r.id === 'autostart.inventory')?.status).toBe('pass');
    const planted = await scanWith(await rootHost(await makeRoot({ ...STOCK, ...PLANTED })), {
      only: ['autostart.*'],
      replayed: false,
    });
    const rule = planted.results.find((r) => r.id === 'autostart.inventory')!;
    expect([rule.status, rule.severity]).toEqual(['fail', 'info']);
    expect(rule.found).toContain('waybill-sync.service (/opt/sync/waybill-sync)');
    expect(planted.results.find((r) => r.id === 'autostart.print-add-ons-from-windows')?.status).toBe('not_applicable');
  });

  it("users' crontabs where cronie keeps them (Red Hat, Fedora, Arch: /var/spool/cron/USER; openSUSE: tabs/USER)", async () => {
    // Debian's cron keeps them in /var/spool/cron/crontabs; the others were not looked at, and the list was empty.
    const reboot = '@reboot /home/shop/.cache/kworker --token Tq4-secret\n';
    const out = await collect(
      await rootHost(
        await makeRoot({
          ...STOCK,
          '/var/spool/cron/shop': reboot,
          '/var/spool/cron/tabs/clerk': reboot,
          '/var/spool/cron/lastrun/cron.daily': '',
          '/var/spool/cron/crontabs/tester': reboot,
        }),
      ),
    );
    expect(out.facts.thirdParty?.map((e) => [e.kind, e.name])).toEqual([
      ['cron-reboot', '/var/spool/cron/crontabs/tester @reboot (/home/shop/.cache/kworker)'],
      ['cron-reboot', '/var/spool/cron/shop @reboot (/home/shop/.cache/kworker)'],
      ['cron-reboot', '/var/spool/cron/tabs/clerk @reboot (/home/shop/.cache/kworker)'],
    ]);
    const { outputs } = await everyOutput(
      await rootHost(await makeRoot({ ...STOCK, '/var/spool/cron/shop': reboot })),
      {
        replayed: false,
      },
    );
    for (const [name, text] of Object.entries(outputs)) expect(text, name).not.toContain('Tq4-secret');
  });

  it('no secret of a unit reaches any output or the --record bundle, wherever the unit file lies', async () => {
    const secrets = {
      '/etc/systemd/system/till-db.service':
        '[Service]\nEnvironment=DB_PASSWORD=Xq7-hunter2\nEnvironmentFile=-/etc/till\nExecStart=/opt/till/db\n',
      '/etc/systemd/system/multi-user.target.wants/till-db.service': { link: '/etc/systemd/system/till-db.service' },
      '/opt/vendor/sync.service': '[Service]\nExecStart=/opt/vendor/sync --token=Zr9-s3cret --api-key Kp2-key\n',
      '/etc/systemd/system/multi-user.target.wants/sync.service': { link: '/opt/vendor/sync.service' },
    };
    const { report, outputs } = await everyOutput(await rootHost(await makeRoot({ ...STOCK, ...secrets })), {
      replayed: false,
    });
    expect(report.results.find((r) => r.id === 'autostart.inventory')?.found).toContain('/opt/vendor/sync');
    for (const [name, text] of Object.entries(outputs))
      expect(text, name).not.toMatch(/Xq7-hunter2|Zr9-s3cret|Kp2-key/);
  });

  it('the planted files written with CRLF line ends (a Windows editor): read the same from the --record bundle, no secret in it', async () => {
    const crlf = Object.fromEntries(
      Object.entries(PLANTED).map(([p, v]) => [p, typeof v === 'string' ? v.replace(/\n/g, '\r\n') : v]),
    );
    crlf['/home/tester/.config/autostart/anydesk.desktop'] =
      '[Desktop Entry]\r\nType=Application\r\nExec=env DB_PASSWORD=Xq7-hunter2 /usr/bin/anydesk --tray\r\n';
    const recording = createRecordingHost(await rootHost(await makeRoot({ ...STOCK, ...crlf })), redactSecrets);
    const out = await collect(recording.host);
    expect(out.facts.thirdParty?.map((e) => e.program)).toContain('/opt/sync/waybill-sync');
    const bundle = recording.finish();
    expect(JSON.stringify(bundle)).not.toMatch(/hunter2|s3cret/);
    expect((await collect(createReplayHost(bundle))).facts).toEqual(out.facts);
  });

  it('a FIFO and a link to /dev/zero planted in ~/.config/autostart are not read, and say so', async () => {
    needsTool('/usr/bin/mkfifo', 'coreutils');
    const root = await makeRoot({
      ...STOCK,
      '/home/tester/.config/autostart/zero.desktop': { link: '/dev/zero' },
    });
    execFileSync('/usr/bin/mkfifo', [path.join(root, 'home/tester/.config/autostart/pipe.desktop')]);
    const out = await collect(await rootHost(root));
    // Nothing else was found, so the list is unknown rather than empty.
    expect(out.facts.thirdParty).toBeNull();
    expect(out.unknown.thirdParty).toMatch(/^not read: .*pipe\.desktop.*FIFO/);
  });

  it('a folder with more entries than any PC has is read only for its first 500, and says so', async () => {
    const many = Object.fromEntries(
      Array.from({ length: 600 }, (_, i) => [
        `/home/tester/.config/autostart/${String(i).padStart(3, '0')}.desktop`,
        '',
      ]),
    );
    const out = await collect(await rootHost(await makeRoot({ ...STOCK, ...many })));
    expect(out.facts.thirdParty).toBeNull();
    expect(out.unknown.thirdParty).toBe(
      'not read: /home/tester/.config/autostart: 600 entries, only the first 500 read',
    );
  });

  it('500 sparse 4 MB files an ordinary user planted in ~/.config/autostart are not read through, and say so', async () => {
    const root = await makeRoot(STOCK);
    let out: Awaited<ReturnType<typeof collect>> | undefined;
    // Costs the user no disk; reading them all would cost root's scan 2 GB of reads and many seconds.
    const cpuMs = await cpuWithSparseFiles(root, '/home/tester/.config/autostart', 500, 4 * 1024 * 1024, async () => {
      out = await collect(await rootHost(root));
    });
    expect(out?.unknown.thirdParty).toMatch(/^not read: .*\/000\.desktop: larger than 128 KB/);
    expect(cpuMs).toBeLessThan(2000);
  });
});

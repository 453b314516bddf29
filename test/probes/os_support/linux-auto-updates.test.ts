import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { linuxAutoUpdates } from '../../../src/probes/os_support/linux-auto-updates.js';
import { makeRoot, REPO, rootHost } from '../../helpers/host.js';
import { needsTool } from '../../helpers/tools.js';

// Whether security updates install by themselves on Linux, read from a temporary root with the real
// systemctl (--root reads unit files): apt's real timer units and Debian 12's 50unattended-upgrades, dnf 4's
// upstream timers and automatic.conf. The whole-scan tests of os.automatic-updates are in
// test/parity-cases/automatic_updates.test.ts; these call the reader alone, so mutation testing can run them.

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'os_support', name), 'utf8');
const UNITS = '/usr/lib/systemd/system';
const APT_TIMERS = ['apt-daily.timer', 'apt-daily-upgrade.timer'];
type Files = Record<string, string | { link: string }>;

/** A unit file installed and, when `wantedBy` is given, enabled there (the symlink `systemctl enable` makes). */
const unit = (name: string, text: string, wantedBy?: string): Files => ({
  [`${UNITS}/${name}`]: text,
  ...(wantedBy ? { [`/etc/systemd/system/${wantedBy}.wants/${name}`]: { link: `${UNITS}/${name}` } } : {}),
});
/** apt's two timers as this machine's apt package installs them, enabled unless named in `masked`. */
const aptTimers = (masked: string[] = []): Files =>
  Object.assign(
    {},
    ...APT_TIMERS.map((t) =>
      masked.includes(t)
        ? {
            ...unit(t, readFileSync(`/lib/systemd/system/${t}`, 'utf8')),
            [`/etc/systemd/system/${t}`]: { link: '/dev/null' },
          }
        : unit(t, readFileSync(`/lib/systemd/system/${t}`, 'utf8'), 'timers.target'),
    ),
  );
/** What `dpkg-reconfigure -plow unattended-upgrades` writes to 20auto-upgrades. */
const autoUpgrades = (lists: string, upgrade: string) =>
  `APT::Periodic::Update-Package-Lists "${lists}";\nAPT::Periodic::Unattended-Upgrade "${upgrade}";\n`;
const INSTALLED: Files = {
  '/usr/bin/unattended-upgrade': '',
  '/etc/apt/apt.conf.d/50unattended-upgrades': fixture(
    '50unattended-upgrades__debian12-unattended-upgrades-2.9.1+nmu3.txt',
  ),
};

const apt = async (files: Files) => linuxAutoUpdates(await rootHost(await makeRoot(files)), true, false);
const dnf = async (files: Files) => linuxAutoUpdates(await rootHost(await makeRoot(files)), false, true);
/** Switched on with dpkg-reconfigure and the timers enabled, then a later file 99local with this text. */
const onThen = (local: string, files: Files = {}) =>
  apt({
    ...INSTALLED,
    ...aptTimers(),
    '/etc/apt/apt.conf.d/20auto-upgrades': autoUpgrades('1', '1'),
    '/etc/apt/apt.conf.d/99local': local,
    ...files,
  });
const automatic = (evidence: string) => ({ ok: true, value: { automatic: true, evidence } });
const notAutomatic = (evidence: string) => ({ ok: true, value: { automatic: false, evidence } });
const APT_ON =
  'unattended-upgrades installed, APT::Periodic::Unattended-Upgrade on, a security origin allowed, ' +
  'apt-daily-upgrade.timer enabled';

needsTool('/usr/bin/systemctl', 'systemd').describe('linuxAutoUpdates', () => {
  it('apt: unattended-upgrades installed, switched on, a security origin, both timers enabled: automatic', async () => {
    expect(await onThen('')).toEqual(automatic(APT_ON));
  });

  it('apt: unattended-upgrades not installed: not automatic, whatever apt.conf.d says', async () => {
    expect(await apt({ ...aptTimers(), '/etc/apt/apt.conf.d/20auto-upgrades': autoUpgrades('1', '1') })).toEqual(
      notAutomatic('unattended-upgrades is not installed (/usr/bin/unattended-upgrade)'),
    );
  });

  it('apt: the settings in /etc/apt/apt.conf alone (no apt.conf.d) are read', async () => {
    const conf = `${autoUpgrades('1', '1')}${fixture('50unattended-upgrades__debian12-unattended-upgrades-2.9.1+nmu3.txt')}`;
    const files = { '/usr/bin/unattended-upgrade': '', ...aptTimers(), '/etc/apt/apt.conf': conf };
    expect(await apt(files)).toEqual(automatic(APT_ON));
    // apt.conf is read after the parts: its "0" wins over 20auto-upgrades' "1".
    expect(await onThen('', { '/etc/apt/apt.conf': 'APT::Periodic::Unattended-Upgrade "0";\n' })).toEqual(
      notAutomatic('APT::Periodic::Unattended-Upgrade is "0" in /etc/apt/apt.conf.d: unattended-upgrades does not run'),
    );
  });

  it('apt: a file in apt.conf.d that cannot be read: unknown with the reason', async () => {
    // A folder where a part should be: reading it fails.
    const part = await onThen('', { '/etc/apt/apt.conf.d/60folder/x': '' });
    expect(part).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^cannot read \/etc\/apt\/apt\.conf\.d\/60folder \(/),
    });
  });

  it('apt: a configuration apt refuses: unknown, never automatic', async () => {
    expect(await onThen('Unattended-Upgrade { #clear Origins-Pattern; };\n')).toMatchObject({ ok: false });
  });

  it('apt: APT::Periodic::Enable "0" (or "00") stops apt.systemd.daily; "10" and "01" do not', async () => {
    const off = notAutomatic('APT::Periodic::Enable is "0" in /etc/apt/apt.conf.d: apt never runs by itself');
    expect(await onThen('APT::Periodic::Enable "0";\n')).toEqual(off);
    expect(await onThen('APT::Periodic::Enable "00";\n')).toEqual(off);
    expect(await onThen('APT::Periodic::Enable "10";\n')).toEqual(automatic(APT_ON));
    expect(await onThen('APT::Periodic::Enable "01";\n')).toEqual(automatic(APT_ON));
  });

  it('apt: Update-Package-Lists or Unattended-Upgrade "0" or not set: unattended-upgrades does not run', async () => {
    const off = (name: string, how: string) =>
      notAutomatic(`APT::Periodic::${name} is ${how} in /etc/apt/apt.conf.d: unattended-upgrades does not run`);
    const with20 = (text: string) => apt({ ...INSTALLED, ...aptTimers(), '/etc/apt/apt.conf.d/20auto-upgrades': text });
    expect(await with20(autoUpgrades('0', '1'))).toEqual(off('Update-Package-Lists', '"0"'));
    expect(await with20(autoUpgrades('1', '0'))).toEqual(off('Unattended-Upgrade', '"0"'));
    expect(await with20('APT::Periodic::Unattended-Upgrade "1";\n')).toEqual(off('Update-Package-Lists', 'not set'));
    expect(await with20('APT::Periodic::Update-Package-Lists "1";\n')).toEqual(off('Unattended-Upgrade', 'not set'));
    // Any other value is a number of days apt takes as on.
    expect(await with20(autoUpgrades('7', '2'))).toEqual(automatic(APT_ON));
  });

  it('apt: no origin at all, or none that lets the security suite through: not automatic', async () => {
    const names = 'Unattended-Upgrade::Origins-Pattern and Allowed-Origins';
    expect(await onThen('#clear Unattended-Upgrade::Origins-Pattern;\n')).toEqual(
      notAutomatic(`${names} name no origin in /etc/apt/apt.conf.d: unattended-upgrades installs nothing`),
    );
    const only = (list: string, entry: string) =>
      onThen(`#clear Unattended-Upgrade::Origins-Pattern;\nUnattended-Upgrade::${list} { "${entry}"; };\n`);
    const noSecurity = notAutomatic(
      `${names} name no security origin in /etc/apt/apt.conf.d: security updates are not installed`,
    );
    expect(await only('Origins-Pattern', `origin=Debian,codename=\${distro_codename},label=Debian`)).toEqual(
      noSecurity,
    );
    expect(await only('Allowed-Origins', `\${distro_id}:\${distro_codename}`)).toEqual(noSecurity);
    // Ubuntu's older list, by its suite: lets security through on its own.
    expect(await only('Allowed-Origins', `\${distro_id}:\${distro_codename}-security`)).toEqual(automatic(APT_ON));
    expect(
      await only('Origins-Pattern', `origin=Debian,codename=\${distro_codename}-security,label=Debian-Security`),
    ).toEqual(automatic(APT_ON));
  });

  it('apt: either timer masked or not installed: apt never runs by itself', async () => {
    const on = { ...INSTALLED, '/etc/apt/apt.conf.d/20auto-upgrades': autoUpgrades('1', '1') };
    for (const timer of APT_TIMERS) {
      expect(await apt({ ...on, ...aptTimers([timer]) })).toEqual(
        notAutomatic(`${timer} is masked: apt never runs by itself`),
      );
    }
    const upgradeTimerOnly = unit(
      'apt-daily-upgrade.timer',
      readFileSync('/lib/systemd/system/apt-daily-upgrade.timer', 'utf8'),
      'timers.target',
    );
    expect(await apt({ ...on, ...upgradeTimerOnly })).toEqual(
      notAutomatic('apt-daily.timer is not installed: apt never runs by itself'),
    );
    // Installed but not enabled.
    const disabled = Object.assign(
      {},
      ...APT_TIMERS.map((t) => unit(t, readFileSync(`/lib/systemd/system/${t}`, 'utf8'))),
    );
    expect(await apt({ ...on, ...disabled })).toEqual(
      notAutomatic('apt-daily.timer is disabled: apt never runs by itself'),
    );
  });

  const INSTALL_TIMER = fixture('dnf-automatic-install.timer__dnf-4-upstream.txt');
  const TIMER = fixture('dnf-automatic.timer__dnf-4-upstream.txt');
  const CONF = fixture('automatic.conf__dnf-4-upstream.txt');
  const CONF_APPLY = CONF.replace('apply_updates = no', 'apply_updates = yes');

  it('dnf: dnf-automatic-install.timer enabled installs, whatever automatic.conf says', async () => {
    expect(
      await dnf({
        ...unit('dnf-automatic-install.timer', INSTALL_TIMER, 'basic.target'),
        '/etc/dnf/automatic.conf': CONF,
      }),
    ).toEqual(automatic('dnf-automatic-install.timer enabled'));
  });

  it('dnf: dnf-automatic.timer enabled installs only with apply_updates = yes (upstream default: no)', async () => {
    const timer = unit('dnf-automatic.timer', TIMER, 'multi-user.target');
    expect(await dnf({ ...timer, '/etc/dnf/automatic.conf': CONF_APPLY })).toEqual(
      automatic('dnf-automatic.timer enabled, apply_updates yes in /etc/dnf/automatic.conf'),
    );
    const onlyDownloaded = notAutomatic(
      'dnf-automatic.timer enabled, apply_updates no in /etc/dnf/automatic.conf: updates are only downloaded',
    );
    expect(await dnf({ ...timer, '/etc/dnf/automatic.conf': CONF })).toEqual(onlyDownloaded);
    expect(await dnf(timer)).toEqual(onlyDownloaded);
    // A configuration that does not say: dnf-automatic's own default, no.
    expect(await dnf({ ...timer, '/etc/dnf/automatic.conf': '[commands]\n' })).toEqual(onlyDownloaded);
    // dnf5's timer counts as well.
    expect(
      await dnf({ ...unit('dnf5-automatic.timer', TIMER, 'multi-user.target'), '/etc/dnf/automatic.conf': CONF_APPLY }),
    ).toEqual(automatic('dnf5-automatic.timer enabled, apply_updates yes in /etc/dnf/automatic.conf'));
  });

  it('dnf: no timer enabled (installed only): not automatic; automatic.conf unreadable: unknown', async () => {
    expect(
      await dnf({ ...unit('dnf-automatic-install.timer', INSTALL_TIMER), ...unit('dnf-automatic.timer', TIMER) }),
    ).toEqual(notAutomatic('no dnf-automatic timer is enabled'));
    expect(
      await dnf({ ...unit('dnf-automatic.timer', TIMER, 'multi-user.target'), '/etc/dnf/automatic.conf/x': '' }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/^\/etc\/dnf\/automatic\.conf: /) });
  });

  it('apt is read first when the PC has both; neither: unknown with the reason', async () => {
    const both = await makeRoot(unit('dnf-automatic-install.timer', INSTALL_TIMER, 'basic.target'));
    expect(await linuxAutoUpdates(await rootHost(both), true, true)).toEqual(
      notAutomatic('unattended-upgrades is not installed (/usr/bin/unattended-upgrade)'),
    );
    expect(await linuxAutoUpdates(await rootHost(await makeRoot({})), false, false)).toEqual({
      ok: false,
      reason: 'no apt or dnf found: whether updates install by themselves is not known',
    });
  });
});

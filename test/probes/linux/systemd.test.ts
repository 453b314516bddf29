import { describe, expect } from 'vitest';
import { systemUnitStates } from '../../../src/probes/linux/systemd.js';
import { firewall } from '../../../src/probes/firewall/index.js';
import { remoteAccess } from '../../../src/probes/remote_access/index.js';
import { usbStorage } from '../../../src/probes/usb_storage/index.js';
import { makeRoot, noteCommands, rootHost } from '../../helpers/host.js';
import { needsTool } from '../../helpers/tools.js';

const systemctl = needsTool('/usr/bin/systemctl', 'systemd');
const isListUnitFiles = (line: string) => line.includes(' list-unit-files ');

/** ssh enabled and usbguard installed but not enabled, as `systemctl enable ssh` and a package install leave them. */
const UNITS = {
  '/lib/systemd/system/ssh.service': '[Service]\nExecStart=/usr/sbin/sshd -D\n[Install]\nWantedBy=multi-user.target\n',
  '/etc/systemd/system/multi-user.target.wants/ssh.service': { link: '/lib/systemd/system/ssh.service' },
  '/lib/systemd/system/usbguard.service':
    '[Service]\nExecStart=/usr/sbin/usbguard-daemon\n[Install]\nWantedBy=basic.target\n',
};

// The real systemctl --root on unit files in a temporary root (handwritten units, as packages install them).
describe('systemd unit states: one systemctl for the questions of a turn', () => {
  systemctl.it('questions asked together share one systemctl; each gets its units', async () => {
    const { host, asked } = noteCommands(await rootHost(await makeRoot(UNITS)));
    const [ssh, usb] = await Promise.all([
      systemUnitStates(host, ['ssh.service', 'sshd.service']),
      systemUnitStates(host, ['usbguard.service']),
    ]);
    expect(asked.filter(isListUnitFiles)).toHaveLength(1);
    expect(asked[0]).toMatch(/list-unit-files ssh\.service sshd\.service usbguard\.service$/);
    expect(ssh.ok && ssh.value.get('ssh.service')).toBe('enabled');
    expect(usb.ok && usb.value.get('usbguard.service')).toBe('disabled');
    // A question asked after a file or process answered is a new turn: a new systemctl, not a stale answer.
    await host.stat('/lib');
    const later = await systemUnitStates(host, ['ssh.service']);
    expect(asked.filter(isListUnitFiles)).toHaveLength(2);
    expect(later.ok && later.value.get('ssh.service')).toBe('enabled');
  });

  systemctl.it(
    'the firewall, remote-access and USB probes started together ask one systemctl, with the same facts',
    async () => {
      const root = await makeRoot(UNITS);
      const probes = [firewall, remoteAccess, usbStorage];
      const { host, asked } = noteCommands(await rootHost(root));
      const together = await Promise.all(probes.map((p) => p.collect.linux!(host)));
      expect(asked.filter(isListUnitFiles)).toHaveLength(1);
      for (const [i, probe] of probes.entries()) {
        const alone = noteCommands(await rootHost(root));
        expect(await probe.collect.linux!(alone.host)).toEqual(together[i]);
        expect(alone.asked.filter(isListUnitFiles)).toHaveLength(1);
      }
      expect(together[1]!.facts).toMatchObject({ ssh: { startsAtBoot: true } });
      expect(together[2]!.facts).toMatchObject({ scanned: false });
    },
  );
});

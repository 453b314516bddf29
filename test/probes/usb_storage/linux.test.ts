import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { usbStorage } from '../../../src/probes/usb_storage/index.js';
import { REASON } from '../../../src/probes/types.js';
import { makeRoot, REPO, rootHost } from '../../helpers/host.js';
import { needsTool } from '../../helpers/tools.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', name), 'utf8');
const collect = usbStorage.collect.linux;
const systemctl = needsTool('/usr/bin/systemctl', 'systemd');

/** Debian 12's usbguard package files, enabled as its postinst leaves them (the wants link systemctl enable makes). */
const USBGUARD_ENABLED = {
  '/etc/usbguard/usbguard-daemon.conf': fixture(
    'usb_storage/usbguard-daemon.conf__debian12-usbguard-1.1.2-package.conf',
  ),
  '/lib/systemd/system/usbguard.service': fixture(
    'usb_storage/usbguard.service__debian12-usbguard-1.1.2-package.service',
  ),
  '/etc/systemd/system/basic.target.wants/usbguard.service': { link: '/lib/systemd/system/usbguard.service' },
};

/** The running kernel's release and its module lists (SOURCES.md): usb-storage is a module, loaded by modprobe. */
const KERNEL = {
  '/proc/sys/kernel/osrelease': '6.1.0-57-amd64\n',
  '/lib/modules/6.1.0-57-amd64/modules.dep': fixture(
    'usb_storage/modules.dep__debian12-linux-image-6.1.0-57-amd64-depmod-usb-storage-lines.txt',
  ),
  '/lib/modules/6.1.0-57-amd64/modules.builtin': fixture(
    'usb_storage/modules.builtin__debian12-linux-image-6.1.0-53-cloud-amd64.txt',
  ),
};

// The Linux collector on real files in a temporary root, with the real systemctl --root reading the units.
describe('usb_storage on Linux (temporary root)', () => {
  systemctl.it('nothing restricts USB sticks on a stock PC: every restriction false, not scanned', async () => {
    const host = await rootHost(
      await makeRoot({
        '/lib/modprobe.d/systemd.conf': fixture('usb_storage/modprobe-systemd.conf__this-debian12-systemd-252.conf'),
      }),
    );
    const { facts, unknown } = await collect(host);
    expect(facts).toMatchObject({ storageBlocked: false, writeBlocked: false, executeBlocked: false, scanned: false });
    expect(facts.restrictedBy).toBeNull();
    expect(Object.keys(unknown).sort()).toEqual(['devices', 'restrictedBy']);
  });

  systemctl.it('modprobe.d: /etc hides the same-named file of /lib, and an install … /bin/true blocks', async () => {
    const blocked = await collect(
      await rootHost(await makeRoot({ ...KERNEL, '/etc/modprobe.d/no-usb.conf': 'install usb-storage /bin/true\n' })),
    );
    expect(blocked.facts).toMatchObject({ storageBlocked: true, executeBlocked: true });
    expect(blocked.facts.restrictedBy).toContain('/etc/modprobe.d/no-usb.conf');
    const hidden = await collect(
      await rootHost(
        await makeRoot({
          '/etc/modprobe.d/no-usb.conf': '# allowed again\n',
          '/lib/modprobe.d/no-usb.conf': 'blacklist usb-storage\n',
        }),
      ),
    );
    expect(hidden.facts.storageBlocked).toBe(false);
  });

  // kmod runs only the first install command whose module pattern (a glob, - as _) matches, in file-name order.
  systemctl.it('an earlier install line that really loads usb-storage wins over a later … /bin/true', async () => {
    const loads = 'install usb-storage /sbin/modprobe --ignore-install usb-storage $CMDLINE_OPTS\n';
    for (const files of <Record<string, string>[]>[
      { '/etc/modprobe.d/00-local.conf': loads, '/etc/modprobe.d/50-no-usb.conf': 'install usb_storage /bin/true\n' },
      {
        '/lib/modprobe.d/10-allow.conf': 'install usb* /bin/sh -c "modprobe --ignore-install usb-storage"\n',
        '/etc/modprobe.d/20-no-usb.conf': 'install usb-storage /bin/true\n',
      },
      { '/etc/modprobe.d/no-usb.conf': `${loads}install usb-storage /bin/false\n` },
    ]) {
      const { facts } = await collect(await rootHost(await makeRoot(files)));
      expect(facts.storageBlocked).toBe(false);
    }
    const first = await collect(
      await rootHost(
        await makeRoot({
          ...KERNEL,
          '/etc/modprobe.d/00-no-usb.conf': 'install usb?storage /bin/true\n',
          '/etc/modprobe.d/99.conf': loads,
        }),
      ),
    );
    expect(first.facts.storageBlocked).toBe(true);
  });

  // modprobe.d(5): a blacklist only keeps a module from loading for a device; one that needs it loads it anyway.
  systemctl.it(
    'a blacklist of usb-storage alone does not block: uas (which every stick matches) loads it',
    async () => {
      const kernel = KERNEL;
      const only = await collect(
        await rootHost(await makeRoot({ ...kernel, '/etc/modprobe.d/no-usb.conf': 'blacklist usb-storage\n' })),
      );
      expect(only.facts).toMatchObject({ storageBlocked: false, executeBlocked: false, restrictedBy: null });
      expect(only.unknown.restrictedBy).toMatch(
        /^does not exist on this PC: nothing restricts USB storage: \/etc\/modprobe.d\/no-usb.conf blacklists usb-storage, but uas, ums_alauda, .* load it as a module they need$/,
      );
      // The kernel command line's blacklist is the same kind of blacklist.
      const cmdline = await collect(
        await rootHost(await makeRoot({ ...kernel, '/proc/cmdline': 'ro quiet modprobe.blacklist=usb_storage\n' })),
      );
      expect(cmdline.facts.storageBlocked).toBe(false);

      // Every module that needs it kept out too (blacklisted, on the command line, or replaced by /bin/false).
      const ums = ['alauda', 'cypress', 'datafab', 'eneub6250', 'freecom', 'isd200', 'jumpshot', 'karma', 'onetouch'];
      const rest = ['realtek', 'sddr09', 'sddr55', 'usbat'];
      const all = await collect(
        await rootHost(
          await makeRoot({
            ...kernel,
            '/proc/cmdline': 'ro modprobe.blacklist=ums_usbat\n',
            '/etc/modprobe.d/no-usb.conf': [
              'blacklist usb-storage',
              'install uas /bin/false',
              ...ums.map((m) => `blacklist ums-${m}`),
              ...rest.slice(0, 3).map((m) => `blacklist ums_${m}`),
              '',
            ].join('\n'),
          }),
        ),
      );
      expect(all.facts).toMatchObject({ storageBlocked: true });
      expect(all.facts.restrictedBy).toBe(
        '/etc/modprobe.d/no-usb.conf blacklists usb-storage and every module that needs it',
      );

      // Which modules need it cannot be read: unknown, not blocked.
      const noDep = await collect(
        await rootHost(
          await makeRoot({
            '/proc/sys/kernel/osrelease': '6.1.0-57-amd64\n',
            '/etc/modprobe.d/no-usb.conf': 'blacklist usb-storage\n',
          }),
        ),
      );
      expect(noDep.facts.storageBlocked).toBeNull();
      expect(noDep.unknown.storageBlocked).toBe(
        'usb-storage is blacklisted, but which modules load it anyway cannot be told: /lib/modules/6.1.0-57-amd64/modules.dep: not found',
      );
    },
  );

  systemctl.it('a kernel with usb-storage built in cannot be stopped by modprobe.d', async () => {
    const host = await rootHost(
      await makeRoot({
        '/proc/sys/kernel/osrelease': '6.1.0-test\n',
        '/lib/modules/6.1.0-test/modules.builtin': 'kernel/drivers/usb/storage/usb-storage.ko\n',
        '/etc/modprobe.d/no-usb.conf': 'blacklist usb-storage\n',
      }),
    );
    expect((await collect(host)).facts.storageBlocked).toBe(false);
  });

  // Whether usb-storage is built in decides whether modprobe.d can stop it at all: not read is not "a module".
  systemctl.it('modprobe.d blocks, but modules.builtin cannot be read: unknown, not blocked', async () => {
    const builtin = '/lib/modules/6.1.0-57-amd64/modules.builtin';
    const block = { '/etc/modprobe.d/no-usb.conf': 'install usb-storage /bin/true\n' };
    const looping = await collect(
      await rootHost(await makeRoot({ ...KERNEL, ...block, [builtin]: { link: builtin } })),
    );
    expect(looping.facts.storageBlocked).toBeNull();
    expect(looping.unknown.storageBlocked).toMatch(
      /^\/etc\/modprobe.d\/no-usb.conf replaces loading usb-storage .*, but whether usb-storage is built into the kernel cannot be told: \/lib\/modules\/6.1.0-57-amd64\/modules.builtin: /,
    );
    const { [builtin]: _, ...withoutList } = KERNEL;
    expect(
      (await collect(await rootHost(await makeRoot({ ...withoutList, ...block })))).facts.storageBlocked,
    ).toBeNull();
    const noRelease = await collect(await rootHost(await makeRoot(block)));
    expect(noRelease.facts.storageBlocked).toBeNull();
    expect(noRelease.unknown.storageBlocked).toContain('the kernel release is unknown');
  });

  systemctl.it(
    "USBGuard enabled with Debian's package configuration blocks; the same unit disabled does not",
    async () => {
      const enabled = await collect(await rootHost(await makeRoot(USBGUARD_ENABLED)));
      expect(enabled.facts).toMatchObject({
        storageBlocked: true,
        restrictedBy: 'USBGuard (ImplicitPolicyTarget=block)',
      });
      const { '/etc/systemd/system/basic.target.wants/usbguard.service': _, ...disabled } = USBGUARD_ENABLED;
      expect((await collect(await rootHost(await makeRoot(disabled)))).facts.storageBlocked).toBe(false);
    },
  );

  // usbguard-rules.conf(5): "the daemon scans the existing rules sequentially. If a matching rule is found, it …
  // authorizes (allows) … If no matching rule is found, the decision is based on an implicit default target."
  systemctl.it(
    'USBGuard: a rule that allows any stick comes before the implicit block; pinned rules do not',
    async () => {
      // As `usbguard generate-policy` writes them (one line per device, pinned by serial and hash): handwritten values.
      const keyboard =
        'allow id 046d:c31c serial "" name "USB Keyboard" hash "Jx6oGq2Qqt0mYvB+1RwPtNhCZ5QbTtUvcU5c9p4dM5E=" ' +
        'parent-hash "jEP/6WzviqdJ5VSeTUY8PatCNBKeaREvo2OqdplND/o=" with-interface { 03:01:01 03:00:00 } ' +
        'with-connect-type "hotplug"';
      const withRules = async (rules: string) => {
        const { facts, unknown } = await collect(
          await rootHost(await makeRoot({ ...USBGUARD_ENABLED, '/etc/usbguard/rules.conf': rules })),
        );
        return {
          blocked: facts.storageBlocked,
          by: facts.restrictedBy,
          why: unknown.storageBlocked ?? unknown.restrictedBy,
        };
      };
      expect((await withRules(`${keyboard}\n`)).blocked).toBe(true);
      const anyStick = await withRules(`${keyboard}\nallow with-interface equals { 08:*:* }\n`);
      expect(anyStick.blocked).toBe(false);
      expect(anyStick.why).toBe(
        'does not exist on this PC: nothing restricts USB storage: USBGuard blocks by default, but /etc/usbguard/rules.conf allows USB sticks: allow with-interface equals { 08:*:* }',
      );
      // Every stick of one make and model (a vendor:product id alone) is anyone's to buy.
      expect((await withRules('allow id 0781:5567\n')).blocked).toBe(false);
      // The first rule that matches decides: a block of every stick before an allow of everything.
      const first = await withRules('block with-interface one-of { 08:*:* 03:*:* }\nallow\n');
      expect(first).toMatchObject({
        blocked: true,
        by: 'USBGuard (/etc/usbguard/rules.conf: block with-interface one-of { 08:*:* 03:*:* })',
      });
      expect((await withRules('allow with-interface none-of { 08:*:* }\n')).blocked).toBe(true);
      const condition = await withRules('allow with-interface equals { 08:*:* } if localtime(08:00-18:00)\n');
      expect(condition.blocked).toBeNull();
      expect(condition.why).toMatch(/^\/etc\/usbguard\/rules.conf: a USBGuard rule with a condition decides: /);
      // rules.conf is root's alone (mode 0600): without root what it allows is not known.
      const root = await makeRoot({ ...USBGUARD_ENABLED, '/etc/usbguard/rules.conf': 'allow\n' });
      const host = await rootHost(root);
      const denied = await collect({
        ...host,
        readFile: async (p) => (p === '/etc/usbguard/rules.conf' ? { status: 'denied' } : host.readFile(p)),
      });
      expect(denied.facts.storageBlocked).toBeNull();
      expect(denied.unknown.storageBlocked).toBe(REASON.needsRoot);
    },
  );

  systemctl.it('an unreadable modprobe.d file leaves the restriction unknown, with the reason', async () => {
    const root = await makeRoot({ '/etc/modprobe.d/x.conf': { link: '/etc/modprobe.d/x.conf' } });
    const { facts, unknown } = await collect(await rootHost(root));
    expect(facts.storageBlocked).toBeNull();
    expect(unknown.storageBlocked).toContain('/etc/modprobe.d/x.conf');
  });
});

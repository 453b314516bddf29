import type { Host } from '../../host/types.js';
import { systemUnitStates } from '../linux/systemd.js';
import { unitStateStartsAtBoot } from '../linux/parse.js';
import type { Collector } from '../types.js';
import { unreadable } from '../tools.js';
import { NOTHING_RESTRICTS, type UsbStorageFacts } from './facts.js';
import { cmdlineBlacklistsUsbStorage, modprobeUsbStorage, usbguardSetting } from './parse.js';

/** modprobe.d folders by precedence: a file in an earlier one hides the file of the same name in later ones. */
const MODPROBE_DIRS = [
  '/etc/modprobe.d',
  '/run/modprobe.d',
  '/usr/local/lib/modprobe.d',
  '/usr/lib/modprobe.d',
  '/lib/modprobe.d',
];
const USBGUARD_CONF = '/etc/usbguard/usbguard-daemon.conf';
const USBGUARD_UNIT = 'usbguard.service';
const CLAMONACC_UNIT = 'clamav-clamonacc.service';

/** The .conf files modprobe reads, in its order, or why a folder could not be listed. */
async function modprobeFiles(host: Host): Promise<{ paths: string[] } | { reason: string }> {
  const byName = new Map<string, string>();
  for (const dir of MODPROBE_DIRS) {
    const listed = await host.listDir(dir);
    if (listed.status === 'missing') continue;
    if (listed.status !== 'ok') return { reason: unreadable(host, dir, listed) };
    for (const name of listed.entries.filter((e) => e.endsWith('.conf')).sort())
      if (!byName.has(name)) byName.set(name, `${dir}/${name}`);
  }
  // kmod reads them in the order of their names, whichever folder each comes from.
  return { paths: [...byName.keys()].sort().map((name) => byName.get(name)!) };
}

/** What keeps the usb-storage module from loading, or null; a reason when it cannot be told. */
async function moduleBlock(host: Host): Promise<{ by: string | null } | { reason: string }> {
  const release = await host.readFile('/proc/sys/kernel/osrelease');
  // A kernel release is one word ("6.1.0-27-amd64"); anything else is not made into a path.
  const kernel = release.status === 'ok' ? release.text.trim() : '';
  if (/^[\w.+~-]+$/.test(kernel)) {
    const builtin = await host.readFile(`/lib/modules/${kernel}/modules.builtin`);
    // Built into the kernel, usb-storage is never loaded as a module, so modprobe.d cannot stop it.
    if (builtin.status === 'ok' && /(^|\/)usb-storage\.ko$/m.test(builtin.text)) return { by: null };
  }
  const cmdline = await host.readFile('/proc/cmdline');
  if (cmdline.status === 'ok' && cmdlineBlacklistsUsbStorage(cmdline.text))
    return { by: 'the kernel command line blacklists usb-storage' };
  const files = await modprobeFiles(host);
  if ('reason' in files) return files;
  let install: { path: string; nothing: boolean } | null = null;
  let blacklist: string | null = null;
  for (const path of files.paths) {
    const file = await host.readFile(path);
    if (file.status !== 'ok') return { reason: unreadable(host, path, file) };
    const found = modprobeUsbStorage(file.text);
    // kmod runs the first install command it reads for the module; later ones are never used.
    if (!install && found.install) install = { path, nothing: found.install === 'nothing' };
    if (!blacklist && found.blacklisted) blacklist = path;
  }
  if (install?.nothing) return { by: `${install.path} replaces loading usb-storage by a command that does nothing` };
  return { by: blacklist && `${blacklist} blacklists usb-storage` };
}

/** USBGuard blocks every device its rules do not allow when it starts at boot with ImplicitPolicyTarget=block. */
async function usbguardBlock(
  host: Host,
  units: Map<string, string>,
): Promise<{ by: string | null } | { reason: string }> {
  const state = units.get(USBGUARD_UNIT);
  if (!state || !unitStateStartsAtBoot(USBGUARD_UNIT, state)) return { by: null };
  const conf = await host.readFile(USBGUARD_CONF);
  if (conf.status !== 'ok') return { reason: unreadable(host, USBGUARD_CONF, conf) };
  const target = usbguardSetting(conf.text, 'ImplicitPolicyTarget');
  return { by: target === 'block' || target === 'reject' ? `USBGuard (ImplicitPolicyTarget=${target})` : null };
}

export const collectLinux: Collector<UsbStorageFacts> = async (host) => {
  const unknown: Record<string, string> = {};
  const units = await systemUnitStates(host, [USBGUARD_UNIT, CLAMONACC_UNIT]);
  const blocks = [await moduleBlock(host), units.ok ? await usbguardBlock(host, units.value) : units];
  const failed = blocks.find((b) => 'reason' in b);
  const by = blocks.flatMap((b) => ('by' in b && b.by ? [b.by] : []));
  // One block found is enough; none found is false only when every place could be read.
  const blocked = by.length > 0 ? true : failed ? null : false;
  if (failed && 'reason' in failed && blocked === null)
    for (const key of ['storageBlocked', 'writeBlocked', 'executeBlocked', 'restrictedBy'])
      unknown[key] = failed.reason;
  if (blocked === false) unknown.restrictedBy = NOTHING_RESTRICTS;
  if (!units.ok) unknown.scanned = units.reason;
  const clamonacc = units.ok ? units.value.get(CLAMONACC_UNIT) : undefined;
  return {
    facts: {
      storageBlocked: blocked,
      writeBlocked: blocked,
      executeBlocked: blocked,
      restrictedBy: blocked === null ? null : by.join('; ') || null,
      scanned: units.ok ? clamonacc !== undefined && unitStateStartsAtBoot(CLAMONACC_UNIT, clamonacc) : null,
      devices: null,
    },
    unknown: { ...unknown, devices: 'not read on Linux: the USB sticks seen are only in the kernel log' },
  };
};

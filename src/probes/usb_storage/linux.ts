import type { Host } from '../../host/types.js';
import { systemUnitStates } from '../linux/systemd.js';
import { unitStateStartsAtBoot } from '../linux/parse.js';
import { notOnThisPc, type Collector } from '../types.js';
import { unreadable } from '../tools.js';
import { NOTHING_RESTRICTS, type UsbStorageFacts } from './facts.js';
import {
  cmdlineBlacklist,
  modprobeSays,
  modulesNeeding,
  USB_STORAGE,
  usbguardRuleOnStick,
  usbguardSetting,
} from './parse.js';

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

/** What keeps the usb-storage module from loading, or null (with why, when a blacklist is there but loses). */
type Block = { by: string | null; bypassed?: string } | { reason: string };

/**
 * What keeps the usb-storage module from loading, or null; a reason when it cannot be told. Built into the kernel,
 * usb-storage is never loaded as a module, so no blacklist or install line stops it: a block found in modprobe.d
 * holds only when modules.builtin is read and does not name it (read only then: a stock PC has no block).
 */
async function moduleBlock(host: Host): Promise<Block> {
  const release = await host.readFile('/proc/sys/kernel/osrelease');
  // A kernel release is one word ("6.1.0-27-amd64"); anything else is not made into a path.
  const kernel = release.status === 'ok' ? release.text.trim() : '';
  const modules = /^[\w.+~-]+$/.test(kernel) ? `/lib/modules/${kernel}` : null;
  const block = await modprobeBlock(host, modules);
  if ('by' in block && !block.by) return block;
  const builtin = modules ? await host.readFile(`${modules}/modules.builtin`) : null;
  if (builtin?.status !== 'ok') {
    if ('reason' in block) return block;
    const why = builtin ? unreadable(host, `${modules}/modules.builtin`, builtin) : 'the kernel release is unknown';
    return { reason: `${block.by}, but whether usb-storage is built into the kernel cannot be told: ${why}` };
  }
  if (!/(^|\/)usb-storage\.ko$/m.test(builtin.text)) return block;
  return { by: null, bypassed: 'usb-storage is built into the kernel: no blacklist or install line can stop it' };
}

/** What in modprobe.d or on the kernel command line keeps the usb-storage module from loading, or null. */
async function modprobeBlock(host: Host, modules: string | null): Promise<Block> {
  const cmdline = await host.readFile('/proc/cmdline');
  const cmdlineBlacklisted = cmdline.status === 'ok' ? cmdlineBlacklist(cmdline.text) : new Set<string>();
  const files = await modprobeFiles(host);
  if ('reason' in files) return files;
  const texts: { path: string; text: string }[] = [];
  for (const path of files.paths) {
    const file = await host.readFile(path);
    if (file.status !== 'ok') return { reason: unreadable(host, path, file) };
    texts.push({ path, text: file.text });
  }
  /** kmod's view of a module: the first install command it reads for it, and where it is blacklisted. */
  const about = (module: string) => {
    let install: { path: string; nothing: boolean } | null = null;
    let blacklist = cmdlineBlacklisted.has(module) ? 'the kernel command line' : null;
    for (const { path, text } of texts) {
      const found = modprobeSays(text, module);
      if (!install && found.install) install = { path, nothing: found.install === 'nothing' };
      if (!blacklist && found.blacklisted) blacklist = path;
    }
    return { install, blacklist, keptOut: install?.nothing === true || blacklist !== null };
  };
  const usb = about(USB_STORAGE);
  if (usb.install?.nothing)
    return { by: `${usb.install.path} replaces loading usb-storage by a command that does nothing` };
  if (!usb.blacklist) return { by: null };
  // A blacklist keeps a module from loading for a device only (modprobe.d(5)); a module that needs it loads it first,
  // blacklisted or not, and uas's device list covers every ordinary stick.
  const dep = modules ? await host.readFile(`${modules}/modules.dep`) : null;
  if (dep?.status !== 'ok') {
    const why = dep ? unreadable(host, `${modules}/modules.dep`, dep) : 'the kernel release is unknown';
    return { reason: `usb-storage is blacklisted, but which modules load it anyway cannot be told: ${why}` };
  }
  const loaders = modulesNeeding(dep.text, USB_STORAGE).filter((m) => !about(m).keptOut);
  const blacklists = `${usb.blacklist} blacklists usb-storage`;
  if (loaders.length === 0) return { by: `${blacklists} and every module that needs it` };
  return { by: null, bypassed: `${blacklists}, but ${loaders.join(', ')} load it as a module they need` };
}

/** USBGuard blocks every device its rules do not allow when it starts at boot with ImplicitPolicyTarget=block. */
async function usbguardBlock(host: Host, units: Map<string, string>): Promise<Block> {
  const state = units.get(USBGUARD_UNIT);
  if (!state || !unitStateStartsAtBoot(USBGUARD_UNIT, state)) return { by: null };
  const conf = await host.readFile(USBGUARD_CONF);
  if (conf.status !== 'ok') return { reason: unreadable(host, USBGUARD_CONF, conf) };
  const target = usbguardSetting(conf.text, 'ImplicitPolicyTarget');
  if (target !== 'block' && target !== 'reject') return { by: null };
  // The rules come first: the first that matches a device decides, the implicit target only when none does.
  const paths: string[] = [];
  const ruleFile = usbguardSetting(conf.text, 'RuleFile');
  if (ruleFile) paths.push(ruleFile);
  const ruleFolder = usbguardSetting(conf.text, 'RuleFolder')?.replace(/\/+$/, '');
  if (ruleFolder) {
    const listed = await host.listDir(ruleFolder);
    if (listed.status === 'ok')
      paths.push(...listed.entries.filter((e) => e.endsWith('.conf')).map((e) => `${ruleFolder}/${e}`));
    else if (listed.status !== 'missing') return { reason: unreadable(host, ruleFolder, listed) };
  }
  for (const path of paths) {
    const file = await host.readFile(path);
    if (file.status === 'missing') continue;
    if (file.status !== 'ok') return { reason: unreadable(host, path, file) };
    for (const rule of file.text.split(/\r?\n/).filter((l) => l.trim() && !l.trim().startsWith('#'))) {
      const stick = usbguardRuleOnStick(rule);
      if (stick === 'no match') continue;
      if (typeof stick === 'object')
        return { reason: `${path}: a USBGuard rule with a condition decides: ${stick.unsure}` };
      if (stick === 'allow')
        return { by: null, bypassed: `USBGuard blocks by default, but ${path} allows USB sticks: ${rule.trim()}` };
      return { by: `USBGuard (${path}: ${rule.trim()})` };
    }
  }
  return { by: `USBGuard (ImplicitPolicyTarget=${target})` };
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
  const bypassed = blocks.flatMap((b) => ('bypassed' in b && b.bypassed ? [b.bypassed] : []));
  if (blocked === false)
    unknown.restrictedBy = bypassed.length
      ? notOnThisPc(`nothing restricts USB storage: ${bypassed.join('; ')}`)
      : NOTHING_RESTRICTS;
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

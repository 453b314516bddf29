// Pure parsers for the usb_storage probe: text in, values out, tested on real outputs.

/** The kernel module of USB sticks, by the name kmod compares (`-` read as `_`). */
export const USB_STORAGE = 'usb_storage';
/** `install usb-storage /bin/true`: loading the module runs a command that does nothing instead. */
const DO_NOTHING = /^(?:\/usr)?\/s?bin\/(?:true|false)$/;

/** A module's name as kmod compares names: `-` and `_` are the same. */
export const moduleName = (name: string) => name.replace(/-/g, '_');

/** Whether a module pattern of an `install` line (an fnmatch glob, `-` read as `_` as kmod does) names `module`. */
function installMatches(pattern: string, module: string): boolean {
  const source = moduleName(pattern)
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*+/g, '.*')
    .replace(/\?/g, '.')
    .replace(/\[!/g, '[^');
  try {
    return new RegExp(`^${source}$`).test(module);
  } catch {
    return false;
  }
}

/**
 * What a modprobe.d file says about a module (by kmod's name, `usb_storage`): its first `install` line for the
 * module (kmod runs only the first one it reads: `nothing` when that command does nothing, such as /bin/true), and
 * whether it is blacklisted.
 */
export function modprobeSays(
  text: string,
  module: string,
): { install: 'nothing' | 'other' | null; blacklisted: boolean } {
  const found: { install: 'nothing' | 'other' | null; blacklisted: boolean } = { install: null, blacklisted: false };
  for (const raw of text.split(/\r?\n/)) {
    const [command, pattern, program] = raw.replace(/#.*/, '').trim().split(/\s+/);
    if (!pattern) continue;
    if (command === 'blacklist' && moduleName(pattern) === module) found.blacklisted = true;
    if (command === 'install' && found.install === null && installMatches(pattern, module))
      found.install = program && DO_NOTHING.test(program) ? 'nothing' : 'other';
  }
  return found;
}

/** The modules the kernel command line blacklists (`modprobe.blacklist=usb_storage,uas`), by kmod's names. */
export function cmdlineBlacklist(cmdline: string): Set<string> {
  const modules = new Set<string>();
  for (const word of cmdline.split(/\s+/)) {
    const [key, value] = word.split('=', 2);
    if (key === 'modprobe.blacklist') for (const m of (value ?? '').split(',')) if (m) modules.add(moduleName(m));
  }
  return modules;
}

/**
 * The modules that need `module` (modules.dep, written by depmod: `path.ko: every module it needs, all the way
 * down`), by kmod's names: loading any of them loads `module` first, blacklisted or not.
 */
export function modulesNeeding(modulesDep: string, module: string): string[] {
  const nameOf = (path: string) =>
    moduleName(
      path
        .split('/')
        .pop()!
        .replace(/\.ko(?:\.\w+)?$/, ''),
    );
  const needing: string[] = [];
  for (const line of modulesDep.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const needs = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    if (needs.some((path) => nameOf(path) === module)) needing.push(nameOf(line.slice(0, colon)));
  }
  return needing;
}

/** A `Key=Value` setting of usbguard-daemon.conf (its last one wins); null when it is not set. */
export function usbguardSetting(text: string, key: string): string | null {
  let value: string | null = null;
  // A commented-out setting's key starts with #, so it never equals the key asked for.
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq > 0 && line.slice(0, eq).trim() === key) value = line.slice(eq + 1).trim();
  }
  return value;
}

/** What one USBGuard rule does to a USB stick nobody has seen before. */
export type UsbguardStick = 'allow' | 'block' | 'no match' | { unsure: string };

/**
 * How a USBGuard rule (usbguard-rules.conf(5): `target [id] [attributes…] [if condition]`) treats a stranger's USB
 * stick: a rule pinned to one device (its `hash` or `serial`, or `with-connect-type "hardwired"`) matches no
 * stranger's stick, nor one whose `with-interface` leaves out mass storage (class 08); a vendor:product `id` alone
 * matches every stick of that make. A rule with a condition (`if …`) is not judged here.
 */
export function usbguardRuleOnStick(rule: string): UsbguardStick {
  const target = /^(allow|block|reject)\b/.exec(rule.trim())?.[1];
  if (!target) return 'no match';
  if (/(?:^|\s)if\s/.test(rule)) return { unsure: rule.trim() };
  if (/(?:^|\s)(?:hash|serial)\s/.test(rule) || /with-connect-type\s+"hardwired"/.test(rule)) return 'no match';
  const iface = /with-interface\s+(?:(all-of|one-of|none-of|equals|equals-ordered|match-all)\s+)?(\{[^}]*\}|\S+)/.exec(
    rule,
  );
  if (iface) {
    const classes = iface[2]!.replace(/[{}]/g, ' ').trim().split(/\s+/);
    const storage = classes.some((c) => /^(?:08|\*):/.test(c));
    if (iface[1] === 'none-of' ? storage : !storage) return 'no match';
  }
  return target === 'allow' ? 'allow' : 'block';
}

/**
 * The device name of a USBSTOR subkey (`Disk&Ven_SanDisk&Prod_Cruzer_Blade&Rev_1.00`): vendor and
 * product with underscores as spaces; the key name itself when it has another form.
 */
export function usbstorDeviceName(key: string): string {
  const part = (name: string) => new RegExp(`&${name}_([^&]*)`, 'i').exec(key)?.[1]?.replace(/_+/g, ' ').trim() ?? '';
  const name = [part('Ven'), part('Prod')].filter(Boolean).join(' ');
  return name || key;
}

/** A device seen, as the script reads it: its USBSTOR kind and its dates (ISO 8601), any of them null. */
export interface DeviceDates {
  kind: string;
  firstInstall: string | null;
  lastArrival: string | null;
}

/**
 * One entry per device name, from the USBSTOR kinds the registry lists, with the earliest first installation and
 * the latest arrival of the devices of that name (`history`: null when it could not be read). The Plug and Play
 * manager spells the kind in capitals (DISK&VEN_SANDISK&…): names are matched without regard to case.
 */
export function devicesSeen(
  kinds: readonly string[],
  history: readonly DeviceDates[] | null,
): { name: string; firstConnected: string | null; lastConnected: string | null }[] {
  const byName = new Map<string, { name: string; firstConnected: string | null; lastConnected: string | null }>();
  for (const kind of kinds) {
    const name = usbstorDeviceName(kind);
    if (!byName.has(name.toLowerCase()))
      byName.set(name.toLowerCase(), { name, firstConnected: null, lastConnected: null });
  }
  const pick = (a: string | null, b: string | null, later: boolean) => {
    if (!a || !b) return a ?? b;
    return Date.parse(a) > Date.parse(b) === later ? a : b;
  };
  for (const device of history ?? []) {
    const entry = byName.get(usbstorDeviceName(device.kind).toLowerCase());
    if (!entry) continue;
    entry.firstConnected = pick(entry.firstConnected, device.firstInstall, false);
    entry.lastConnected = pick(entry.lastConnected, device.lastArrival, true);
  }
  return [...byName.values()];
}

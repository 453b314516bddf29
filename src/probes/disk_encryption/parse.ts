import { unescapeProcPath } from '../linux/parse.js';

// Pure parsers for the Linux disk-encryption probe: lsblk (JSON and tree text), /proc/self/mountinfo,
// /proc/swaps and device-mapper uuids. Text in, values out; no I/O.

/**
 * One node of lsblk's device tree. A device under several parents (RAID, LVM over two disks) appears once
 * under each.
 */
export interface BlockDevice {
  name: string;
  /** Kernel name (dm-0, sda2); null when the output had no KNAME column. */
  kname: string | null;
  /** disk, part, lvm, crypt, raid1, loop…; null when the output had no TYPE column. */
  type: string | null;
  /** Signature on the device (crypto_LUKS, ext4, LVM2_member); null when none was found or lsblk could not probe. */
  fstype: string | null;
  mountpoints: string[];
  children: BlockDevice[];
}

type JsonDevice = Record<string, unknown> & { children?: unknown };

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * `lsblk -J -o NAME,KNAME,TYPE,FSTYPE,MOUNTPOINTS` (or MOUNTPOINT, for util-linux before 2.37).
 * Returns null when the text is not lsblk JSON.
 */
export function parseLsblkJson(output: string): BlockDevice[] | null {
  let data: unknown;
  try {
    data = JSON.parse(output);
  } catch {
    return null;
  }
  const top = (data as { blockdevices?: unknown } | null)?.blockdevices;
  if (!Array.isArray(top)) return null;
  const convert = (d: JsonDevice): BlockDevice | null => {
    const name = text(d.name);
    if (!name) return null;
    const points = Array.isArray(d.mountpoints) ? d.mountpoints : [d.mountpoint];
    const children = Array.isArray(d.children) ? d.children : [];
    return {
      name,
      kname: text(d.kname),
      type: text(d.type),
      fstype: text(d.fstype),
      mountpoints: points.filter((p): p is string => typeof p === 'string' && p !== ''),
      children: children.map((c) => convert(c as JsonDevice)).filter((c): c is BlockDevice => c !== null),
    };
  };
  return top.map((d) => convert(d as JsonDevice)).filter((d): d is BlockDevice => d !== null);
}

// Tree glyphs lsblk draws before a name: UTF-8 box drawing in a UTF-8 locale, `|-`, `` `- `` under LC_ALL=C.
const TREE_PREFIX = /^[\s│├└─|`-]*/u;

/**
 * The text table of `lsblk -f` or `lsblk -o NAME,KNAME,TYPE,FSTYPE,MOUNTPOINT` (util-linux without -J).
 * Columns are found by their header's position, so empty cells (no label, no filesystem) and
 * values with spaces keep their place; the tree depth comes from the glyph prefix (two columns a level).
 * A MOUNTPOINTS cell with several mount points continues on lines with an empty name.
 */
export function parseLsblkTree(output: string): BlockDevice[] | null {
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  const header = lines.shift();
  if (!header || !/^NAME\s/.test(header)) return null;
  const columns = [...header.matchAll(/\S+/g)].map((m) => ({ name: m[0], start: m.index }));
  const cell = (line: string, column: string): string | null => {
    const i = columns.findIndex((c) => c.name === column);
    if (i < 0) return null;
    const end = columns[i + 1]?.start ?? line.length;
    return text(line.slice(columns[i]!.start, i === columns.length - 1 ? line.length : end).trim());
  };
  const has = (column: string) => columns.some((c) => c.name === column);
  const mountColumn = has('MOUNTPOINTS') ? 'MOUNTPOINTS' : 'MOUNTPOINT';
  const nameEnd = columns[1]?.start ?? Infinity;

  const top: BlockDevice[] = [];
  const stack: BlockDevice[] = [];
  for (const line of lines) {
    const nameCell = line.slice(0, nameEnd);
    const prefix = TREE_PREFIX.exec(nameCell)![0];
    const name = nameCell.slice(prefix.length).trim();
    const mount = cell(line, mountColumn);
    if (!name) {
      // Continuation line: another mount point of the device above.
      if (mount && stack.length > 0) stack[stack.length - 1]!.mountpoints.push(mount);
      continue;
    }
    const depth = Math.floor(prefix.length / 2);
    const device: BlockDevice = {
      name,
      kname: has('KNAME') ? cell(line, 'KNAME') : null,
      type: has('TYPE') ? cell(line, 'TYPE') : null,
      fstype: cell(line, 'FSTYPE'),
      mountpoints: mount ? [mount] : [],
      children: [],
    };
    stack.length = Math.min(stack.length, depth);
    const parent = stack[stack.length - 1];
    if (depth > 0 && parent) parent.children.push(device);
    else top.push(device);
    stack.push(device);
  }
  return top;
}

export interface SwapArea {
  path: string;
  /** `partition` (a block device, zram included) or `file`. */
  type: string;
}

/** /proc/swaps: a header line, then `path<padding>type\tsize\tused\tpriority`. */
export function parseProcSwaps(output: string): SwapArea[] {
  return output
    .split('\n')
    .slice(1)
    .map((line) => /^(.*\S)\s+(partition|file)\s+\d+\s+\d+\s+-?\d+\s*$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ path: unescapeProcPath(m[1]!).replace(/ \(deleted\)$/, ''), type: m[2]! }));
}

export type CryptMethod = 'luks' | 'dm-crypt-plain' | 'dm-crypt';

/**
 * What a device-mapper `crypt` target really is, from /sys/block/dm-N/dm/uuid (`CRYPT-LUKS2-<uuid>-<name>`).
 * lsblk calls every `CRYPT-` device "crypt", but dm-verity and dm-integrity devices only check data:
 * they are not encryption (null).
 */
export function cryptMethodFromDmUuid(uuid: string): CryptMethod | null {
  const kind = /^CRYPT-([A-Z0-9]+)/.exec(uuid.trim())?.[1];
  if (!kind || kind === 'VERITY' || kind === 'INTEGRITY') return null;
  if (kind.startsWith('LUKS')) return 'luks';
  if (kind === 'PLAIN') return 'dm-crypt-plain';
  // TCRYPT (VeraCrypt), BITLK (BitLocker), FVAULT2, …: dm-crypt with another on-disk format.
  return 'dm-crypt';
}

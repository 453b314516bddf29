// Pure: which encryption layer, if any, lies under a device in lsblk's tree. A filesystem is
// encrypted when some device between it and the disk is a dm-crypt mapping: the child of a
// crypto_LUKS device, or a `crypt` device whose device-mapper uuid says it encrypts.
import { cryptMethodFromDmUuid, type BlockDevice, type CryptMethod } from './parse.js';

/** Device-mapper uuids of `crypt` devices by kernel name, or why one could not be read. */
export type DmUuids = ReadonlyMap<string, { uuid: string } | { reason: string }>;

export type Method = CryptMethod | 'none';

export interface Encryption {
  encrypted: boolean | null;
  method: Method | null;
  /** Why encrypted or method is null. */
  reason?: string;
}

/** Every path from a top-level device down to a device the test accepts (a device can sit under several parents). */
export function findChains(tree: readonly BlockDevice[], test: (d: BlockDevice) => boolean): BlockDevice[][] {
  const chains: BlockDevice[][] = [];
  const walk = (devices: readonly BlockDevice[], above: BlockDevice[]) => {
    for (const d of devices) {
      const chain = [...above, d];
      if (test(d)) chains.push(chain);
      walk(d.children, chain);
    }
  };
  walk(tree, []);
  return chains;
}

/** Kernel names of every `crypt` device, whose dm uuid the collector reads. */
export function cryptKnames(tree: readonly BlockDevice[]): string[] {
  return [...new Set(findChains(tree, (d) => d.type === 'crypt' && d.kname !== null).map((c) => c.at(-1)!.kname!))];
}

/**
 * The device a mount lives on: the one lsblk lists with that mount point, else the one its mount
 * source names (`/dev/mapper/NAME`, `/dev/KNAME`), which finds a btrfs root that an old lsblk shows
 * under another of its mount points.
 */
export function chainsForMount(
  tree: readonly BlockDevice[],
  mountPoint: string,
  source: string | null,
): BlockDevice[][] {
  const byMount = findChains(tree, (d) => d.mountpoints.includes(mountPoint));
  if (byMount.length > 0 || !source?.startsWith('/dev/')) return byMount;
  return chainsForDevicePath(tree, source);
}

/** The device a /dev path names (`/dev/dm-1`, `/dev/mapper/vg-swap`, `/dev/sda2`). */
export function chainsForDevicePath(tree: readonly BlockDevice[], devicePath: string): BlockDevice[][] {
  const mapper = /^\/dev\/mapper\/(.+)$/.exec(devicePath)?.[1];
  const base = devicePath.slice('/dev/'.length);
  return findChains(tree, (d) =>
    mapper !== undefined ? d.name === mapper || d.name === `mapper/${mapper}` : d.kname === base || d.name === base,
  );
}

function chainEncryption(chain: readonly BlockDevice[], dmUuids: DmUuids): Encryption {
  let typesKnown = true;
  for (let i = chain.length - 1; i >= 0; i--) {
    const device = chain[i]!;
    if (chain[i - 1]?.fstype === 'crypto_LUKS') return { encrypted: true, method: 'luks' };
    if (device.type === 'crypt') {
      const found = device.kname ? dmUuids.get(device.kname) : undefined;
      if (!found || 'reason' in found) {
        return {
          encrypted: null,
          method: null,
          reason:
            `cannot tell whether ${device.name} encrypts or only ` +
            `checks integrity: ${found?.reason ?? 'lsblk gave no kernel name'}`,
        };
      }
      const method = cryptMethodFromDmUuid(found.uuid);
      if (method) return { encrypted: true, method };
    } else if (device.type === null) {
      typesKnown = false;
    }
  }
  if (!typesKnown)
    return {
      encrypted: null,
      method: null,
      reason: 'lsblk did not say the device types, so an encryption layer could be missed',
    };
  return { encrypted: false, method: 'none' };
}

/** Encrypted only when every path to the device goes through an encryption layer. */
export function encryptionOf(chains: readonly BlockDevice[][], dmUuids: DmUuids): Encryption {
  if (chains.length === 0)
    return { encrypted: null, method: null, reason: 'the device is not in the list lsblk printed' };
  const results = chains.map((c) => chainEncryption(c, dmUuids));
  const plain = results.find((r) => r.encrypted === false);
  if (plain) return plain;
  const unknown = results.find((r) => r.encrypted === null);
  if (unknown) return unknown;
  const methods = new Set(results.map((r) => r.method));
  return { encrypted: true, method: methods.size === 1 ? results[0]!.method : 'dm-crypt' };
}

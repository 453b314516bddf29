import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/engine/evaluate.js';
import { loadRules } from '../../../src/engine/load.js';
import type { DiskEncryptionFacts } from '../../../src/probes/disk_encryption/facts.js';
import { diskEncryption } from '../../../src/probes/disk_encryption/index.js';
import { REPO } from '../../helpers/host.js';

const { rules, errors } = loadRules(
  [
    {
      file: 'rules/disk-encryption.yaml',
      text: await readFile(path.join(REPO, 'rules', 'disk-encryption.yaml'), 'utf8'),
    },
  ],
  new Map([[diskEncryption.id, diskEncryption.facts]]),
);
const verdict = (id: string, facts: DiskEncryptionFacts) => {
  const rule = rules.find((r) => r.id === id)!;
  if (rule.applies.when && evaluate(rule.applies.when, facts, rule.params).value !== true) return 'not_applicable';
  return evaluate(rule.check, facts, rule.params).value;
};

// Facts as the collector reports them in the cases its tests cover (linux.test.ts).
const luksRoot: DiskEncryptionFacts = {
  systemDriveEncrypted: true,
  method: 'luks',
  protectionState: 'on',
  volumes: [
    { mountPoint: '/', device: '/dev/mapper/cryptroot', encrypted: true, method: 'luks' },
    { mountPoint: '/home', device: '/dev/mapper/cryptroot', encrypted: true, method: 'luks' },
  ],
  swap: [{ path: '/dev/zram0', kind: 'zram', onDisk: false, encrypted: false }],
  swapEncrypted: true,
};

describe('rules/disk-encryption.yaml', () => {
  it('loads without errors', () => {
    expect(errors).toEqual([]);
    expect(rules.map((r) => [r.id, r.severity])).toEqual([
      ['disk-encryption.system-drive', 'high'],
      ['disk-encryption.swap', 'low'],
    ]);
  });

  it('passes an encrypted root and home; swap in memory only is not applicable', () => {
    expect(verdict('disk-encryption.system-drive', luksRoot)).toBe(true);
    expect(verdict('disk-encryption.swap', luksRoot)).toBe('not_applicable');
  });

  it('fails an unencrypted /home even when the root is encrypted, and an unencrypted swap file', () => {
    const facts: DiskEncryptionFacts = {
      ...luksRoot,
      volumes: [luksRoot.volumes![0]!, { mountPoint: '/home', device: '/dev/sda3', encrypted: false, method: 'none' }],
      swap: [{ path: '/swapfile', kind: 'file', onDisk: true, encrypted: false }],
      swapEncrypted: false,
    };
    expect(verdict('disk-encryption.system-drive', facts)).toBe(false);
    expect(verdict('disk-encryption.swap', facts)).toBe(false);
  });

  it('fails suspended protection and is unknown, never passed, for a container root', () => {
    expect(verdict('disk-encryption.system-drive', { ...luksRoot, protectionState: 'suspended' })).toBe(false);
    const container: DiskEncryptionFacts = {
      ...luksRoot,
      systemDriveEncrypted: null,
      method: null,
      protectionState: null,
      volumes: [{ mountPoint: '/', device: 'overlay', encrypted: null, method: null }],
    };
    expect(verdict('disk-encryption.system-drive', container)).toBeNull();
  });
});

import { MACOS_TOOL, refused, run } from '../macos/commands.js';
import { parseFdesetupStatus } from '../macos/parse.js';
import { type Collector, unreadFacts } from '../types.js';
import { type DiskEncryptionFacts, facts as schema } from './facts.js';
import { parseSwapUsage } from './macos-parse.js';

/** macOS keeps its swap files here, on the system volume. */
const SWAP_DIR = '/private/var/vm';

export const collectMacos: Collector<DiskEncryptionFacts> = async (host) => {
  const [fde, swapUsage] = await Promise.all([
    run(host, MACOS_TOOL.fdesetup, ['status']),
    run(host, MACOS_TOOL.sysctl, ['vm.swapusage']),
  ]);
  const unknown: Record<string, string> = {};
  const facts: DiskEncryptionFacts = unreadFacts(schema);

  // fdesetup prints the state whatever its exit code (it differs while a conversion runs).
  const state = fde.ok ? parseFdesetupStatus(fde.value.stdout) : null;
  if (state) {
    const encrypted = state === 'on';
    const method = state === 'off' ? 'none' : 'filevault';
    Object.assign(facts, {
      systemDriveEncrypted: encrypted,
      method,
      protectionState: state,
      volumes: [{ mountPoint: '/', device: null, encrypted, method }],
    });
    unknown['volumes[/].device'] = 'fdesetup status names no device';
  } else {
    const reason = fde.ok ? refused(MACOS_TOOL.fdesetup, ['status'], fde.value) : fde.reason;
    for (const key of ['systemDriveEncrypted', 'method', 'protectionState', 'volumes']) unknown[key] = reason;
  }

  const swap = swapUsage.ok && swapUsage.value.exitCode === 0 ? parseSwapUsage(swapUsage.value.stdout) : null;
  if (swap) {
    facts.swap = swap.totalMb > 0 ? [{ path: SWAP_DIR, kind: 'file', onDisk: true, encrypted: swap.encrypted }] : [];
    facts.swapEncrypted = swap.totalMb === 0 || swap.encrypted;
  } else {
    const reason = swapUsage.ok ? refused(MACOS_TOOL.sysctl, ['vm.swapusage'], swapUsage.value) : swapUsage.reason;
    unknown.swap = unknown.swapEncrypted = reason;
  }
  return { facts, unknown };
};

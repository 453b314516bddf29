export type FileVaultState = 'on' | 'off' | 'encrypting' | 'decrypting';

/**
 * `fdesetup status`. FileVault, not the APFS "encrypted" volume flag: on T2 and Apple-silicon Macs
 * every volume is encrypted by hardware and unlocks without a password unless FileVault is on.
 * A conversion under way adds "Encryption in progress" or "Decryption in progress" lines; other
 * lines (institutional master keychain, deferred enablement) say nothing about the state.
 */
export function parseFdesetupStatus(text: string): FileVaultState | null {
  if (/^Encryption in progress/m.test(text)) return 'encrypting';
  if (/^Decryption in progress/m.test(text)) return 'decrypting';
  const m = /^FileVault is (On|Off)\b/m.exec(text);
  return m ? (m[1] === 'On' ? 'on' : 'off') : null;
}

/** `sysctl vm.swapusage`: total swap in MB and whether macOS encrypts it ("(encrypted)"). */
export function parseSwapUsage(text: string): { totalMb: number; encrypted: boolean } | null {
  const m = /^vm\.swapusage:\s*total\s*=\s*([\d.]+)M\b/m.exec(text);
  return m ? { totalMb: Number(m[1]), encrypted: /\(encrypted\)/.test(text) } : null;
}

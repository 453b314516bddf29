/** `sysctl vm.swapusage`: total swap in MB and whether macOS encrypts it ("(encrypted)"). */
export function parseSwapUsage(text: string): { totalMb: number; encrypted: boolean } | null {
  const m = /^vm\.swapusage:\s*total\s*=\s*([\d.]+)M\b/m.exec(text);
  return m ? { totalMb: Number(m[1]), encrypted: /\(encrypted\)/.test(text) } : null;
}

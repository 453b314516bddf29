// Windows Security Center (root/SecurityCenter2): the antivirus and firewall products registered
// with it report their state in one number, `productState`, decoded here for every probe.

/**
 * A product's `productState` as it is commonly decoded (Microsoft does not publish the layout; see
 * test/fixtures/anti_malware/SOURCES.md and test/fixtures/firewall/SOURCES.md): bits 16-23 the
 * provider (1 firewall, 4 antivirus), bits 12-15 the product's state (0 off, 1 on, 2 snoozed,
 * 3 expired), bits 8-11 its owner (1 Microsoft), bits 4-7 its definitions (0 up to date, 1 out of
 * date). Null parts are values no source describes.
 */
export interface ProductState {
  /** The product is switched on: an antivirus protects in real time, a firewall filters. */
  on: boolean | null;
  upToDate: boolean | null;
  /** Microsoft's own product (Defender): Windows itself can be asked about it. */
  microsoft: boolean;
}

const PRODUCT_STATE: Record<number, boolean> = { 0: false, 1: true, 2: false, 3: false };
const SIGNATURE_STATE: Record<number, boolean> = { 0: true, 1: false };

export function decodeProductState(state: number): ProductState {
  return {
    on: PRODUCT_STATE[(state >> 12) & 0xf] ?? null,
    upToDate: SIGNATURE_STATE[(state >> 4) & 0xf] ?? null,
    microsoft: ((state >> 8) & 0xf) === 1,
  };
}

/** Why a part of a product's state is unknown: its productState holds a value no description explains. */
export const undocumentedProductState = (state: number) =>
  `Security Center productState ${state} (0x${state.toString(16)}) has a value no description of its layout explains`;

/** What Windows says about a registered product's program: the file, the running programs, the services. */
export interface PresenceEvidence {
  exe: string | null;
  exeExists: boolean | null;
  /** Running programs' names without .exe (null: not read). */
  processes: readonly string[] | null;
  /** Services with their start mode and command line (null: not read). */
  services: readonly { startMode: string | null; command: string | null }[] | null;
}

/**
 * Whether a registered product is really on this PC. Security Center keeps an uninstalled product
 * with its last state (fusioninventory-agent#934), so its word alone is no proof: its signed program
 * file, its program running, or an automatic service started from its folder is. `present` is false
 * when its program file is gone and nothing else shows it; null when nothing shows it and the file
 * could not be checked.
 */
export function productPresence(e: PresenceEvidence): { present: boolean | null; why: string } {
  const exe = e.exe?.trim() || null;
  const file = exe ? exe.slice(exe.lastIndexOf('\\') + 1) : null;
  const program = file?.replace(/\.exe$/i, '').toLowerCase() ?? null;
  const folder = exe ? exe.slice(0, exe.lastIndexOf('\\') + 1).toLowerCase() : null;
  if (e.exeExists === true) return { present: true, why: `its program ${exe} is on this PC` };
  if (program && e.processes?.some((p) => p.toLowerCase() === program))
    return { present: true, why: `its program ${file} is running` };
  const service =
    folder &&
    e.services?.find((s) => s.startMode === 'Auto' && s.command?.toLowerCase().replace(/^"/, '').startsWith(folder));
  if (service)
    return { present: true, why: `an automatic service runs from its folder ${exe!.slice(0, folder!.length)}` };
  const unread = [e.processes === null && 'running programs', e.services === null && 'services']
    .filter(Boolean)
    .join(' and ');
  if (e.exeExists === false)
    return {
      present: false,
      why: `registered with Security Center but not present: its program ${exe} is gone and it is not running`,
    };
  return {
    present: null,
    why:
      `registered with Security Center, but nothing on this PC shows it is installed (no program ` +
      `file to check${unread ? `; ${unread} not read` : ''})`,
  };
}

/**
 * Whether a registered product is on: Security Center's word, kept only while the PC shows the product is there
 * (Microsoft's own entry always is). A stale registration is off; one nothing corroborates is unknown (`why`).
 */
export function registeredProductOn(
  product: { productState: number; exe: string | null; exeExists: boolean | null },
  evidence: Omit<PresenceEvidence, 'exe' | 'exeExists'>,
): { on: boolean | null; state: ProductState; presence: { present: boolean | null; why: string } } {
  const state = decodeProductState(product.productState);
  const presence = state.microsoft
    ? { present: true, why: '' }
    : productPresence({ ...evidence, exe: product.exe, exeExists: product.exeExists });
  const on = state.on !== true ? state.on : presence.present;
  return { on, state, presence };
}

/**
 * Get-MpComputerStatus AMRunningMode values in which Defender is not the antivirus protecting the PC (another
 * product is, or none).
 */
const DEFENDER_STANDING_DOWN = ['passive mode', 'sxs passive mode', 'edr block mode', 'not running'];

/**
 * Defender protects in real time only when its service, its antivirus and real-time protection are
 * all on and it runs in Normal mode; Defender versions before AMRunningMode existed report no mode.
 */
export function defenderRealTime(status: {
  AMServiceEnabled: boolean | null;
  AntivirusEnabled: boolean | null;
  RealTimeProtectionEnabled: boolean | null;
  AMRunningMode: string | null;
}): boolean | null {
  const parts = [status.AMServiceEnabled, status.AntivirusEnabled, status.RealTimeProtectionEnabled];
  if (status.AMRunningMode !== null)
    parts.push(!DEFENDER_STANDING_DOWN.includes(status.AMRunningMode.trim().toLowerCase()));
  return parts.includes(false) ? false : parts.includes(null) ? null : true;
}

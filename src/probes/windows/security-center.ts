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

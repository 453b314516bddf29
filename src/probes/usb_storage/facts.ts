import { z } from 'zod';
import { notOnThisPc } from '../types.js';

export const facts = z.object({
  /**
   * USB sticks and other removable disks cannot be opened at all, or only the ones allowed by name:
   * Windows' USBSTOR driver off (Start 4) or a "deny all access" policy; Linux's usb-storage module kept
   * from loading, or USBGuard blocking every device its rules do not allow.
   */
  storageBlocked: z.boolean().nullable(),
  /** Nothing can be copied onto a USB stick (a "deny write access" policy, or BitLocker To Go required for writing). */
  writeBlocked: z.boolean().nullable(),
  /** No program on a USB stick can be started (a "deny execute access" policy, or no access at all). */
  executeBlocked: z.boolean().nullable(),
  /** What restricts USB storage, in words (the policy or file that says so); null when nothing does. */
  restrictedBy: z.string().nullable(),
  /**
   * Files opened from a USB stick are checked by an anti-malware program as they are opened: Microsoft
   * Defender's real-time protection or another product Security Center shows on; Linux: ClamAV's
   * on-access scanner (clamonacc) starts at boot.
   */
  scanned: z.boolean().nullable(),
  /**
   * The USB storage devices this PC has seen, by the name Windows gives them (USBSTOR), for the report: one entry
   * per kind (vendor and product), with when one of that kind was first connected and last connected (ISO 8601,
   * UTC; null when Windows keeps no such date, or it could not be read). Never their serial numbers: they are left
   * out as they identify a person's stick.
   */
  devices: z
    .array(z.object({ name: z.string(), firstConnected: z.string().nullable(), lastConnected: z.string().nullable() }))
    .nullable(),
});

export type UsbStorageFacts = z.infer<typeof facts>;

/** restrictedBy's reason when nothing restricts USB storage: nothing to name, not a gap in the scan. */
export const NOTHING_RESTRICTS = notOnThisPc('nothing restricts USB storage');

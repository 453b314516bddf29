import { z } from 'zod';

/** How the wireless network the PC is on protects its traffic, weakest first. */
export const SECURITY = ['open', 'wep', 'wpa', 'wpa2', 'wpa3', 'owe'] as const;
export type WifiSecurity = (typeof SECURITY)[number];

export const facts = z.object({
  /** The PC is connected to a wireless network now (false: wired, no Wi-Fi adapter, or Wi-Fi not connected). */
  onWifi: z.boolean().nullable(),
  /**
   * The security of that network: open (no password, nothing encrypted), wep (broken encryption),
   * wpa, wpa2, wpa3, or owe (Enhanced Open: encrypted, no password). The network's name is not kept.
   */
  security: z.enum(SECURITY).nullable(),
  /** The security as the OS names it ("WPA2-Personal", "WPA2 - 个人", "WPA1 WPA2"). */
  securityText: z.string().nullable(),
  /** Where it was read: netsh wlan show interfaces, nmcli. */
  source: z.string().nullable(),
});

export type WifiFacts = z.infer<typeof facts>;

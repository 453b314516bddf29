import { z } from 'zod';

/**
 * A socket other PCs can reach: a TCP port listening, or a UDP port bound, on an address that is not
 * the PC's loopback.
 */
const listener = z.object({
  /** How the report names it: "Redis: tcp 0.0.0.0:6379 (redis-server)", or "tcp [::]:8080" when not a risky service. */
  name: z.string(),
  protocol: z.enum(['tcp', 'udp']),
  /** The local address it is bound to: 0.0.0.0, :: and * mean every network the PC is on. */
  address: z.string(),
  port: z.number().int().min(0).max(65535),
  /** The program that owns it (process name); null when the OS did not say (Linux without root). */
  program: z.string().nullable(),
  /** The risky service this port is known for (risky-services.json), or null for any other port. */
  service: z.string().nullable(),
  /**
   * The firewall is known to turn connections to it away. Windows: Windows Firewall is on and blocks
   * by default on every network profile in use, and no allow rule could let this port in. False when
   * a rule may let it in, when another firewall is in charge, and on macOS and Linux, whose firewall
   * rules shop-audit does not match to ports.
   */
  firewallBlocks: z.boolean(),
});

export const facts = z.object({
  /** Every TCP port listening and every UDP port bound on an address other than loopback. */
  listeners: z.array(listener).nullable(),
  /** Where the sockets were read: /proc/net/*, lsof, Get-NetTCPConnection and Get-NetUDPEndpoint. */
  source: z.string().nullable(),
});

export type NetworkServicesFacts = z.infer<typeof facts>;
export type Listener = z.infer<typeof listener>;

import { z } from 'zod';
import { WINDOWS_PROFILES } from '../windows/fallback-parse.js';

const profile = z.object({
  /** Windows Firewall's network profiles: Domain (a company domain), Private (home/work), Public (everything else). */
  name: z.enum(WINDOWS_PROFILES),
  enabled: z.boolean().nullable(),
  /** Incoming connections no rule allows are blocked (default inbound action Block). */
  blocksInbound: z.boolean().nullable(),
  /** A Group Policy value decides this profile's state, overriding the local setting. */
  setByPolicy: z.boolean().nullable(),
});

/** The firewall software shop-audit knows by name; `none` when none is switched on. */
export const MANAGERS = [
  'windows-firewall',
  'macos-application-firewall',
  'ufw',
  'firewalld',
  'nftables',
  'iptables',
  'none',
] as const;
export type KnownManager = (typeof MANAGERS)[number];

const registeredProduct = z.object({
  /** The name the product registered with (its display name, e.g. in Chinese). */
  name: z.string(),
  /** Security Center reports it switched on; null when its productState holds a value no source explains. */
  on: z.boolean().nullable(),
});

export const facts = z.object({
  /**
   * The host firewall is on: on Windows every profile is on and the firewall service runs, or a
   * third-party firewall registered with Security Center is on; on macOS the application firewall
   * is on; on Linux a firewall (ufw, firewalld, an nftables or iptables rule set) is active.
   */
  enabled: z.boolean().nullable(),
  /**
   * Connections from outside that nothing allowed are turned away by default, for IPv4 and (where
   * the PC has it) IPv6. Windows: default inbound action Block on every profile. Linux: the input
   * filter drops or rejects what its rules did not accept. The macOS application firewall filters
   * by app and has no such default.
   */
  blocksInbound: z.boolean().nullable(),
  /**
   * The firewall software that is switched on: one of MANAGERS, or on Windows the display name of
   * the third-party firewall(s) registered with Security Center and on (names joined by ", ").
   */
  manager: z.union([z.enum(MANAGERS), z.string().min(1)]).nullable(),
  /** Windows only: each network profile. */
  profiles: z.array(profile).nullable(),
  /**
   * Windows client editions only: the third-party firewalls registered with Security Center
   * (root/SecurityCenter2 FirewallProduct), such as 360, Huorong, Kaspersky or ESET. Microsoft's
   * own entries are left out: the profiles above tell about Windows Firewall.
   */
  registeredProducts: z.array(registeredProduct).nullable(),
  /** macOS only: stealth mode (no answer to pings and to probes of closed ports). */
  stealthMode: z.boolean().nullable(),
  /** Where the facts came from: the live firewall or its configuration (which is what starts at boot). */
  source: z.string().nullable(),
});

export type FirewallFacts = z.infer<typeof facts>;
export type FirewallProfile = z.infer<typeof profile>;

import { z } from 'zod';

const share = z.object({
  name: z.string().nullable(),
  path: z.string().nullable(),
  /** Anyone on the network can open it without an account (Samba `guest ok`, Windows Everyone/Guests/Anonymous). */
  guestAccess: z.boolean().nullable(),
  /** Whoever may open it may also change and delete files. */
  writable: z.boolean().nullable(),
  /** Users or groups it is limited to; empty when any account may open it. */
  allowedUsers: z.array(z.string()).nullable(),
  /** A printer share (guests printing is a lesser matter than guests reading files). */
  printer: z.boolean().nullable(),
  /** Shown when someone browses the network. */
  browseable: z.boolean().nullable(),
});

export const facts = z.object({
  /** An SMB file server is installed (Linux: Samba smbd; Windows: the Server service; macOS: File Sharing's smbd). */
  smbServerInstalled: z.boolean().nullable(),
  smbServerRunning: z.boolean().nullable(),
  /** Shares the file server's configuration offers (Samba smb.conf; printers included, marked). */
  shares: z.array(share).nullable(),
  /**
   * Windows' default administrative shares (C$, ADMIN$, IPC$), open only to administrators; listed apart from
   * `shares`.
   */
  adminShares: z.array(z.string()).nullable(),
  /** Shares ordinary users published themselves (Linux: Samba usershares from the file manager); empty elsewhere. */
  userShares: z.array(share).nullable(),
  /** The server accepts SMB1, the protocol WannaCry spread through. */
  smb1Enabled: z.boolean().nullable(),
  /** A failed or missing login is let in as guest (Samba `map to guest`, Windows password-protected sharing off). */
  guestLogonAllowed: z.boolean().nullable(),
  /** Users may publish shares open to guests (Samba `usershare allow guests` with usershares enabled). */
  userSharesAllowGuests: z.boolean().nullable(),
  nfsServerInstalled: z.boolean().nullable(),
  /** One entry per exported folder and client, from /etc/exports and /etc/exports.d. */
  nfsExports: z
    .array(
      z.object({
        path: z.string().nullable(),
        /** As written: a host, network, @netgroup, or `*`; empty when the line names no client. */
        client: z.string().nullable(),
        /** Any machine may mount it (`*`, no client, 0.0.0.0/0). */
        worldOpen: z.boolean().nullable(),
        writable: z.boolean().nullable(),
        /** `insecure`: mounts from unprivileged ports, i.e. by any user on a client, are accepted. */
        insecure: z.boolean().nullable(),
      }),
    )
    .nullable(),
});
export type OpenSharesFacts = z.infer<typeof facts>;

import { z } from 'zod';

const tool = z.object({
  /**
   * Stable id: `teamviewer`, `anydesk`, `rustdesk`, `sunlogin`, `todesk`, `vnc-x11vnc`, `vnc-tigervnc`,
   * `vnc-vino`, `gnome-remote-desktop`, `xrdp`; on Windows also `uu-remote`, `chrome-remote-desktop`,
   * `vnc-realvnc`, `vnc-tightvnc`, `vnc-ultravnc`, `rdp`.
   */
  id: z.string(),
  /** Product name as the owner knows it. */
  name: z.string(),
  /**
   * `remote-desktop-server` waits for incoming connections on the network (VNC, RDP servers);
   * `remote-support-app` connects outward to its vendor's relay, so anyone with its ID and
   * password can reach the PC from anywhere.
   */
  kind: z.enum(['remote-desktop-server', 'remote-support-app']),
  /** Its program files are on the PC. */
  installed: z.boolean().nullable(),
  /** One of its processes runs now. */
  running: z.boolean().nullable(),
  /** It starts by itself: a service enabled at boot, or an autostart entry at login. */
  startsAtBoot: z.boolean().nullable(),
});

const session = z.object({
  /** The session ID. */
  id: z.string(),
  /**
   * `remote-desktop`: someone is connected over Remote Desktop (rdp-tcp#N); `console`: at this
   * PC's own screen; `other`: another kind of connection (e.g. a virtual machine's console);
   * `disconnected`: still signed in with nobody connected (Windows no longer says from where).
   */
  connection: z.enum(['remote-desktop', 'console', 'other', 'disconnected']),
  /** The session this scan runs in. */
  current: z.boolean(),
});

export const facts = z.object({
  /** The SSH server (sshd; on macOS "Remote Login", on Windows the OpenSSH Server feature). */
  ssh: z.object({
    installed: z.boolean().nullable(),
    running: z.boolean().nullable(),
    startsAtBoot: z.boolean().nullable(),
    /** PermitRootLogin as sshd applies it to every connection (Match blocks left out). */
    permitRootLogin: z.enum(['yes', 'prohibit-password', 'forced-commands-only', 'no']).nullable(),
    /**
     * Whether sshd accepts an account's password: PasswordAuthentication, or keyboard-interactive through PAM
     * (KbdInteractiveAuthentication and UsePAM on Linux and macOS), which asks for the same password.
     */
    passwordAuthentication: z.boolean().nullable(),
    permitEmptyPasswords: z.boolean().nullable(),
    /** Where the three settings came from: sshd's own test mode (`sshd -T`) or reading its config files. */
    source: z.enum(['sshd-T', 'config-files']).nullable(),
  }),
  tools: z.array(tool),
  /**
   * Windows Remote Desktop: connections allowed (fDenyTSConnections 0), and Network Level Authentication
   * required first. Other systems have none.
   */
  rdp: z.object({
    enabled: z.boolean().nullable(),
    networkLevelAuth: z.boolean().nullable(),
    /**
     * Who is signed in right now, as Remote Desktop Services lists it (quser): each session's ID and
     * connection, never the user's name.
     */
    sessions: z.array(session).nullable(),
  }),
});
export type RemoteAccessFacts = z.infer<typeof facts>;
export type RemoteTool = z.infer<typeof tool>;

import { describeFailure, type Host } from '../../host/types.js';
import {
  exists,
  launchdJobLoaded,
  launchdOverrides,
  MACOS_TOOL,
  readDefault,
  refused,
  run,
  runningPrograms,
} from '../macos/commands.js';
import { answerTaker, REASON, type Answer, type Collector } from '../types.js';
import type { OpenSharesFacts } from './facts.js';
import { parseSharingList, type SharePoint } from './macos-parse.js';

const SMBD = '/usr/sbin/smbd';
const NFSD = '/sbin/nfsd';
const EXPORTS = '/etc/exports';
const SMB_SERVER_PREFS = '/Library/Preferences/SystemConfiguration/com.apple.smb.server';
const AFP_SERVER_PREFS = '/Library/Preferences/com.apple.AppleFileServer';

type Share = NonNullable<OpenSharesFacts['shares']>[number];

/** The file-sharing protocols File Sharing offers a share point over (FTP left macOS with 10.7). */
const SERVERS = {
  smb: { label: 'com.apple.smbd', program: 'smbd', guestPrefs: [SMB_SERVER_PREFS, 'AllowGuestAccess'] },
  afp: {
    label: 'com.apple.AppleFileServer',
    program: 'AppleFileServer',
    guestPrefs: [AFP_SERVER_PREFS, 'guestAccess'],
  },
} as const;
type Protocol = keyof typeof SERVERS;

/**
 * Switching a server on writes the launchd override "enabled" for it (macOS 26.5 was seen submitting
 * Sharing's jobs through smd with no override instead); launchd then starts it for each connection, so a
 * server that is on may have no process at this moment, but launchd has its job loaded.
 */
function serverOn(
  protocol: Protocol,
  overrides: Answer<Map<string, boolean>>,
  loaded: Answer<boolean>,
  procs: Answer<Set<string>>,
): Answer<boolean> {
  const { label, program } = SERVERS[protocol];
  if (overrides.ok && overrides.value.get(label) === false) return { ok: true, value: true };
  if (loaded.ok && loaded.value) return { ok: true, value: true };
  if (procs.ok && procs.value.has(program)) return { ok: true, value: true };
  if (!overrides.ok) return overrides;
  return procs.ok ? { ok: true, value: false } : procs;
}

/** The server-wide guest switch ("Allow guest users to connect to shared folders"). */
async function guestSwitch(host: Host, protocol: Protocol): Promise<Answer<boolean>> {
  const [domain, key] = SERVERS[protocol].guestPrefs;
  const value = await readDefault(host, domain, key);
  if (!value.ok) return value;
  if (value.value === null) return { ok: false, reason: `${domain} ${key} is not set: the release's default applies` };
  return { ok: true, value: value.value !== '0' };
}

/**
 * One share point as a share. Guests get in over a protocol when the share point allows guests
 * and that server lets guests connect at all; a server known to be off offers nothing.
 */
function toShare(
  point: SharePoint,
  offered: Protocol[],
  guest: Record<Protocol, Answer<boolean> | undefined>,
  unknown: Record<string, string>,
): Share {
  const why = (field: string, reason: string) => (unknown[`shares[${point.name}].${field}`] = reason);
  const perProtocol = offered.map((protocol): boolean | string => {
    const flag = point.protocols.get(protocol)?.get('guest access');
    if (flag === '0') return false;
    if (flag !== '1') return `sharing -l does not say whether guests may open it over ${protocol.toUpperCase()}`;
    const server = guest[protocol]!;
    return server.ok ? server.value : server.reason;
  });
  const guestAccess = perProtocol.includes(true) ? true : perProtocol.every((g) => g === false) ? false : null;
  if (guestAccess === null) why('guestAccess', perProtocol.filter((g) => typeof g === 'string').join('; '));
  // "read-only: 1" forbids writing to everyone; otherwise who may write is set by the folder's
  // permissions (File Sharing > Users), which this version does not read.
  const readOnly = offered.every((protocol) => point.protocols.get(protocol)?.get('read-only') === '1');
  const permissions =
    "set by the folder's permissions (Sharing > File Sharing > Users), which this version does not read";
  if (!readOnly) why('writable', permissions);
  why('allowedUsers', permissions);
  why('browseable', 'sharing -l does not say');
  if (point.path === null) why('path', 'sharing -l gave no path');
  return {
    name: point.name,
    path: point.path,
    guestAccess,
    writable: readOnly ? false : null,
    allowedUsers: null,
    printer: false,
    browseable: null,
  };
}

export const collectMacos: Collector<OpenSharesFacts> = async (host) => {
  const [smbd, overrides, smbLoaded, afpLoaded, procs, smbGuest, nfsd, exportsFile, sharing] = await Promise.all([
    exists(host, SMBD),
    launchdOverrides(host),
    launchdJobLoaded(host, SERVERS.smb.label),
    launchdJobLoaded(host, SERVERS.afp.label),
    runningPrograms(host),
    guestSwitch(host, 'smb'),
    exists(host, NFSD),
    host.readFile(EXPORTS),
    run(host, MACOS_TOOL.sharing, ['-l']),
  ]);
  const unknown: Record<string, string> = {
    smb1Enabled: 'not read on macOS',
    adminShares: REASON.notOnThisOs,
    userSharesAllowGuests: REASON.notOnThisOs,
  };
  const take = answerTaker(unknown);

  const running = {
    smb: serverOn('smb', overrides, smbLoaded, procs),
    afp: serverOn('afp', overrides, afpLoaded, procs),
  };
  let shares: OpenSharesFacts['shares'] = null;
  const points = sharing.ok && sharing.value.exitCode === 0 ? parseSharingList(sharing.value.stdout) : null;
  if (points) {
    const offeredOver = (point: SharePoint) =>
      (Object.keys(SERVERS) as Protocol[]).filter(
        (p) => point.protocols.get(p)?.get('shared') === '1' && !(running[p].ok && running[p].value === false),
      );
    const afpGuest = points.some((point) => offeredOver(point).includes('afp'))
      ? await guestSwitch(host, 'afp')
      : undefined;
    shares = points
      .filter((point) => offeredOver(point).length > 0)
      .map((point) => toShare(point, offeredOver(point), { smb: smbGuest, afp: afpGuest }, unknown));
  } else if (!sharing.ok) unknown.shares = sharing.reason;
  else if (sharing.value.exitCode === 0)
    unknown.shares = `${MACOS_TOOL.sharing} -l printed no share point list this version can read`;
  else
    unknown.shares =
      `${refused(MACOS_TOOL.sharing, ['-l'], sharing.value)}` +
      `${host.elevated ? '' : ' (it may need admin: run again with sudo)'}`;

  let nfsExports: OpenSharesFacts['nfsExports'] = null;
  if (exportsFile.status === 'missing') nfsExports = [];
  else if (exportsFile.status === 'ok' && exportsFile.text.split('\n').every((l) => /^\s*(#.*)?$/.test(l)))
    nfsExports = [];
  else
    unknown.nfsExports =
      exportsFile.status === 'ok'
        ? `${EXPORTS} has exports in the macOS (BSD) format, which this version does not read yet`
        : `${EXPORTS}: ${describeFailure(exportsFile)}`;

  const facts: OpenSharesFacts = {
    smbServerInstalled: take('smbServerInstalled', smbd),
    smbServerRunning: take('smbServerRunning', running.smb),
    shares,
    adminShares: null,
    userShares: [],
    smb1Enabled: null,
    guestLogonAllowed: take('guestLogonAllowed', smbGuest),
    userSharesAllowGuests: null,
    nfsServerInstalled: take('nfsServerInstalled', nfsd),
    nfsExports,
  };
  return { facts, unknown };
};

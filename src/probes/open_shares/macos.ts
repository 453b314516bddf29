import { describeFailure } from '../../host/types.js';
import { exists, launchdOverrides, readDefault, runningPrograms, type Answer } from '../macos/commands.js';
import { REASON, type Collector } from '../types.js';
import type { OpenSharesFacts } from './index.js';

const SMBD = '/usr/sbin/smbd';
const NFSD = '/sbin/nfsd';
const EXPORTS = '/etc/exports';
const SMB_SERVER_PREFS = '/Library/Preferences/SystemConfiguration/com.apple.smb.server';

export const collectMacos: Collector<OpenSharesFacts> = async (host) => {
  const [smbd, overrides, procs, guest, nfsd, exportsFile] = await Promise.all([
    exists(host, SMBD),
    launchdOverrides(host),
    runningPrograms(host),
    readDefault(host, SMB_SERVER_PREFS, 'AllowGuestAccess'),
    exists(host, NFSD),
    host.readFile(EXPORTS),
  ]);
  const unknown: Record<string, string> = {
    shares: 'the shared folders of File Sharing are listed by `sharing -l`, which this version does not read yet',
    smb1Enabled: 'not read on macOS',
    adminShares: REASON.notOnThisOs,
    userSharesAllowGuests: REASON.notOnThisOs,
  };
  const take = <T>(key: string, a: Answer<T>): T | null => {
    if (a.ok) return a.value;
    unknown[key] = a.reason;
    return null;
  };

  // File Sharing switched on writes the launchd override "enabled" for smbd; launchd then starts
  // it for each connection, so a server that is on may have no process at this moment.
  const fileSharingOn: Answer<boolean> = overrides.ok && overrides.value.get('com.apple.smbd') === false ? { ok: true, value: true } : procs.ok && procs.value.has('smbd') ? { ok: true, value: true } : !overrides.ok ? overrides : !procs.ok ? procs : { ok: true, value: false };

  const guestAccess: Answer<boolean> = guest.ok
    ? guest.value === null
      ? { ok: false, reason: `${SMB_SERVER_PREFS} AllowGuestAccess is not set: the release's default applies` }
      : { ok: true, value: guest.value !== '0' }
    : guest;

  let nfsExports: OpenSharesFacts['nfsExports'] = null;
  if (exportsFile.status === 'missing') nfsExports = [];
  else if (exportsFile.status === 'ok' && exportsFile.text.split('\n').every((l) => /^\s*(#.*)?$/.test(l))) nfsExports = [];
  else unknown.nfsExports = exportsFile.status === 'ok' ? `${EXPORTS} has exports in the macOS (BSD) format, which this version does not read yet` : `${EXPORTS}: ${describeFailure(exportsFile)}`;

  const facts: OpenSharesFacts = {
    smbServerInstalled: take('smbServerInstalled', smbd),
    smbServerRunning: take('smbServerRunning', fileSharingOn),
    shares: null,
    adminShares: null,
    userShares: [],
    smb1Enabled: null,
    guestLogonAllowed: take('guestLogonAllowed', guestAccess),
    userSharesAllowGuests: null,
    nfsServerInstalled: take('nfsServerInstalled', nfsd),
    nfsExports,
  };
  return { facts, unknown };
};

import { describeFailure, type Host } from '../../host/types.js';
import { firstExisting, runFirstFound } from '../tools.js';
import { answerTaker, REASON, type Answer, type ProbeOutput } from '../types.js';
import type { OpenSharesFacts } from './facts.js';
import {
  incompleteVerboseDump,
  parseExports,
  parseTestparmDump,
  parseUsershareFile,
  sambaConfigFromDump,
  type NfsExport,
  type SambaConfig,
  type SambaShare,
} from './parse.js';

const TESTPARM = ['/usr/bin/testparm', '/usr/sbin/testparm', '/usr/local/samba/bin/testparm'];
const SMBD = ['/usr/sbin/smbd', '/usr/bin/smbd', '/usr/local/samba/sbin/smbd'];
// exportfs comes with the kernel NFS server (nfs-kernel-server; nfs-utils on Red Hat and SUSE).
const EXPORTFS = ['/usr/sbin/exportfs', '/sbin/exportfs'];
const SMB_CONF = '/etc/samba/smb.conf';

const failureReason = (what: string, result: Parameters<typeof describeFailure>[0]) =>
  result.status === 'denied' ? `${what}: ${REASON.needsRoot}` : `${what}: ${describeFailure(result)}`;

/**
 * The Samba configuration as testparm resolves it (includes, defaults); null when there is none. testparm
 * starts at once, beside the probe's other reads: it is the probe's slowest step.
 */
async function readSambaConfig(host: Host, smbdFound: Promise<boolean>): Promise<Answer<SambaConfig | null>> {
  // -v prints defaults too: whether SMB1 is on by default changed in Samba 4.11.
  const { result } = await runFirstFound(host, TESTPARM, ['-s', '-v', '--suppress-prompt', { path: SMB_CONF }]);
  const smbdInstalled = await smbdFound;
  if (result.status === 'missing') {
    return smbdInstalled
      ? {
          ok: false,
          reason: 'testparm not installed (package samba-common-bin), so the Samba configuration cannot be read',
        }
      : { ok: true, value: null };
  }
  if (result.status !== 'exited') return { ok: false, reason: `testparm: ${describeFailure(result)}` };
  if (result.exitCode === 0) {
    const sections = parseTestparmDump(result.stdout);
    const incomplete = incompleteVerboseDump(sections);
    return incomplete ? { ok: false, reason: incomplete } : { ok: true, value: sambaConfigFromDump(sections) };
  }
  // testparm says "Error loading services." both when smb.conf is missing and when it is unreadable.
  const conf = await host.readFile(SMB_CONF);
  // Without the server nothing is shared, whatever testparm thinks of a configuration that is not there.
  if (conf.status === 'missing' && !smbdInstalled) return { ok: true, value: null };
  if (conf.status !== 'ok' && conf.status !== 'missing') return { ok: false, reason: failureReason(SMB_CONF, conf) };
  // With smbd installed a failed testparm is never "no shares": smbd may be started with another file.
  const said =
    result.stderr.trim().split('\n').at(-1) ||
    result.stdout.trim().split('\n').at(-1) ||
    `exit code ${result.exitCode}`;
  return { ok: false, reason: `testparm could not load ${SMB_CONF} (exit code ${result.exitCode}): ${said}` };
}

async function readUserShares(host: Host, config: SambaConfig): Promise<Answer<SambaShare[]>> {
  if (config.userShareMax <= 0 || !config.usersharePath) return { ok: true, value: [] };
  const dir = await host.listDir(config.usersharePath);
  if (dir.status === 'missing') return { ok: true, value: [] };
  if (dir.status !== 'ok') return { ok: false, reason: failureReason(`usershare folder ${config.usersharePath}`, dir) };
  const shares: SambaShare[] = [];
  for (const name of dir.entries.filter((e) => !e.startsWith('.'))) {
    const file = await host.readFile(`${config.usersharePath}/${name}`);
    if (file.status !== 'ok')
      return { ok: false, reason: failureReason(`usershare ${config.usersharePath}/${name}`, file) };
    const share = parseUsershareFile(file.text, name, config.userSharesAllowGuests);
    if (share) shares.push(share);
  }
  return { ok: true, value: shares };
}

/** smbd writes its pid file in the pid directory; the process must still be smbd (the file can outlive it). */
async function smbdRunning(host: Host, pidDirectory: string): Promise<Answer<boolean>> {
  const pidFile = await host.readFile(`${pidDirectory}/smbd.pid`);
  if (pidFile.status === 'missing') return { ok: true, value: false };
  if (pidFile.status !== 'ok') return { ok: false, reason: failureReason(`${pidDirectory}/smbd.pid`, pidFile) };
  const pid = Number.parseInt(pidFile.text.trim(), 10);
  if (!Number.isInteger(pid) || pid <= 0)
    return { ok: false, reason: `${pidDirectory}/smbd.pid holds no process number` };
  const comm = await host.readFile(`/proc/${pid}/comm`);
  if (comm.status === 'ok') return { ok: true, value: comm.text.trim() === 'smbd' };
  // A stale pid file, or /proc mounted with hidepid so other users' processes are hidden.
  if (comm.status === 'missing' && host.elevated) return { ok: true, value: false };
  return { ok: false, reason: `cannot see process ${pid} named in ${pidDirectory}/smbd.pid: ${REASON.needsRoot}` };
}

async function readNfsExports(host: Host): Promise<Answer<NfsExport[]>> {
  const [main, dir] = await Promise.all([host.readFile('/etc/exports'), host.listDir('/etc/exports.d')]);
  if (main.status !== 'ok' && main.status !== 'missing')
    return { ok: false, reason: failureReason('/etc/exports', main) };
  if (dir.status !== 'ok' && dir.status !== 'missing')
    return { ok: false, reason: failureReason('/etc/exports.d', dir) };
  const exports = main.status === 'ok' ? parseExports(main.text) : [];
  // exportfs reads only the *.exports files of the folder.
  for (const name of dir.status === 'ok' ? dir.entries.filter((e) => e.endsWith('.exports')) : []) {
    const file = await host.readFile(`/etc/exports.d/${name}`);
    if (file.status !== 'ok') return { ok: false, reason: failureReason(`/etc/exports.d/${name}`, file) };
    exports.push(...parseExports(file.text));
  }
  return { ok: true, value: exports };
}

export async function collectLinux(host: Host): Promise<ProbeOutput<OpenSharesFacts>> {
  const unknown: Record<string, string> = {};
  const take = answerTaker(unknown);
  const smbdFound = firstExisting(host, SMBD);
  const [smbd, exportfs, nfs, samba] = await Promise.all([
    smbdFound,
    firstExisting(host, EXPORTFS),
    readNfsExports(host),
    readSambaConfig(
      host,
      smbdFound.then((found) => found !== null),
    ),
  ]);
  const smbServerInstalled = smbd !== null;

  const facts: OpenSharesFacts = {
    smbServerInstalled,
    smbServerRunning: null,
    shares: null,
    adminShares: null,
    userShares: null,
    smb1Enabled: null,
    guestLogonAllowed: null,
    userSharesAllowGuests: null,
    nfsServerInstalled: exportfs !== null,
    nfsExports:
      take('nfsExports', nfs)?.map(({ path, client, worldOpen, writable, insecure }) => ({
        path,
        client,
        worldOpen,
        writable,
        insecure,
      })) ?? null,
  };
  unknown.adminShares = REASON.notOnThisOs;

  if (!samba.ok) {
    for (const fact of ['shares', 'userShares', 'smb1Enabled', 'guestLogonAllowed', 'userSharesAllowGuests'])
      unknown[fact] = samba.reason;
  } else if (samba.value === null) {
    // No Samba configuration at all: smbd will not start without one, so it offers nothing.
    Object.assign(facts, {
      shares: [],
      userShares: [],
      smb1Enabled: false,
      guestLogonAllowed: false,
      userSharesAllowGuests: false,
    });
  } else {
    const config = samba.value;
    facts.shares = config.shares;
    for (const share of config.shares.filter((s) => s.path === null)) {
      unknown[`shares[${share.name}].path`] =
        share.name.toLowerCase() === 'homes' ? "each user's own home folder" : 'no path set in smb.conf';
    }
    facts.guestLogonAllowed = config.guestLogonAllowed;
    facts.userSharesAllowGuests = config.userShareMax > 0 && config.userSharesAllowGuests;
    facts.smb1Enabled = config.smb1Enabled;
    if (config.smb1Enabled === null) {
      unknown.smb1Enabled = config.minProtocol
        ? `unrecognised server min protocol "${config.minProtocol}"`
        : 'testparm did not print the server min protocol';
    }
    facts.userShares = take('userShares', await readUserShares(host, config));
  }

  if (!smbServerInstalled || (samba.ok && samba.value === null)) {
    facts.smbServerRunning = false;
  } else {
    const pidDirectory = samba.ok ? samba.value!.pidDirectory : null;
    const running: Answer<boolean> = pidDirectory
      ? await smbdRunning(host, pidDirectory)
      : { ok: false, reason: 'testparm could not tell where smbd keeps its pid file' };
    facts.smbServerRunning = take('smbServerRunning', running);
  }
  return { facts, unknown };
}

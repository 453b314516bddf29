import type { Host } from '../../host/types.js';
import { unitStateStartsAtBoot } from '../linux/parse.js';
import { systemUnitStates } from '../linux/systemd.js';
import { firstExisting, readFiles, runFirstFound, unreadable } from '../tools.js';
import { REASON, type CollectOptions, type Collector } from '../types.js';
import { type LogsKeptFacts, noLogFacts } from './facts.js';
import { daysBetween, journaldSettings, oldestJournalEntry, systemdSizeMB, systemdTimeSpanSeconds } from './parse.js';

const JOURNALCTL = ['/usr/bin/journalctl', '/bin/journalctl'];
const JOURNALD_CONF = '/etc/systemd/journald.conf';
/** Drop-in folders by precedence: a file in an earlier one hides the same name in later ones. */
const DROP_IN_DIRS = [
  '/etc/systemd/journald.conf.d',
  '/run/systemd/journald.conf.d',
  '/usr/local/lib/systemd/journald.conf.d',
  '/usr/lib/systemd/journald.conf.d',
];
const PERSISTENT_JOURNAL = '/var/log/journal';
const SYSLOG_DAEMONS = ['/usr/sbin/rsyslogd', '/usr/sbin/syslog-ng', '/sbin/syslogd', '/usr/sbin/syslogd'];
/** Their units (rsyslog, syslog-ng, sysklogd, inetutils, busybox): a daemon writes files only when one starts. */
const SYSLOG_UNITS = [
  'rsyslog.service',
  'syslog-ng.service',
  'syslogd.service',
  'inetutils-syslogd.service',
  'busybox-syslogd.service',
];
/** A file of the runtime journal (`journalctl --header` prints it under --root's folder). */
const RUNTIME_JOURNAL_FILE = /\/run\/log\/journal\/[^/]+\/[^/]+$/;
/** The sign-in logs of Debian-like (auth.log) and Red Hat-like (secure) systems, rotated as NAME.1, NAME.2.gz … */
const AUTH_LOG = /^(auth\.log|secure)([.-]\d+(\.gz)?)?$/;
const DAY_SECONDS = 86_400;
const PROC_STAT = '/proc/stat';

/** journald.conf and its drop-ins (sorted by file name, each name from the first folder that has it), or why not. */
async function journaldConfig(host: Host): Promise<{ settings: Map<string, string> } | { reason: string }> {
  const byName = new Map<string, string>();
  for (const dir of DROP_IN_DIRS) {
    const listed = await host.listDir(dir);
    if (listed.status === 'missing') continue;
    if (listed.status !== 'ok') return { reason: unreadable(host, dir, listed) };
    for (const name of listed.entries)
      if (name.endsWith('.conf') && !byName.has(name)) byName.set(name, `${dir}/${name}`);
  }
  const dropIns = [...byName.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, path]) => path);
  const { files, failures } = await readFiles(host, [JOURNALD_CONF, ...dropIns]);
  if (failures.length > 0) return { reason: `cannot read ${failures.join(', ')}` };
  const ordered = [JOURNALD_CONF, ...dropIns].flatMap((p) => files.filter((f) => f.path === p).map((f) => f.text));
  return { settings: journaldSettings(ordered) };
}

/** `journalctl --header`: a block for each journal file (persistent and runtime); or why not. */
async function journalHeader(host: Host): Promise<{ header: string } | { reason: string }> {
  const { result } = await runFirstFound(host, JOURNALCTL, ['--root', { path: '/' }, '--header', '--no-pager']);
  if (result.status === 'missing') return { header: '' };
  if (result.status !== 'exited') return { reason: `journalctl --header: ${result.status}` };
  if (/insufficient permissions/.test(result.stderr))
    return { reason: host.elevated ? 'journalctl: insufficient permissions' : REASON.needsRoot };
  if (result.exitCode !== 0)
    return {
      reason: `journalctl --header failed: ${result.stderr.trim().split('\n')[0] || `exit code ${result.exitCode}`}`,
    };
  return { header: result.stdout };
}

/** The time the running kernel booted (/proc/stat's btime), or why it cannot be told. */
async function bootTime(host: Host): Promise<{ at: number } | { reason: string }> {
  const stat = await host.readFile(PROC_STAT);
  if (stat.status !== 'ok') return { reason: unreadable(host, PROC_STAT, stat) };
  const btime = /^btime (\d+)$/m.exec(stat.text);
  return btime ? { at: Number(btime[1]) * 1000 } : { reason: `${PROC_STAT} gives no boot time` };
}

/**
 * A lower bound for how far the sign-in log of a syslog daemon reaches: the time the oldest rotated file
 * was last written (its entries are older still). It counts only while the daemon writes sign-ins: the session the
 * scan runs in signed in since the boot, so a newest file last written before the boot was left by a daemon that no
 * longer logs them (its rules changed).
 */
async function authLogOldest(host: Host): Promise<{ oldest: Date | null; file: string | null } | { reason: string }> {
  const listed = await host.listDir('/var/log');
  if (listed.status === 'missing') return { oldest: null, file: null };
  if (listed.status !== 'ok') return { reason: unreadable(host, '/var/log', listed) };
  let oldest: { at: number; file: string } | null = null;
  let newest = 0;
  for (const name of listed.entries.filter((n) => AUTH_LOG.test(n))) {
    const stat = await host.stat(`/var/log/${name}`);
    if (stat.status !== 'ok' || stat.kind !== 'file') continue;
    if (!oldest || stat.mtimeMs < oldest.at) oldest = { at: stat.mtimeMs, file: `/var/log/${name}` };
    newest = Math.max(newest, stat.mtimeMs);
  }
  if (!oldest) return { oldest: null, file: null };
  const boot = await bootTime(host);
  if ('reason' in boot) return { reason: `whether the sign-in log is still written cannot be told: ${boot.reason}` };
  if (newest < boot.at) return { oldest: null, file: null };
  return { oldest: new Date(oldest.at), file: oldest.file };
}

/** Whether a syslog daemon starts at boot (its files grow now), or why that cannot be told. */
async function syslogStarts(
  host: Host,
  units: ReturnType<typeof systemUnitStates>,
): Promise<{ starts: boolean } | { reason: string }> {
  if (!(await firstExisting(host, SYSLOG_DAEMONS))) return { starts: false };
  const states = await units;
  if (!states.ok) return { reason: `a syslog daemon is installed, but whether it starts: ${states.reason}` };
  return { starts: [...states.value].some(([unit, state]) => unitStateStartsAtBoot(unit, state)) };
}

export const collectLinux: Collector<LogsKeptFacts> = async (host, options?: CollectOptions) => {
  const now = options?.now ?? new Date();
  const unknown: Record<string, string> = {};
  const facts: LogsKeptFacts = { ...noLogFacts(), whenFull: 'overwrite' };
  unknown.logonEventsLogged = REASON.notOnThisOs;

  // Asked before anything is awaited: the probes' questions to systemd then share one systemctl.
  const units = systemUnitStates(host, SYSLOG_UNITS);
  // journalctl started first: it runs beside the reading of the configuration instead of after it.
  const [header, config, syslog] = await Promise.all([
    journalHeader(host),
    journaldConfig(host),
    syslogStarts(host, units),
  ]);
  // Old files prove only the past: a journal counts as far as journald keeps it now (a persistent journal left
  // from before Storage=volatile or none is not kept), an auth.log only while a syslog daemon starts at boot.
  let journal: { oldest: Date | null } | { reason: string } = 'reason' in header ? header : { oldest: null };
  if ('reason' in config) {
    for (const key of ['persistent', 'maxSizeMB', 'retentionLimitDays']) unknown[key] = config.reason;
    if ('header' in header) journal = { reason: `which journal files journald keeps cannot be told: ${config.reason}` };
  } else {
    const storage = config.settings.get('Storage') ?? 'auto';
    const journalDir = await host.stat(PERSISTENT_JOURNAL);
    const journalOnDisk = storage === 'persistent' || (storage === 'auto' && journalDir.status === 'ok');
    if ('header' in header) {
      const kept = (file: string) => journalOnDisk || (storage !== 'none' && RUNTIME_JOURNAL_FILE.test(file));
      journal = { oldest: oldestJournalEntry(header.header, kept) };
    }
    if ('starts' in syslog) facts.persistent = journalOnDisk || syslog.starts;
    else if (journalOnDisk) facts.persistent = true;
    else unknown.persistent = syslog.reason;
    const size = config.settings.get(journalOnDisk ? 'SystemMaxUse' : 'RuntimeMaxUse');
    facts.maxSizeMB = size ? systemdSizeMB(size) : null;
    if (facts.maxSizeMB === null)
      unknown.maxSizeMB = size
        ? `journald.conf sets an unreadable size: ${size}`
        : "not set: journald's default, 10% of the file system (at most 4 GB)";
    const retention = config.settings.get('MaxRetentionSec');
    const seconds = retention ? systemdTimeSpanSeconds(retention) : 0;
    facts.retentionLimitDays = seconds === null ? null : Math.floor(seconds / DAY_SECONDS);
    if (seconds === null) unknown.retentionLimitDays = `journald.conf sets an unreadable MaxRetentionSec: ${retention}`;
  }

  const auth = 'reason' in syslog ? syslog : syslog.starts ? await authLogOldest(host) : { oldest: null, file: null };
  const sources = [
    'oldest' in journal && journal.oldest ? { at: journal.oldest, by: 'the systemd journal' } : null,
    'oldest' in auth && auth.oldest
      ? { at: auth.oldest, by: `${auth.file} (last written; its entries are older)` }
      : null,
  ].filter((s) => s !== null);
  const oldest = sources.sort((a, b) => a.at.getTime() - b.at.getTime())[0];
  const failed = [journal, auth].find((r) => 'reason' in r);
  if (oldest) {
    facts.oldestEntry = oldest.at.toISOString();
    facts.coveredDays = daysBetween(oldest.at, now);
    facts.coveredBy = oldest.by;
  } else {
    const reason =
      failed && 'reason' in failed ? failed.reason : 'no log entries found (no journal and no sign-in log)';
    for (const key of ['oldestEntry', 'coveredDays', 'coveredBy']) unknown[key] = reason;
  }
  return { facts, unknown };
};

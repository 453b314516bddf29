import { describeFailure, type Host } from '../../host/types.js';
import {
  type ConfigFile,
  effectiveExecStart,
  hasLoginShell,
  isHumanAccount,
  type PasswdEntry,
  parseGroup,
  parseLoginDefsUidMin,
  parsePasswd,
} from '../linux/parse.js';
import { LOGIN_SERVICES, pamStacks, refusesEveryone } from '../linux/pam.js';
import { listUnitDirs, type UnitNames, unitFilePaths } from '../linux/unit-files.js';
import { readFiles, runFirstFound } from '../tools.js';
import { REASON, type ProbeOutput } from '../types.js';
import { hashesAreCommon } from './common-password.js';
import type { LoginPasswordFacts } from './facts.js';
import {
  classifyPasswordField,
  gettyAutoLoginUser,
  letsInWithoutPassword,
  type LoginAccount,
  parseGdmAutoLogin,
  parseGreetdAutoLogin,
  parseLightdmAutoLogin,
  parseLxdmAutoLogin,
  parsePasswdStatus,
  parseSddmAutoLogin,
  parseShadow,
  type PasswordState,
  type SourcedAutoLogin,
} from './parse.js';

type Account = NonNullable<LoginPasswordFacts['accounts']>[number];
/** An account as read, with its password hash when root could read it (never leaves the collector). */
type ReadAccount = Account & { hash: string | null; entry: PasswdEntry };
type AutoLoginFacts = LoginPasswordFacts['autoLogin'];

// useradd's own default when /etc/login.defs does not say.
const DEFAULT_UID_MIN = 1000;

export async function collectLinux(host: Host): Promise<ProbeOutput<LoginPasswordFacts>> {
  const unknown: Record<string, string> = {};
  const [read, autoLogin] = await Promise.all([collectAccounts(host, unknown), collectAutoLogin(host, unknown)]);
  unknown.guestEnabled = unknown.builtinAdminEnabled = REASON.notOnThisOs;
  let commonPasswords: LoginPasswordFacts['commonPasswords'] = null;
  if (read) {
    await passwordlessLogins(host, read, unknown);
    commonPasswords = await checkCommonPasswords(host, read, unknown);
  } else unknown.commonPasswords = unknown.accounts ?? 'the account list could not be read';
  const accounts = read?.map(({ hash: _, entry: __, ...account }) => account) ?? null;
  return { facts: { accounts, commonPasswords, autoLogin, guestEnabled: null, builtinAdminEnabled: null }, unknown };
}

type CheckedAccount = NonNullable<LoginPasswordFacts['commonPasswords']>[number] & { reason?: string };

/**
 * Each account's hash compared with the common passwords. Computed on the PC only: a --record bundle keeps
 * the outcome (true/false or the reason per account), never the hashes (see `derive`), and replays it.
 */
async function checkCommonPasswords(
  host: Host,
  accounts: ReadAccount[],
  unknown: Record<string, string>,
): Promise<LoginPasswordFacts['commonPasswords']> {
  const checked = await host.derive('login_password.commonPasswords', async () => {
    const hashed = accounts.flatMap((a) => (a.hash === null ? [] : [{ name: a.name ?? '', hash: a.hash }]));
    const answers = new Map(hashesAreCommon(hashed).map((answer, i) => [hashed[i]!.name, answer]));
    return accounts.map((account): CheckedAccount => {
      const name = account.name ?? '';
      if (account.password === 'locked' || account.password === 'empty') return { name, common: false, tries: 0 };
      if (account.password === null)
        return { name, common: null, tries: 0, reason: unknown[`accounts[${name}].password`] ?? REASON.needsRoot };
      const answer = answers.get(name);
      if (!answer) return { name, common: null, tries: 0, reason: REASON.needsRoot };
      return answer.ok
        ? { name, common: answer.value, tries: 0 }
        : { name, common: null, tries: 0, reason: answer.reason };
    });
  });
  return checked.map(({ reason, ...account }) => {
    if (reason !== undefined) unknown[`commonPasswords[${account.name}].common`] = reason;
    return account;
  });
}

/** What is known about password hashes: all of /etc/shadow (root), or `passwd -S` of the scan's own user. */
type PasswordSource =
  | { kind: 'shadow'; fields: Map<string, string> }
  | { kind: 'own-status'; state: PasswordState | null; reason: string }
  | { kind: 'none'; reason: string };

async function readPasswordSource(host: Host): Promise<PasswordSource> {
  if (host.elevated) {
    const shadow = await host.readFile('/etc/shadow');
    if (shadow.status !== 'ok') return { kind: 'none', reason: `/etc/shadow: ${describeFailure(shadow)}` };
    return { kind: 'shadow', fields: parseShadow(shadow.text) };
  }
  // Without root only one's own status can be asked: passwd is setuid and answers for the caller alone.
  const name = host.user.name;
  const { result } = await runFirstFound(host, ['/usr/bin/passwd', '/bin/passwd'], ['-S', name]);
  if (result.status === 'missing') return { kind: 'own-status', state: null, reason: 'passwd not installed' };
  if (result.status !== 'exited')
    return { kind: 'own-status', state: null, reason: `passwd -S: ${describeFailure(result)}` };
  if (result.exitCode !== 0) {
    const message = result.stderr.trim().split('\n')[0] || `exit code ${result.exitCode}`;
    return { kind: 'own-status', state: null, reason: `passwd -S failed: ${message}` };
  }
  const state = parsePasswdStatus(result.stdout, name);
  return { kind: 'own-status', state, reason: state ? '' : 'passwd -S printed an unexpected status line' };
}

async function collectAccounts(host: Host, unknown: Record<string, string>): Promise<ReadAccount[] | null> {
  const [passwd, loginDefs, source] = await Promise.all([
    host.readFile('/etc/passwd'),
    host.readFile('/etc/login.defs'),
    readPasswordSource(host),
  ]);
  if (passwd.status !== 'ok') {
    unknown.accounts = `/etc/passwd: ${describeFailure(passwd)}`;
    return null;
  }
  const entries = parsePasswd(passwd.text);
  // Every Linux lists root: without it the file is garbled or not passwd(5), and an empty list would pass
  // every account rule.
  if (!entries.some((entry) => entry.uid === 0)) {
    unknown.accounts = '/etc/passwd has no entry for root (uid 0): not an account list shop-audit can read';
    return null;
  }
  const uidMin = (loginDefs.status === 'ok' ? parseLoginDefsUidMin(loginDefs.text) : null) ?? DEFAULT_UID_MIN;

  // UID_MIN only sorts people from services when accounts are made: login, gdm and sshd never look at it. An account
  // below it with a login shell (`useradd -r -s /bin/bash`) that a password opens is listed too; a locked one is not.
  const listed = entries.filter((entry) => isHumanAccount(entry, uidMin) || hasLoginShell(entry));
  const opened = (entry: PasswdEntry, account: ReadAccount) =>
    isHumanAccount(entry, uidMin) || account.password !== 'locked';
  return listed
    .map((entry) => {
      const account: ReadAccount = {
        name: entry.name,
        builtin: entry.uid === 0 ? 'admin' : 'none',
        password: null,
        hash: null,
        entry,
      };
      const reason = (text: string) => {
        unknown[`accounts[${entry.name}].password`] = text;
      };
      const fromField = (field: string) => {
        account.password = classifyPasswordField(field);
        if (account.password === 'set') account.hash = field;
      };
      // Anything but `x` in /etc/passwd is the hash itself (or empty), readable without root.
      if (entry.password !== 'x') fromField(entry.password);
      else if (source.kind === 'shadow') {
        const field = source.fields.get(entry.name);
        if (field === undefined) reason('no entry in /etc/shadow');
        else fromField(field);
      } else if (source.kind === 'none') reason(source.reason);
      else if (entry.name !== host.user.name) reason(REASON.needsRoot);
      else if (source.state) account.password = source.state;
      else reason(source.reason);
      return account;
    })
    .filter((account) => opened(account.entry, account));
}

/**
 * Accounts that a login's PAM stack lets in without their password (`auth sufficient pam_succeed_if.so user ingroup
 * nopasswdlogin` in a login screen's stack, a pam_permit): for them the password asks nothing, as if it were empty.
 */
async function passwordlessLogins(host: Host, accounts: ReadAccount[], unknown: Record<string, string>) {
  const withPassword = accounts.filter((a) => a.password === 'set' || a.password === 'locked');
  if (withPassword.length === 0) return;
  // Each service on its own: one whose file includes a missing file lets nobody in, and the others still count.
  const perService = await Promise.all(LOGIN_SERVICES.map((service) => pamStacks(host, 'auth', [service], [])));
  const noAnswer = (account: ReadAccount, why: string) => {
    account.password = null;
    account.hash = null;
    unknown[`accounts[${account.name}].password`] = why;
  };
  const unread = perService.find((s) => !s.ok && !refusesEveryone(s.reason));
  if (unread && !unread.ok) {
    for (const account of withPassword) noAnswer(account, `whether a login asks for the password: ${unread.reason}`);
    return;
  }
  const stacks = perService.flatMap((s) => (s.ok ? s.stacks : []));
  if (stacks.length === 0) return;
  // The groups an account is in decide pam_succeed_if's ingroup and notingroup: /etc/group is read only for them.
  const byGroup = stacks.some(({ lines }) =>
    lines.some((l) => l.module === 'pam_succeed_if.so' && l.args.some((a) => /^(?:not)?ingroup$/.test(a))),
  );
  const groups = byGroup ? await host.readFile('/etc/group') : null;
  if (groups && groups.status !== 'ok') {
    for (const account of withPassword)
      noAnswer(account, `whether a login asks for the password cannot be told: /etc/group: ${describeFailure(groups)}`);
    return;
  }
  const groupList = groups ? parseGroup(groups.text) : [];
  const loginAccount = (entry: PasswdEntry): LoginAccount => ({
    name: entry.name,
    uid: entry.uid,
    gid: entry.gid,
    shell: entry.shell,
    groups: new Set(groupList.filter((g) => g.gid === entry.gid || g.members.includes(entry.name)).map((g) => g.name)),
  });
  // The login services run as root: pam_succeed_if's use_uid asks about it, as getpwuid(0) finds it (the first uid 0).
  const rootEntry = accounts.find((a) => a.entry.uid === 0)?.entry;
  const caller = rootEntry ? loginAccount(rootEntry) : null;
  for (const account of withPassword) {
    const who = loginAccount(account.entry);
    let unsure: string | null = null;
    for (const { service, lines } of stacks) {
      const answer = letsInWithoutPassword(lines, who, service, caller);
      if (answer === true) {
        account.password = 'empty';
        account.hash = null;
        unsure = null;
        break;
      }
      if (answer !== false) unsure ??= `${service}'s PAM stack runs ${answer.unsure}`;
    }
    if (unsure) noAnswer(account, `whether a login asks for the password cannot be told: ${unsure}`);
  }
}

/** One display manager's answer: who it logs in automatically, or why its files could not be read. */
type DmAnswer = { autoLogin: SourcedAutoLogin | null; failures: string[] };

async function collectAutoLogin(host: Host, unknown: Record<string, string>): Promise<AutoLoginFacts> {
  const answers = await Promise.all([
    eachFile(host, ['/etc/gdm3/custom.conf', '/etc/gdm3/daemon.conf', '/etc/gdm/custom.conf'], parseGdmAutoLogin),
    // LightDM: its XDG system data folders (the default /usr/local/share:/usr/share, last read first,
    // so /usr/local/share overrides), the XDG config folder, then its own folder and file.
    merged(
      host,
      [
        '/usr/share/lightdm/lightdm.conf.d',
        '/usr/local/share/lightdm/lightdm.conf.d',
        '/etc/xdg/lightdm/lightdm.conf.d',
        '/etc/lightdm/lightdm.conf.d',
      ],
      '/etc/lightdm/lightdm.conf',
      parseLightdmAutoLogin,
    ),
    merged(host, ['/usr/lib/sddm/sddm.conf.d', '/etc/sddm.conf.d'], '/etc/sddm.conf', parseSddmAutoLogin),
    eachFile(host, ['/etc/lxdm/lxdm.conf'], parseLxdmAutoLogin),
    eachFile(host, ['/etc/greetd/config.toml'], parseGreetdAutoLogin),
    // Kept as the answer in a --record bundle, whose unit files keep no arguments (autostart's redactor).
    host.derive('login_password.gettyAutoLogin', () => gettyAutoLogin(host)),
  ]);
  // A file that could not be read might switch auto-login on (or, for merged files, off again).
  const on = answers.find((a) => a.autoLogin && a.failures.length === 0)?.autoLogin;
  // Linux display managers log in without a password, so none is ever stored for it.
  if (on) return { enabled: true, user: on.user, source: on.source, passwordStored: false };
  const failures = answers.flatMap((a) => a.failures);
  if (failures.length === 0) return { enabled: false, user: null, source: null, passwordStored: false };
  const reason = `cannot read ${failures.join(', ')}`;
  for (const key of ['autoLogin.enabled', 'autoLogin.user', 'autoLogin.source']) unknown[key] = reason;
  return { enabled: null, user: null, source: null, passwordStored: false };
}

/** Files read on their own (gdm, lxdm): the first one that turns auto-login on answers. */
async function eachFile(
  host: Host,
  paths: string[],
  parse: (text: string) => { user: string } | null,
): Promise<DmAnswer> {
  const { files, failures } = await readFiles(host, paths);
  for (const file of files) {
    const found = parse(file.text);
    if (found) return { autoLogin: { user: found.user, source: file.path }, failures: [] };
  }
  return { autoLogin: null, failures };
}

/** Drop-in folders (*.conf, by name) then the main file, merged in that order (lightdm, sddm). */
async function merged(
  host: Host,
  dirs: string[],
  main: string,
  parse: (files: ConfigFile[]) => SourcedAutoLogin | null,
): Promise<DmAnswer> {
  const listings = await Promise.all(dirs.map(async (dir) => ({ dir, listing: await host.listDir(dir) })));
  const failures: string[] = [];
  const paths: string[] = [];
  for (const { dir, listing } of listings) {
    if (listing.status === 'ok')
      paths.push(...listing.entries.filter((e) => e.endsWith('.conf')).map((e) => `${dir}/${e}`));
    else if (listing.status !== 'missing') failures.push(`${dir} (${describeFailure(listing)})`);
  }
  paths.push(main);
  const read = await readFiles(host, paths);
  return { autoLogin: parse(read.files), failures: [...failures, ...read.failures] };
}

// The consoles logind gives a login prompt (autovt@ttyN, an alias of getty@ttyN; NAutoVTs=6 by default).
const VIRTUAL_CONSOLES = ['tty1', 'tty2', 'tty3', 'tty4', 'tty5', 'tty6'];

/** A getty service instance and every name whose unit file or drop-ins apply to it. */
interface GettyUnit extends UnitNames {
  unit: string;
}

function gettyUnit(template: string, instance: string, aliases: string[] = []): GettyUnit {
  const names = [template, ...aliases];
  return {
    unit: `${template}@${instance}.service`,
    files: [...names.map((n) => `${n}@${instance}.service`), ...names.map((n) => `${n}@.service`)],
    dropInDirs: ['service.d', ...names.flatMap((n) => [`${n}@.service.d`, `${n}@${instance}.service.d`])],
  };
}

/**
 * `agetty --autologin USER` in a getty service, as systemd assembles it (unitFilePaths). Covers the virtual
 * consoles, every serial console that has a drop-in folder of its own, and the console getty of containers.
 */
async function gettyAutoLogin(live: Host): Promise<DmAnswer> {
  // getty@tty1 … getty@tty6 share one unit file and drop-in folders: each is read once.
  const reads = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    if (!reads.has(key)) reads.set(key, read());
    return reads.get(key) as Promise<T>;
  };
  const host: Host = {
    ...live,
    readFile: (path) => once(`read ${path}`, () => live.readFile(path)),
    stat: (path) => once(`stat ${path}`, () => live.stat(path)),
    listDir: (path) => once(`list ${path}`, () => live.listDir(path)),
  };
  const dirs = await listUnitDirs(live);
  const failures = [...dirs.failures];
  const serial = new Set(['ttyS0']);
  for (const names of dirs.entries.values()) {
    for (const name of names) {
      const instance = /^serial-getty@(.+)\.service(?:\.d)?$/.exec(name)?.[1];
      if (instance) serial.add(instance);
    }
  }
  const units = [
    ...VIRTUAL_CONSOLES.map((tty) => gettyUnit('getty', tty, ['autovt'])),
    ...[...serial].map((tty) => gettyUnit('serial-getty', tty)),
    {
      unit: 'console-getty.service',
      files: ['console-getty.service'],
      dropInDirs: ['service.d', 'console-getty.service.d'],
    },
  ];
  for (const unit of units) {
    const found = await unitFilePaths(host, dirs, unit);
    failures.push(...found.failures);
    if (!found.paths) continue;
    const read = await readFiles(host, found.paths);
    failures.push(...read.failures);
    const exec = effectiveExecStart(read.files);
    const user = exec ? gettyAutoLoginUser(exec.command) : null;
    if (user && read.failures.length === 0)
      return { autoLogin: { user, source: `${exec!.source} (${unit.unit})` }, failures: [] };
  }
  return { autoLogin: null, failures };
}

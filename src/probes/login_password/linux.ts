import { describeFailure, type Host } from '../../host/types.js';
import { readFiles, runFirstFound } from '../tools.js';
import { REASON, type ProbeOutput } from '../types.js';
import type { LoginPasswordFacts } from './facts.js';
import {
  classifyPasswordField,
  isHumanAccount,
  parseGdmAutoLogin,
  parseLightdmAutoLogin,
  parseLoginDefsUidMin,
  parseLxdmAutoLogin,
  parsePasswd,
  parsePasswdStatus,
  parseSddmAutoLogin,
  parseShadow,
  type ConfigFile,
  type PasswordState,
  type SourcedAutoLogin,
} from './parse.js';

type Account = NonNullable<LoginPasswordFacts['accounts']>[number];
type AutoLoginFacts = LoginPasswordFacts['autoLogin'];

// useradd's own default when /etc/login.defs does not say.
const DEFAULT_UID_MIN = 1000;

export async function collectLinux(host: Host): Promise<ProbeOutput<LoginPasswordFacts>> {
  const unknown: Record<string, string> = {};
  const [accounts, autoLogin] = await Promise.all([collectAccounts(host, unknown), collectAutoLogin(host, unknown)]);
  unknown.guestEnabled = unknown.builtinAdminEnabled = REASON.notOnThisOs;
  return { facts: { accounts, autoLogin, guestEnabled: null, builtinAdminEnabled: null }, unknown };
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
  if (result.status !== 'exited') return { kind: 'own-status', state: null, reason: `passwd -S: ${describeFailure(result)}` };
  if (result.exitCode !== 0) {
    const message = result.stderr.trim().split('\n')[0] || `exit code ${result.exitCode}`;
    return { kind: 'own-status', state: null, reason: `passwd -S failed: ${message}` };
  }
  const state = parsePasswdStatus(result.stdout, name);
  return { kind: 'own-status', state, reason: state ? '' : 'passwd -S printed an unexpected status line' };
}

async function collectAccounts(host: Host, unknown: Record<string, string>): Promise<Account[] | null> {
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
  // Every Linux lists root: without it the file is garbled or not passwd(5), and an empty list would pass every account rule.
  if (!entries.some((entry) => entry.uid === 0)) {
    unknown.accounts = '/etc/passwd has no entry for root (uid 0): not an account list shop-audit can read';
    return null;
  }
  const uidMin = (loginDefs.status === 'ok' ? parseLoginDefsUidMin(loginDefs.text) : null) ?? DEFAULT_UID_MIN;

  return entries
    .filter((entry) => isHumanAccount(entry, uidMin))
    .map((entry) => {
      const account: Account = { name: entry.name, builtin: entry.uid === 0 ? 'admin' : 'none', password: null };
      const reason = (text: string) => {
        unknown[`accounts[${entry.name}].password`] = text;
      };
      // Anything but `x` in /etc/passwd is the hash itself (or empty), readable without root.
      if (entry.password !== 'x') account.password = classifyPasswordField(entry.password);
      else if (source.kind === 'shadow') {
        const field = source.fields.get(entry.name);
        if (field === undefined) reason('no entry in /etc/shadow');
        else account.password = classifyPasswordField(field);
      } else if (source.kind === 'none') reason(source.reason);
      else if (entry.name !== host.user.name) reason(REASON.needsRoot);
      else if (source.state) account.password = source.state;
      else reason(source.reason);
      return account;
    });
}

/** One display manager's answer: who it logs in automatically, or why its files could not be read. */
type DmAnswer = { autoLogin: SourcedAutoLogin | null; failures: string[] };

async function collectAutoLogin(host: Host, unknown: Record<string, string>): Promise<AutoLoginFacts> {
  const answers = await Promise.all([
    eachFile(host, ['/etc/gdm3/custom.conf', '/etc/gdm3/daemon.conf', '/etc/gdm/custom.conf'], parseGdmAutoLogin),
    merged(host, ['/usr/share/lightdm/lightdm.conf.d', '/etc/xdg/lightdm/lightdm.conf.d', '/etc/lightdm/lightdm.conf.d'], '/etc/lightdm/lightdm.conf', parseLightdmAutoLogin),
    merged(host, ['/usr/lib/sddm/sddm.conf.d', '/etc/sddm.conf.d'], '/etc/sddm.conf', parseSddmAutoLogin),
    eachFile(host, ['/etc/lxdm/lxdm.conf'], parseLxdmAutoLogin),
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
async function eachFile(host: Host, paths: string[], parse: (text: string) => { user: string } | null): Promise<DmAnswer> {
  const { files, failures } = await readFiles(host, paths);
  for (const file of files) {
    const found = parse(file.text);
    if (found) return { autoLogin: { user: found.user, source: file.path }, failures: [] };
  }
  return { autoLogin: null, failures };
}

/** Drop-in folders (*.conf, by name) then the main file, merged in that order (lightdm, sddm). */
async function merged(host: Host, dirs: string[], main: string, parse: (files: ConfigFile[]) => SourcedAutoLogin | null): Promise<DmAnswer> {
  const listings = await Promise.all(dirs.map(async (dir) => ({ dir, listing: await host.listDir(dir) })));
  const failures: string[] = [];
  const paths: string[] = [];
  for (const { dir, listing } of listings) {
    if (listing.status === 'ok') paths.push(...listing.entries.filter((e) => e.endsWith('.conf')).map((e) => `${dir}/${e}`));
    else if (listing.status !== 'missing') failures.push(`${dir} (${describeFailure(listing)})`);
  }
  paths.push(main);
  const read = await readFiles(host, paths);
  return { autoLogin: parse(read.files), failures: [...failures, ...read.failures] };
}

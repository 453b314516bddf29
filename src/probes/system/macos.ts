import type { Host } from '../../host/types.js';
import { MACOS_TOOL, refused, run } from '../macos/commands.js';
import { parseSwVers } from '../macos/parse.js';
import { hashMachineId, underSudo } from '../tools.js';
import { answerTaker, REASON, type Answer, type Collector } from '../types.js';
import type { SystemFacts } from './facts.js';
import {
  parseAppleLanguages,
  parseArm64Capability,
  parseConsoleOwnerUid,
  parseIdOutput,
  parseIoregPlatformUuid,
  parseProfilesEnrollment,
} from './macos-parse.js';

const ENROLLMENT_ARGS = ['status', '-type', 'enrollment'];
/** The platform device's properties, one level deep: where the hardware UUID is (no admin needed). */
const IOREG_PLATFORM_ARGS = ['-rd1', '-c', 'IOPlatformExpertDevice'];
export const IOREG_PLATFORM_COMMAND = [MACOS_TOOL.ioreg, ...IOREG_PLATFORM_ARGS].join(' ');

/** The account signed in at the screen, or why it cannot be told. */
async function consoleUser(host: Host): Promise<Answer<{ name: string; admin: boolean }>> {
  const statArgs = ['-f', '%u', '/dev/console'];
  const owner = await run(host, MACOS_TOOL.stat, statArgs);
  if (!owner.ok) return owner;
  const uid = owner.value.exitCode === 0 ? parseConsoleOwnerUid(owner.value.stdout) : null;
  if (uid === null) return { ok: false, reason: refused(MACOS_TOOL.stat, statArgs, owner.value) };
  if (uid === 0) return { ok: false, reason: 'nobody is signed in at the screen (the login window owns the console)' };
  const id = await run(host, MACOS_TOOL.id, [String(uid)]);
  if (!id.ok) return id;
  const account = id.value.exitCode === 0 ? parseIdOutput(id.value.stdout) : null;
  return account?.uid === uid
    ? { ok: true, value: account }
    : { ok: false, reason: refused(MACOS_TOOL.id, [String(uid)], id.value) };
}

export const collectMacos: Collector<SystemFacts> = async (host) => {
  const [swVers, kernel, hostname, languages, arm64, console, enrollment, platform] = await Promise.all([
    run(host, MACOS_TOOL.swVers, []),
    run(host, MACOS_TOOL.uname, ['-r']),
    run(host, MACOS_TOOL.hostname, []),
    run(host, MACOS_TOOL.defaults, ['read', '-g', 'AppleLanguages']),
    run(host, MACOS_TOOL.sysctl, ['hw.optional.arm64']),
    consoleUser(host),
    run(host, MACOS_TOOL.profiles, ENROLLMENT_ARGS),
    run(host, MACOS_TOOL.ioreg, IOREG_PLATFORM_ARGS),
  ]);
  const unknown: Record<string, string> = { windowsFactsFrom: REASON.notOnThisOs };
  const facts: SystemFacts = {
    hostname: null,
    osName: null,
    osVersion: null,
    osId: 'macos',
    kernel: null,
    displayLanguage: null,
    architecture: null,
    consoleUser: null,
    consoleUserAdmin: null,
    mdmEnrolled: null,
    mdmEnrolledViaDep: null,
    windowsFactsFrom: null,
    machineIdHash: null,
  };

  const versionReason = !swVers.ok ? swVers.reason : refused(MACOS_TOOL.swVers, [], swVers.value);
  const fields = swVers.ok && swVers.value.exitCode === 0 ? parseSwVers(swVers.value.stdout) : null;
  const product = fields?.get('ProductName');
  const version = fields?.get('ProductVersion');
  const build = fields?.get('BuildVersion');
  // A .0 release prints no patch number ("10.13"), which is the version as Apple names it.
  if (product && version) facts.osName = `${product} ${version}`;
  else unknown.osName = fields ? 'sw_vers printed no ProductName / ProductVersion' : versionReason;
  if (version) facts.osVersion = build ? `${version} (build ${build})` : version;
  else unknown.osVersion = fields ? 'sw_vers printed no ProductVersion' : versionReason;

  const firstLine = (r: typeof kernel, command: string, args: string[]): Answer<string> => {
    if (!r.ok) return r;
    const line = r.value.stdout.trim().split('\n')[0]?.trim();
    return r.value.exitCode === 0 && line
      ? { ok: true, value: line }
      : { ok: false, reason: refused(command, args, r.value) };
  };
  const take = answerTaker(unknown);
  const release = take('kernel', firstLine(kernel, MACOS_TOOL.uname, ['-r']));
  if (release) facts.kernel = `Darwin ${release}`;
  facts.hostname = take('hostname', firstLine(hostname, MACOS_TOOL.hostname, []));

  // The language setting read would be root's, not the desktop user's.
  if (underSudo(host)) unknown.displayLanguage = REASON.underSudo;
  else if (!languages.ok) unknown.displayLanguage = languages.reason;
  else {
    facts.displayLanguage = languages.value.exitCode === 0 ? parseAppleLanguages(languages.value.stdout) : null;
    if (facts.displayLanguage === null)
      unknown.displayLanguage = refused(MACOS_TOOL.defaults, ['read', '-g', 'AppleLanguages'], languages.value);
  }

  if (!arm64.ok) unknown.architecture = arm64.reason;
  else {
    facts.architecture = parseArm64Capability(arm64.value.exitCode, arm64.value.stdout, arm64.value.stderr);
    if (facts.architecture === null)
      unknown.architecture = refused(MACOS_TOOL.sysctl, ['hw.optional.arm64'], arm64.value);
  }
  if (console.ok) {
    facts.consoleUser = console.value.name;
    facts.consoleUserAdmin = console.value.admin;
  } else unknown.consoleUser = unknown.consoleUserAdmin = console.reason;

  // Asked as the user (public tools call it without sudo); a release without the `status` verb, or one that
  // refuses, leaves both unknown with its message.
  const mdm =
    enrollment.ok && enrollment.value.exitCode === 0 ? parseProfilesEnrollment(enrollment.value.stdout) : null;
  const mdmReason = !enrollment.ok
    ? enrollment.reason
    : refused(MACOS_TOOL.profiles, ENROLLMENT_ARGS, enrollment.value);
  if (mdm) {
    facts.mdmEnrolled = mdm.enrolled;
    facts.mdmEnrolledViaDep = mdm.viaDep;
    if (mdm.viaDep === null) unknown.mdmEnrolledViaDep = 'profiles printed no "Enrolled via DEP" line';
  } else unknown.mdmEnrolled = unknown.mdmEnrolledViaDep = mdmReason;

  // The hardware UUID, hashed: reports of the same Mac are matched by it, not by its name.
  const uuid = platform.ok && platform.value.exitCode === 0 ? parseIoregPlatformUuid(platform.value.stdout) : null;
  facts.machineIdHash = uuid === null ? null : hashMachineId(uuid);
  if (!platform.ok) unknown.machineIdHash = platform.reason;
  else if (platform.value.exitCode !== 0) {
    unknown.machineIdHash = refused(MACOS_TOOL.ioreg, IOREG_PLATFORM_ARGS, platform.value);
  } else if (uuid === null) unknown.machineIdHash = 'ioreg printed no IOPlatformUUID line';
  else if (facts.machineIdHash === null) unknown.machineIdHash = 'the IOPlatformUUID is all zeros: it names no Mac';
  return { facts, unknown };
};

import { type Collector, type ProbeOutput, unreadFacts } from '../types.js';
import { windowsAnswers } from '../windows/answers.js';
import { regNumber, type AnswerOf } from '../windows/document.js';
import { type AutorunFacts, facts as schema } from './facts.js';

const MACHINE_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer';
const USER_KEY = 'HKCU\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer';
const HANDLERS_KEY = 'HKCU\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\AutoplayHandlers';

/** NoDriveTypeAutoRun when no policy sets it (Windows XP to 11: unknown, network and reserved drive types only). */
export const DEFAULT_NO_DRIVE_TYPE_AUTORUN = 0x91;
/**
 * Every drive-type bit: removable 0x04, fixed 0x08 (USB hard disks), network 0x10, CD/DVD 0x20, RAM 0x40,
 * unknown 0x01/0x80.
 */
const ALL_DRIVE_TYPES = 0xff;
/** NoAutorun 1: "Set the default behavior for AutoRun" = "Do not execute any autorun commands". */
const NO_AUTORUN_COMMANDS = 1;

type ExplorerPolicy = AnswerOf<'autorunMachine'>;
const hex = (n: number) => `0x${n.toString(16).toUpperCase()}`;

/**
 * The AutoRun and AutoPlay settings Windows applies. A value under the machine's Policies\Explorer
 * key wins and the user's same value is then ignored; the user's AutoPlay switch
 * (AutoplayHandlers DisableAutoplay) turns AutoPlay off for that user only.
 */
export function effectiveAutorun(
  machine: ExplorerPolicy,
  user: ExplorerPolicy,
  handlers: AnswerOf<'autoplayHandlers'>,
): AutorunFacts {
  const pick = (name: 'NoDriveTypeAutoRun' | 'NoAutorun'): { value: number | null; from: string } => {
    const fromMachine = regNumber(machine?.[name]);
    if (fromMachine !== null) return { value: fromMachine, from: `${MACHINE_KEY} ${name}` };
    return { value: regNumber(user?.[name]), from: `${USER_KEY} ${name}` };
  };
  const types = pick('NoDriveTypeAutoRun');
  const mask = types.value ?? DEFAULT_NO_DRIVE_TYPE_AUTORUN;
  const maskSource =
    types.value === null
      ? `Windows default NoDriveTypeAutoRun ${hex(DEFAULT_NO_DRIVE_TYPE_AUTORUN)} (no policy)`
      : `${types.from} = ${hex(mask)}`;
  const everyDrive = (mask & ALL_DRIVE_TYPES) === ALL_DRIVE_TYPES;
  const noAutorun = pick('NoAutorun');
  const userSwitchOff = regNumber(handlers?.DisableAutoplay) === 1;
  let autorunSource = maskSource;
  if (!everyDrive && noAutorun.value === NO_AUTORUN_COMMANDS) autorunSource = `${noAutorun.from} = 1`;
  else if (!everyDrive) autorunSource = `${maskSource}; ${noAutorun.from} = ${noAutorun.value ?? 'unset'}`;
  return {
    autorunOff: everyDrive || noAutorun.value === NO_AUTORUN_COMMANDS,
    autorunSource,
    autoplayOff: everyDrive || userSwitchOff,
    autoplaySource: everyDrive
      ? maskSource
      : `${HANDLERS_KEY} DisableAutoplay = ${regNumber(handlers?.DisableAutoplay) ?? 'unset'}`,
    noDriveTypeAutoRun: mask,
  };
}

/** Every fact unknown for one reason. */
export function unknownAutorun(reason: string): ProbeOutput<AutorunFacts> {
  const facts: AutorunFacts = unreadFacts(schema);
  return { facts, unknown: Object.fromEntries(Object.keys(facts).map((k) => [k, reason])) };
}

export const collectWindows: Collector<AutorunFacts> = async (host, options) => {
  const a = await windowsAnswers(host, ['autorunMachine', 'autorunUser', 'autoplayHandlers'], options);
  const { autorunMachine: machine, autorunUser: user, autoplayHandlers: handlers } = a;
  if (machine.ok && user.ok && handlers.ok)
    return { facts: effectiveAutorun(machine.value, user.value, handlers.value), unknown: {}, readWith: a.readWith };
  return {
    ...unknownAutorun([machine, user, handlers].flatMap((x) => (x.ok ? [] : [x.reason]))[0]!),
    readWith: a.readWith,
  };
};

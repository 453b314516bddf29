import type { z } from 'zod';
import type { Host, OsName } from '../host/types.js';

export type Lang = 'en' | 'zh-CN';
export type LocalText = Record<Lang, string>;

/**
 * What a probe's collector returns. Every fact the probe could not read is `null` in `facts`
 * and has a reason in `unknown`, keyed by its path (`sshPermitRootLogin`, or
 * `accounts[alice].password` for a field of one list item, named by its first field of `id`,
 * `name`, `mountPoint` or `path`: see ITEM_KEYS in engine/evaluate.ts).
 */
export interface ProbeOutput<F> {
  facts: F;
  unknown: Record<string, string>;
  /** Windows: what answered — the PowerShell script, Windows' own tools (fallback), or both. */
  readWith?: 'powershell' | 'fallback' | 'mixed';
}

/** What the person running the scan asked for beyond the defaults; the same for every probe of a scan. */
export interface CollectOptions {
  /**
   * --deep: checks that leave a trace on the PC. On Windows each enabled local account is tried
   * with an empty password (a failed-logon event, counted towards the lockout threshold).
   */
  readonly deep: boolean;
  /** Where and how long the personal_data probe looks (--data-path, --data-time-budget). */
  readonly personalData?: { readonly paths: readonly string[]; readonly timeBudgetSeconds: number };
  /**
   * The scan's clock: ages ("definitions 9 days old") and "support has ended" are judged on the scan's day
   * (tests set it). Left out: the time of collecting.
   */
  readonly now?: Date;
  /**
   * Windows: how long the one PowerShell script may run before it is stopped and the fallback reads the rest
   * (default 60 s).
   */
  readonly windowsTimeoutMs?: number;
  /** Told what is being checked while a long step runs (the Windows script), for a progress line. */
  readonly onProgress?: (step: Progress) => void;
}

/** A long step's progress: `done` of `total` answers given, `current` the one being read now (null: finished). */
export interface Progress {
  done: number;
  total: number;
  current: string | null;
}

export const DEFAULT_WINDOWS_TIMEOUT_MS = 60_000;

export const DEFAULT_COLLECT_OPTIONS: CollectOptions = { deep: false };

/** Collects a probe's facts; `options` left out means the defaults (DEFAULT_COLLECT_OPTIONS). */
export type Collector<F> = (host: Host, options?: CollectOptions) => Promise<ProbeOutput<F>>;

/** A probe: a plain object with an id, titles, a zod schema of its facts and one collector per OS. */
export interface Probe<S extends z.ZodObject = z.ZodObject> {
  readonly id: string;
  readonly title: LocalText;
  readonly facts: S;
  readonly collect: Partial<Record<OsName, Collector<z.infer<S>>>>;
  /**
   * Masks secrets in what this probe reads before it goes into a --record bundle (e.g. the hash
   * field of /etc/shadow). `key` is a file path, or a command line for command output.
   */
  readonly redact?: (kind: 'file' | 'command', key: string, text: string) => string;
  /**
   * Time this probe needs beyond the scan's per-probe deadline (personal_data reads documents for a
   * time budget of its own). A probe that has it is left out by `scan --quick`.
   */
  readonly extraTimeMs?: (options: CollectOptions) => number;
}

/** A value read from the PC, or why it could not be read (the reason goes into `unknown`). */
/** Every fact of a probe unread (null), to be filled in as it is read: every fact is nullable by contract. */
export function unreadFacts<S extends z.ZodObject>(schema: S): z.infer<S> {
  return Object.fromEntries(Object.keys(schema.shape).map((key) => [key, null])) as z.infer<S>;
}

export type Answer<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A function that gives an answer's value, or null after writing its reason under `key` in `unknown`. */
export function answerTaker(unknown: Record<string, string>): <T>(key: string, answer: Answer<T>) => T | null {
  return (key, answer) => {
    if (answer.ok) return answer.value;
    unknown[key] = answer.reason;
    return null;
  };
}

/** Standard reasons, so every report says the same thing for the same cause (and can translate it). */
export const REASON = {
  needsRoot: 'needs root: run again with sudo',
  needsAdmin: 'needs administrator: run again as administrator',
  underSudo: "run under sudo: the desktop user's own settings cannot be read as root; run without sudo as that user",
  /** Run as root (su, pkexec, a scheduler), not from root's own desktop: root's settings are not the user's. */
  asRoot:
    "run as root, not from root's own desktop: root's settings are not those of the person who uses the desktop; " +
    'run without root as that user',
  notSupported: 'not supported on this system',
  /** The fact is about something this OS does not have (a Windows guest account on Linux). Not a gap in the scan. */
  notOnThisOs: 'does not exist on this operating system',
  /** Only a logon try tells (a Windows blank password): shop-audit makes one with --deep alone. */
  needsDeep: 'run shop-audit scan --deep to try it',
} as const;

const NOT_ON_THIS_PC = 'does not exist on this PC';

/** The fact is about something this PC does not have (no desktop, no SSH server, no lockout): not a gap in the scan. */
export const notOnThisPc = (why: string) => `${NOT_ON_THIS_PC}: ${why}`;

/** Whether a reason says the fact's subject is absent here (this OS or this PC) rather than unread. */
export const isAbsence = (reason: string) => reason === REASON.notOnThisOs || reason.startsWith(NOT_ON_THIS_PC);

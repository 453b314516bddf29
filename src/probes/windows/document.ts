import { z } from 'zod';
import type { Host } from '../../host/types.js';

// The JSON contract of the Windows script (script.ts) and its decoder; answers.ts runs the script
// once per host (per scan) however many probes ask. Each answer is decoded on its own: a malformed
// or missing one makes that fact unknown with a reason. When the document is missing or broken as
// a whole, the answers come from Windows' own tools where they can (fallback.ts), the rest are unknown.

const regValue = z.union([z.string(), z.number()]).nullable();
/** A registry key's named values (null: not set); the whole key is null when it does not exist. */
const regKey = <K extends string>(names: readonly K[]) => z.object(Object.fromEntries(names.map((n) => [n, regValue.optional().default(null)])) as Record<K, z.ZodDefault<z.ZodOptional<typeof regValue>>>).nullable();
/** PowerShell flattens a one-item list to the item, and may give null for none: always a list here. */
const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === null ? [] : Array.isArray(v) ? v : [v]), z.array(item));
const screenSaverKey = regKey(['ScreenSaveActive', 'ScreenSaverIsSecure', 'ScreenSaveTimeOut', 'SCRNSAVE.EXE']);
const firewallPolicyKey = regKey(['EnableFirewall', 'DefaultInboundAction']);
const powerIndexes = regKey(['ACSettingIndex', 'DCSettingIndex']);
const explorerPolicy = regKey(['NoDriveTypeAutoRun', 'NoAutorun']);
/** A product registered with Security Center; productState is decoded by security-center.ts. */
const securityCenterProducts = list(z.object({ displayName: z.string(), productState: z.number().int().nonnegative() }));

export const ANSWERS = {
  computerName: z.string(),
  uiLanguage: z.string(),
  languageMode: z.string(),
  osVersion: regKey(['ProductName', 'EditionID', 'DisplayVersion', 'ReleaseId', 'CurrentVersion', 'CurrentBuild', 'UBR']),
  localUsers: list(
    z.object({ name: z.string(), sid: z.string(), enabled: z.boolean().nullable(), passwordRequired: z.boolean().nullable(), passwordLastSet: z.string().nullable() }),
  ),
  netAccounts: list(z.string()),
  winlogon: z.object({ AutoAdminLogon: regValue, DefaultUserName: regValue, DefaultDomainName: regValue, DefaultPasswordExists: z.boolean() }),
  screenSaverUser: screenSaverKey,
  screenSaverPolicy: screenSaverKey,
  machineInactivity: regKey(['InactivityTimeoutSecs']),
  /** --deep only (null otherwise): the Win32 error code of LogonUser with an empty password, 0 when it logged on. */
  emptyPasswordLogons: list(z.object({ sid: z.string(), code: z.number().int() })),
  wakeSignIn: z.object({
    activeScheme: z.string().nullable(),
    scheme: powerIndexes,
    default: powerIndexes,
    policy: powerIndexes,
    delayLockInterval: regValue.optional().default(null),
  }),
  autorunMachine: explorerPolicy,
  autorunUser: explorerPolicy,
  autoplayHandlers: regKey(['DisableAutoplay']),
  systemDrive: z.string().regex(/^[A-Za-z]:$/),
  bitLockerShell: z.number().int().nullable(),
  bitLockerVolumes: list(
    z.object({
      deviceId: z.string().nullable(),
      driveLetter: z.string().nullable(),
      volumeType: z.number().int().nullable(),
      protectionStatus: z.number().int().nullable(),
      conversionStatus: z.number().int().nullable(),
      encryptionMethod: z.number().int().nullable(),
    }),
  ),
  pageFiles: list(z.string()),
  shares: list(z.object({ name: z.string(), path: z.string().nullable(), description: z.string().nullable(), special: z.boolean().nullable(), shareType: z.string().nullable() })),
  shareAccess: list(z.object({ share: z.string(), sid: z.string(), right: z.string(), control: z.string() })),
  smbServer: z.object({ EnableSMB1Protocol: z.boolean().nullable() }),
  lanmanServer: regKey(['SMB1', 'RestrictNullSessAccess']),
  lsa: regKey(['everyoneincludesanonymous', 'restrictanonymous', 'forceguest', 'LimitBlankPasswordUse']),
  terminalServer: regKey(['fDenyTSConnections']),
  rdpTcp: regKey(['UserAuthentication']),
  terminalServicesPolicy: regKey(['fDenyTSConnections', 'UserAuthentication']),
  quser: z.object({ exitCode: z.number().int(), lines: list(z.string()), inSession: z.boolean().nullable() }),
  services: list(z.object({ name: z.string(), displayName: z.string().nullable(), state: z.string().nullable(), startMode: z.string().nullable() })),
  firewallProfiles: list(z.object({ name: z.string(), enabled: z.number().int().nullable(), defaultInboundAction: z.number().int().nullable() })),
  firewallPolicy: z.object({ DomainProfile: firewallPolicyKey, StandardProfile: firewallPolicyKey, PublicProfile: firewallPolicyKey }),
  processes: list(z.string()),
  installed: list(z.string()),
  runKeys: list(z.object({ key: z.string(), name: z.string(), command: z.string() })),
  productType: z.number().int(),
  antivirusProducts: securityCenterProducts,
  firewallProducts: securityCenterProducts,
  defenderStatus: z.object({
    AMServiceEnabled: z.boolean().nullable(),
    AMRunningMode: z.string().nullable(),
    AntivirusEnabled: z.boolean().nullable(),
    RealTimeProtectionEnabled: z.boolean().nullable(),
    AntivirusSignatureAge: z.number().int().nonnegative().nullable(),
    AntivirusSignatureLastUpdated: z.string().nullable(),
    DefenderSignaturesOutOfDate: z.boolean().nullable(),
  }),
  hotfixes: list(z.object({ id: z.string().nullable(), installedOn: z.string().nullable() })),
} as const;

export type AnswerName = keyof typeof ANSWERS;
export type AnswerOf<N extends AnswerName> = z.infer<(typeof ANSWERS)[N]>;

const failure = z.object({ type: z.string(), message: z.string() });
export const documentSchema = z.object({
  contract: z.literal(1),
  facts: z.record(z.string(), z.unknown()),
  failed: z.preprocess((v) => v ?? {}, z.record(z.string(), failure)),
});
export type WindowsDocument = z.infer<typeof documentSchema>;
export type ScriptFailure = z.infer<typeof failure>;

/** Answers read without PowerShell (fallback.ts): a value, or the reason there is none, per answer. */
export interface FallbackAnswers {
  facts: Partial<Record<AnswerName, unknown>>;
  reasons: Partial<Record<AnswerName, string>>;
}

/** What the script's run gave: the document, or why there is none and what the fallback read instead. */
export type ScriptOutcome = { ok: true; document: WindowsDocument } | { ok: false; reason: string; fallback?: FallbackAnswers };

export const POWERSHELL_ARGS = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', '-'] as const;

/** %SystemRoot% when it is an absolute drive path; the usual folder otherwise (never a relative path). */
export function systemRoot(host: Host): string {
  const value = host.env('SystemRoot');
  return value && /^[A-Za-z]:\\/.test(value) ? value.replace(/\\+$/, '') : 'C:\\Windows';
}

export const powershellPath = (host: Host) => `${systemRoot(host)}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe`;

/** Decodes the script's standard output (tests reach it through replayed bundles of real outputs). */
export function decodeDocument(stdout: string): ScriptOutcome {
  const text = stdout.replace(/^\uFEFF/, '').trim();
  if (!text) return { ok: false, reason: 'PowerShell printed nothing' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `PowerShell's answer is not JSON (${(error as Error).message})` };
  }
  const parsed = documentSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `PowerShell's answer is not the expected document: ${parsed.error.issues[0]?.message ?? ''}` };
  if (parsed.data.facts.languageMode === 'ConstrainedLanguage') return { ok: false, reason: 'PowerShell runs in Constrained Language Mode, set by a policy' };
  return { ok: true, document: parsed.data };
}

/** A registry value as a whole number (DWORDs come as numbers, REG_SZ settings as decimal text); null when unset or not a number. */
export function regNumber(value: string | number | null | undefined): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  return null;
}

// Names the script uses for facts about passwords, never for a password itself.
const PASSWORD_FACT_NAMES = new Set(['passwordRequired', 'passwordLastSet', 'DefaultPasswordExists', 'LimitBlankPasswordUse', 'emptyPasswordLogons']);
const SECRET_NAME = /password|recovery|secret|protector/i;

/**
 * The script never prints a secret; should a document ever carry one (an edited script, a
 * tampered bundle), a --record bundle keeps no value whose name says password, recovery key or secret.
 */
export function redactWindowsDocument(text: string): string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return text;
  }
  const clean = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(clean);
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => PASSWORD_FACT_NAMES.has(k) || !SECRET_NAME.test(k))
        // A Run-key command line can carry a password (`vncserver.exe -password …`): keep the program only.
        .map(([k, v]) => [k, k === 'command' && typeof v === 'string' ? commandProgram(v) : clean(v)]),
    );
  };
  return JSON.stringify(clean(doc));
}

/** The program of a Windows command line: the quoted first part, or everything up to ".exe". */
export function commandProgram(command: string): string {
  const text = command.trim();
  if (text.startsWith('"')) return text.slice(0, text.indexOf('"', 1) + 1 || undefined);
  const exe = /^.*?\.exe\b/i.exec(text);
  return exe ? exe[0] : (text.split(/\s+/)[0] ?? '');
}

import { z } from 'zod';
import type { Host } from '../../host/types.js';
import { FIREWALL_POLICY, POWER_INDEXES, REGISTRY_ANSWERS, WINLOGON, type RegistryAnswerName } from './registry.js';
import { ANSWER_MARKER } from './script.js';
import { hashMachineId, onFirstUse } from '../tools.js';

// The JSON contract of the Windows script (script.ts) and its decoder; answers.ts runs the script
// once per host (per scan) however many probes ask. Each answer is decoded on its own: a malformed
// or missing one makes that fact unknown with a reason. What the script did not answer (it could not
// run, stopped, or ran out of time) comes from Windows' own tools where they can (fallback.ts).

const regValue = z.union([z.string(), z.number()]).nullable();
/** A registry key's named values (null: not set); the whole key is null when it does not exist. */
const regKey = <K extends string>(names: readonly K[]) =>
  z
    .object(
      Object.fromEntries(names.map((n) => [n, regValue.optional().default(null)])) as Record<
        K,
        z.ZodDefault<z.ZodOptional<typeof regValue>>
      >,
    )
    .nullable();
/** PowerShell flattens a one-item list to the item, and may give null for none: always a list here. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === null ? [] : Array.isArray(v) ? v : [v]), z.array(item));
type RegKey<K extends string> = ReturnType<typeof regKey<K>>;
/**
 * Every answer's schema, made when first needed (answerSchemas): a scan of Linux or macOS never decodes a Windows
 * answer, and making these ~100 schemas is start-up time.
 */
function makeAnswerSchemas() {
  /** The answers that are one key's values, decoded by the value names registry.ts gives. */
  // Typed per entry: Object.fromEntries loses which answer has which names.
  const registryAnswers = Object.fromEntries(
    Object.entries(REGISTRY_ANSWERS).map(([name, key]) => [name, regKey(key.values)]),
  ) as unknown as {
    [N in RegistryAnswerName]: RegKey<(typeof REGISTRY_ANSWERS)[N]['values'][number]>;
  };
  const firewallPolicyKey = regKey(FIREWALL_POLICY.values);
  const powerIndexes = regKey(POWER_INDEXES);
  /** One power setting: as the active scheme sets it, the scheme's default, the policy (each null when unset). */
  const powerSetting = z
    .object({ scheme: powerIndexes, default: powerIndexes, policy: powerIndexes })
    .nullable()
    .optional()
    .default(null);
  /**
   * A product registered with Security Center; productState is decoded by security-center.ts. exe is
   * its signed program (pathToSignedProductExe, expanded), exeExists whether that file is there (null: no file path).
   */
  const securityCenterProducts = list(
    z.object({
      displayName: z.string(),
      productState: z.number().int().nonnegative(),
      exe: z.string().nullable().optional().default(null),
      exeExists: z.boolean().nullable().optional().default(null),
    }),
  );

  /**
   * Something that starts a program by itself: where it is, the command (a --record bundle keeps only its program:
   * redactWindowsDocument), and the program file's maker as the file names itself (VersionInfo CompanyName, not a
   * verified signature; null under %SystemRoot%, for a missing file, or when the fallback read it).
   */
  const autostartItem = <S extends z.ZodRawShape>(where: S) =>
    z.object({ ...where, command: z.string(), publisher: z.string().nullable().optional().default(null) });

  return {
    ...registryAnswers,
    computerName: z.string(),
    uiLanguage: z.string(),
    languageMode: z.string(),
    localUsers: list(
      z.object({
        name: z.string(),
        /** null: not read (the fallback's `net user`, when WMIC is not there either). */
        sid: z.string().nullable(),
        enabled: z.boolean().nullable(),
        passwordRequired: z.boolean().nullable(),
        passwordLastSet: z.string().nullable(),
        /** Without a SID: the built-in account Windows' description of it names (null: not known). */
        builtin: z.enum(['admin', 'guest', 'none']).nullable().optional().default(null),
      }),
    ),
    netAccounts: list(z.string()),
    winlogon: z.object({
      ...(Object.fromEntries(WINLOGON.values.map((v) => [v, regValue])) as Record<
        (typeof WINLOGON.values)[number],
        typeof regValue
      >),
      DefaultPasswordExists: z.boolean(),
    }),
    /** The account running the scan and the one signed in at the screen (null: nobody), as SIDs. */
    consoleUser: z.object({
      scanSid: z.string(),
      consoleSid: z.string().nullable(),
      /** Win32_ComputerSystem.UserName (DOMAIN\name), null when nobody is signed in. */
      consoleName: z.string().nullable().optional().default(null),
    }),
    /**
     * The members of Administrators (S-1-5-32-544) by SID; isGroup: a group nested in it, whose members are not
     * read.
     */
    administrators: list(z.object({ sid: z.string(), isGroup: z.boolean() })),
    /** --deep only (null otherwise): the Win32 error code of LogonUser with an empty password, 0 when it logged on. */
    /** --deep only: the empty-password try per enabled account; code null when the lockout margin let none be made. */
    emptyPasswordLogons: list(z.object({ sid: z.string(), code: z.number().int().nullable() })),
    /**
     * --deep only: the common-password tries per enabled account whose password is not empty. threshold: the
     * lockout threshold (0: never locks) and failed: the account's failed logons before the tries, each null when
     * unreadable; codes: the Win32 error code of each try in order (0 logged on, 1326 wrong password).
     */
    commonPasswordLogons: list(
      z.object({
        sid: z.string(),
        threshold: z.number().int().nonnegative().nullable(),
        failed: z.number().int().nonnegative().nullable(),
        codes: list(z.number().int()),
      }),
    ),
    wakeSignIn: z.object({
      activeScheme: z.string().nullable(),
      /** CONSOLELOCK ("require a password on wakeup"): the scheme's value, its default, the policy. */
      scheme: powerIndexes,
      default: powerIndexes,
      policy: powerIndexes,
      delayLockInterval: regValue.optional().default(null),
      /** Sleep after (STANDBYIDLE) and turn off the display after (VIDEOIDLE), in seconds; 0 is never. */
      sleep: powerSetting,
      display: powerSetting,
      /** CsEnabled 1: Modern Standby, the PC sleeps (and locks) when the display turns off. */
      modernStandby: regValue.optional().default(null),
    }),
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
        /**
         * The fallback: the state manage-bde printed, when it is not one shop-audit knows (that volume alone is
         * unknown).
         */
        unknownState: z.string().nullable().optional().default(null),
      }),
    ),
    pageFiles: list(z.string()),
    shares: list(
      z.object({
        name: z.string(),
        path: z.string().nullable(),
        description: z.string().nullable(),
        special: z.boolean().nullable(),
        shareType: z.string().nullable(),
      }),
    ),
    /** sid null: an account Windows could not resolve (a domain account with no domain controller in reach). */
    shareAccess: list(
      z.object({ share: z.string(), sid: z.string().nullable(), right: z.string(), control: z.string() }),
    ),
    smbServer: z.object({ EnableSMB1Protocol: z.boolean().nullable() }),
    quser: z.object({ exitCode: z.number().int(), lines: list(z.string()), inSession: z.boolean().nullable() }),
    /** command: the service's command line (Win32_Service.PathName); null when not read (the fallback). */
    services: list(
      z.object({
        name: z.string(),
        displayName: z.string().nullable(),
        state: z.string().nullable(),
        startMode: z.string().nullable(),
        command: z.string().nullable().optional().default(null),
        /** An automatic service's program's maker as its file names itself (CompanyName); null under %SystemRoot%. */
        publisher: z.string().nullable().optional().default(null),
      }),
    ),
    /**
     * The valid Authenticode signer (certificate subject's name) of each running program outside the Windows
     * folder.
     */
    processSigners: list(z.object({ name: z.string(), signer: z.string() })),
    firewallProfiles: list(
      z.object({
        name: z.string(),
        enabled: z.number().int().nullable(),
        defaultInboundAction: z.number().int().nullable(),
      }),
    ),
    firewallPolicy: z.object(
      Object.fromEntries(FIREWALL_POLICY.profiles.map((p) => [p, firewallPolicyKey])) as Record<
        (typeof FIREWALL_POLICY.profiles)[number],
        typeof firewallPolicyKey
      >,
    ),
    processes: list(z.string()),
    installed: list(z.string()),
    /** Run and RunOnce values (registry.ts RUN_KEYS); publisher: the program file's CompanyName (see autostartItem). */
    runKeys: list(autostartItem({ key: z.string(), name: z.string() })),
    /** Scheduled tasks outside \\Microsoft\\, one per program a task starts; state Ready / Disabled / Running. */
    scheduledTasks: list(autostartItem({ path: z.string(), state: z.string().nullable() })),
    /**
     * Files in the Startup folders: CommonStartup (every user), Startup (the signed-in person); a shortcut's
     * target.
     */
    startupFolders: list(autostartItem({ folder: z.enum(['CommonStartup', 'Startup']), name: z.string() })),
    /** Print monitors: the key's name and its Driver DLL (null when the value is missing). */
    printMonitors: list(z.object({ name: z.string(), driver: z.string().nullable() })),
    /** Print processors of each print environment (Windows x64, Windows NT x86, …). */
    printProcessors: list(z.object({ environment: z.string(), name: z.string(), driver: z.string().nullable() })),
    /**
     * Backup and Restore (Windows 7): whether a backup disk is chosen, when its last backup and its last system
     * image finished (ISO 8601, UTC; null: none recorded).
     */
    windowsBackup: z.object({
      target: z.boolean(),
      lastSuccess: z.string().nullable(),
      systemImage: z.string().nullable(),
    }),
    /** Windows Server Backup's summary (Get-WBSummary); null where its module is not installed. */
    serverBackup: z.object({ lastSuccess: z.string().nullable(), versions: z.number().int().nullable() }).nullable(),
    /** The time of the Security log's oldest event (ISO 8601, UTC); null when the log is empty. */
    securityLogOldest: z.string().nullable(),
    /** The Security log holds a sign-in event (4624). */
    securityLogonEvent: z.boolean(),
    /** The USBSTOR subkeys' names: one per kind of USB storage device seen (no serial numbers). */
    usbStorageDevices: list(z.string()),
    /**
     * Each USB storage device Windows has seen, by its kind (the USBSTOR subkey's name, never its serial number),
     * with when it was first installed and last plugged in (ISO 8601, UTC; null when Windows keeps no such date).
     */
    usbStorageHistory: list(
      z.object({ kind: z.string(), firstInstall: z.string().nullable(), lastArrival: z.string().nullable() }),
    ),
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
    /** Listening TCP sockets and bound UDP endpoints with the owning process's name (null: it has ended). */
    listeningSockets: list(
      z.object({
        protocol: z.enum(['tcp', 'udp']),
        address: z.string(),
        port: z.number().int().min(0).max(65535),
        program: z.string().nullable(),
      }),
    ),
    /**
     * Windows Firewall (HNetCfg.FwPolicy2) for the network profiles in use now (type 1 domain, 2 private,
     * 4 public): on, and whether it blocks what no rule allows (DefaultInboundAction 0); and the enabled
     * inbound allow rules of those profiles: protocol 6 TCP, 17 UDP, 256 any; LocalPorts "*", "3389",
     * "5900-5909,80" or a keyword (RPC, IPHTTPS…); the program and service a rule is limited to.
     */
    firewallInbound: z.object({
      profiles: list(z.object({ type: z.number().int(), enabled: z.boolean(), blocksInbound: z.boolean() })),
      allowRules: list(
        z.object({
          protocol: z.number().int(),
          localPorts: z.string().nullable(),
          program: z.string().nullable(),
          service: z.string().nullable(),
        }),
      ),
      /** Group Policy's own rules, which FwPolicy2 does not list: their registry texts. */
      policyRules: list(z.string()),
    }),
    /**
     * Windows Update's search of its own list (Online false: no network) for software updates neither installed
     * nor hidden: OperationResultCode (2 succeeded), Automatic Updates' last successful search, and per update
     * its MSRC severity (null or empty: none), classification and product ids, release time (UTC, no zone).
     */
    pendingUpdates: z.object({
      resultCode: z.number().int(),
      lastSearch: z.string().nullable(),
      updates: list(
        z.object({ severity: z.string().nullable(), categories: list(z.string()), published: z.string().nullable() }),
      ),
    }),
    /** The lines of `netsh wlan show interfaces`, read by position and by values (its labels are translated). */
    wlanInterfaces: z.object({ exitCode: z.number().int(), lines: list(z.string()) }),
  } as const;
}
export const answerSchemas = onFirstUse(makeAnswerSchemas);

export type AnswerName = keyof ReturnType<typeof makeAnswerSchemas>;
export type AnswerOf<N extends AnswerName> = z.infer<ReturnType<typeof makeAnswerSchemas>[N]>;

const failure = z.object({ type: z.string(), message: z.string() });
const answerLine = z.union([
  z.object({ q: z.string(), failed: failure }),
  z.object({ q: z.string(), value: z.unknown() }),
  z.object({ contract: z.number() }),
  z.object({ done: z.literal(true) }),
]);
/** The answers the script printed: each query's value, or why it failed. */
export interface WindowsDocument {
  facts: Record<string, unknown>;
  failed: Record<string, ScriptFailure>;
}
export type ScriptFailure = z.infer<typeof failure>;

/** Answers read without PowerShell (fallback.ts): a value, or the reason there is none, per answer. */
export interface FallbackAnswers {
  facts: Partial<Record<AnswerName, unknown>>;
  reasons: Partial<Record<AnswerName, string>>;
}

/**
 * What the script's run gave: the answers it printed, and when it did not run to its end, why not
 * (`stopped`) and what Windows' own tools read instead of each answer it did not give.
 */
export interface ScriptOutcome {
  document: WindowsDocument;
  stopped: string | null;
  fallback?: FallbackAnswers;
}

/** Where the answers came from: all from PowerShell, all from the fallback, or some from each. */
export type AnswerPath = 'powershell' | 'fallback' | 'mixed';

/**
 * No -ExecutionPolicy: Microsoft's about_Execution_Policies says the policy controls loading
 * configuration files and running scripts ("Restricted: permits individual commands, but does not
 * allow scripts"), and that typing a script's contents at the prompt is not held back by it; commands
 * read from standard input (-Command -) are such commands. Security software scores "-ExecutionPolicy
 * Bypass" as a sign of malware.
 */
export const POWERSHELL_ARGS = ['-NoProfile', '-NonInteractive', '-Command', '-'] as const;

/** %SystemRoot% when it is an absolute drive path; the usual folder otherwise (never a relative path). */
export function systemRoot(host: Host): string {
  const value = host.env('SystemRoot');
  return value && /^[A-Za-z]:\\/.test(value) ? value.replace(/\\+$/, '') : 'C:\\Windows';
}

/**
 * `text` with each %NAME% replaced as Windows expands a REG_EXPAND_SZ value, by `lookup` (names without regard to
 * case is the lookup's task); `unknown` lists the first %NAME% it had no value for, left as written.
 */
export function expandVariables(
  text: string,
  lookup: (name: string) => string | undefined,
): { text: string; unknown: string | null } {
  let unknown: string | null = null;
  const expanded = text.replace(/%([^%]+)%/g, (whole, name: string) => {
    const value = lookup(name);
    if (value !== undefined && value !== '') return value;
    unknown ??= whole;
    return whole;
  });
  return { text: expanded, unknown };
}

/**
 * Windows' own 64-bit programs' folder as this process reaches it. WOW64 sends a 32-bit process (npm's win-x86
 * Node on 64-bit Windows; it sets PROCESSOR_ARCHITEW6432 there) from System32 to the 32-bit SysWOW64, whose
 * PowerShell and reg.exe read the 32-bit registry view (WOW6432Node); Sysnative is the native System32 to it.
 */
export const system32 = (host: Host) =>
  `${systemRoot(host)}\\${host.env('PROCESSOR_ARCHITEW6432') ? 'Sysnative' : 'System32'}`;

export const powershellPath = (host: Host) => `${system32(host)}\\WindowsPowerShell\\v1.0\\powershell.exe`;

/**
 * Reads the script's standard output: every line that starts with the marker, whatever else was
 * printed between them (a WARNING:, profile output, a line cut short by a kill). `stopped` says why
 * the document is not whole: no contract line, no closing line, or Constrained Language Mode (which
 * blocks most queries, so none of its answers are used).
 */
export function decodeDocument(stdout: string): { document: WindowsDocument; stopped: string | null } {
  const document: WindowsDocument = { facts: {}, failed: {} };
  let contract: number | null = null;
  let done = false;
  for (const line of stdout.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (!line.startsWith(ANSWER_MARKER)) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line.slice(ANSWER_MARKER.length));
    } catch {
      continue;
    }
    const parsed = answerLine.safeParse(raw);
    if (!parsed.success) continue;
    const entry = parsed.data;
    if ('contract' in entry) contract = entry.contract;
    else if ('done' in entry) done = true;
    else if ('failed' in entry) document.failed[entry.q] = entry.failed;
    else document.facts[entry.q] = entry.value;
  }
  const empty = { document: { facts: {}, failed: {} } };
  if (contract === null)
    return {
      ...empty,
      stopped: stdout.trim() ? "PowerShell printed no answer of shop-audit's script" : 'PowerShell printed nothing',
    };
  if (contract !== 2)
    return { ...empty, stopped: `PowerShell's answer is of another version of shop-audit (contract ${contract})` };
  if (document.facts.languageMode === 'ConstrainedLanguage')
    return { ...empty, stopped: 'PowerShell runs in Constrained Language Mode, set by a policy' };
  return { document, stopped: done ? null : 'PowerShell stopped before it had answered everything' };
}

/**
 * A registry value as a whole number (DWORDs come as numbers, REG_SZ settings as decimal text); null when
 * unset or not a number.
 */
export function regNumber(value: string | number | null | undefined): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  return null;
}

/**
 * A FILETIME (100 ns since 1601-01-01 UTC) as a registry value gives it: a QWORD (a number), or 8 bytes as reg.exe
 * prints a REG_BINARY (16 hex digits, least significant byte first). Null for 0, another value, or a date out of range.
 */
export function regFileTime(value: string | number | null | undefined): Date | null {
  let ticks = typeof value === 'number' ? value : Number.NaN;
  if (typeof value === 'string' && /^[\da-f]{16}$/i.test(value))
    ticks = Number(BigInt(`0x${value.match(/../g)!.reverse().join('')}`));
  if (!Number.isFinite(ticks) || ticks <= 0) return null;
  const ms = ticks / 10_000 - 11_644_473_600_000;
  return ms > 0 ? new Date(ms) : null;
}

// Names the script uses for facts about passwords, never for a password itself.
const PASSWORD_FACT_NAMES = new Set([
  'passwordRequired',
  'passwordLastSet',
  'DefaultPasswordExists',
  'LimitBlankPasswordUse',
  'emptyPasswordLogons',
  'commonPasswordLogons',
]);
const SECRET_NAME = /password|recovery|secret|protector/i;

/**
 * The script never prints a secret; should its answer ever carry one (an edited script, a tampered
 * bundle), a --record bundle keeps no value whose name says password, recovery key or secret. Lines
 * that are not the script's (a profile's output) are left out.
 */
export function redactWindowsDocument(text: string): string {
  const clean = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(clean);
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => PASSWORD_FACT_NAMES.has(k) || !SECRET_NAME.test(k))
        // A Run-key command line can carry a password (`vncserver.exe -password …`): keep the program only.
        .map(([k, v]) => [
          k,
          k === 'command' && typeof v === 'string'
            ? commandProgram(v)
            : k === 'MachineGuid' && typeof v === 'string'
              ? `hashed:${hashMachineId(v) ?? ''}`
              : clean(v),
        ]),
    );
  };
  // A byte-order mark before the first line is read past (decodeDocument): that line is the script's too.
  return text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .map((line) => {
      if (!line.startsWith(ANSWER_MARKER))
        return line.trim() ? "(a line not printed by shop-audit's script, left out)" : line;
      try {
        return ANSWER_MARKER + JSON.stringify(clean(JSON.parse(line.slice(ANSWER_MARKER.length))));
      } catch {
        return '(a line cut short, left out)';
      }
    })
    .join('\n');
}

/** The program of a Windows command line: the quoted first part, or everything up to ".exe". */
export function commandProgram(command: string): string {
  const text = command.trim();
  if (text.startsWith('"')) return text.slice(0, text.indexOf('"', 1) + 1 || undefined);
  const exe = /^.*?\.exe\b/i.exec(text);
  return exe ? exe[0] : (text.split(/\s+/)[0] ?? '');
}

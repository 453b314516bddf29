import { regNumber, type AnswerOf } from '../windows/document.js';
import type { Answer } from '../types.js';
import { isoDay } from './parse.js';

// Whether security updates install by themselves: pure readings of Windows Update's registry
// settings and of apt's and dnf-automatic's configuration. "now" is always passed in.

/** Cyber Essentials v3.3: high and critical updates installed within 14 days of release. */
export const MAX_SECURITY_DEFERRAL_DAYS = 14;

export interface AutoUpdates {
  automatic: boolean;
  /** What was read, in words: the setting that turns updates off, or those that leave them on. */
  evidence: string;
  /** Windows: the day a pause of security (quality) updates ends, when one is in force. */
  pausedUntil?: string | null;
  securityDeferralDays?: number;
  featureDeferralDays?: number;
}

/**
 * "Configure Automatic Updates" options that leave installing to a person: 2 notify before downloading, 3 download
 * and notify before installing (AutomaticUpdatesNotificationLevel, wuapi.h), 7 notify to install and to restart.
 */
const NOT_INSTALLING_AU_OPTIONS = new Set([2, 3, 7]);

/** How long a pause of quality updates set by policy (PauseQualityUpdatesStartTime) lasts (Policy CSP Update). */
const POLICY_PAUSE_DAYS = 35;

/**
 * The update server (WSUS) Windows Update is told to use instead of Microsoft's (UseWUServer 1): its address, and
 * whether it is this PC itself (a loopback or unspecified address), where a workstation has none — the way "stop
 * Windows Update" tools cut it off. null when no server is in use; a reason when one is in use but none is named.
 */
function updateServer(
  use: string | number | null | undefined,
  server: string | number | null | undefined,
): Answer<{ address: string; onThisPc: boolean } | null> {
  if (regNumber(use) !== 1) return { ok: true, value: null };
  const address = typeof server === 'string' ? server.trim() : '';
  const host = /^(?:[a-z][\w+.-]*:\/\/)?(\[[^\]]*\]|[^/:?#]*)/i.exec(address)?.[1]?.toLowerCase() ?? '';
  if (!host)
    return {
      ok: false,
      reason: `a policy makes Windows Update use an update server (UseWUServer 1) but names none (WUServer ${
        address || 'unset'
      })`,
    };
  const onThisPc = /^(127\.\d+\.\d+\.\d+|localhost|0\.0\.0\.0|\[::1?\]|::1?)$/.test(host);
  return { ok: true, value: { address, onThisPc } };
}

/** Windows 7 and 8.1's "Never check for updates" (AUOptions 1 of the settings page, not of the policy). */
const NEVER_CHECK = 1;
/** The policy's AUOptions that leaves the choice to the settings page. */
const LOCAL_ADMIN_CHOOSES = 5;
/** The first build of Windows 10, which has no Control Panel page for Windows Update. */
const WINDOWS_10_BUILD = 10240;

/**
 * How updates are to be installed (AUOptions): the policy's "Configure Automatic Updates" when it sets one (5 leaves
 * it to the page), else the choice on Windows 7 and 8.1's settings page; Windows 10 and later read no such page (a
 * value an upgrade left there changes nothing). A page's choice on a Windows whose build is not known is a reason.
 */
function installChoice(
  au: AnswerOf<'windowsUpdateAuPolicy'>,
  local: Answer<AnswerOf<'windowsUpdateLocal'>>,
  os: Answer<AnswerOf<'osVersion'>>,
): Answer<{ auOptions: number | null; byPolicy: boolean }> {
  const policy = regNumber(au?.AUOptions);
  // AUOptions 5 of the policy: "Allow local admin to choose setting", the settings page's choice.
  if ((policy !== null && policy !== LOCAL_ADMIN_CHOOSES) || regNumber(au?.NoAutoUpdate) === 1)
    return { ok: true, value: { auOptions: policy, byPolicy: true } };
  if (!local.ok) return local;
  const page = regNumber(local.value?.AUOptions);
  if (page === null || page === 4) return { ok: true, value: { auOptions: null, byPolicy: false } };
  const build = os.ok ? regNumber(os.value?.CurrentBuild) : null;
  if (build === null)
    return {
      ok: false,
      reason:
        `Windows Update's settings page says AUOptions ${page}, which only Windows 7 and 8.1 read, and which ` +
        `Windows this is was not read${os.ok ? '' : ` (${os.reason})`}`,
    };
  return { ok: true, value: { auOptions: build < WINDOWS_10_BUILD ? page : null, byPolicy: false } };
}

/** The latest of Windows Update's pause values (UTC text such as 2123-08-22T09:02:26Z); null when none is set. */
function pauseEnd(values: readonly (string | number | null)[]): Answer<number | null> {
  let latest: number | null = null;
  for (const value of values) {
    if (value === null) continue;
    const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(at)) return { ok: false, reason: `a pause date Windows Update keeps is not a date: ${value}` };
    latest = latest === null ? at : Math.max(latest, at);
  }
  return { ok: true, value: latest };
}

/**
 * Windows Update's state from its registry values: off when its service or the Update Orchestrator that schedules
 * it (Windows 10 and later) is disabled, when a policy
 * turns automatic updates off (NoAutoUpdate 1) or leaves installing to a person (AUOptions 2, 3 or 7),
 * while security updates are paused, or when a policy defers them longer than 14 days.
 */
export function windowsAutoUpdates(
  a: {
    windowsUpdatePause: Answer<AnswerOf<'windowsUpdatePause'>>;
    windowsUpdatePolicy: Answer<AnswerOf<'windowsUpdatePolicy'>>;
    windowsUpdateAuPolicy: Answer<AnswerOf<'windowsUpdateAuPolicy'>>;
    windowsUpdateService: Answer<AnswerOf<'windowsUpdateService'>>;
    updateOrchestratorService: Answer<AnswerOf<'updateOrchestratorService'>>;
    windowsUpdateLocal: Answer<AnswerOf<'windowsUpdateLocal'>>;
    osVersion: Answer<AnswerOf<'osVersion'>>;
  },
  now: Date,
): Answer<AutoUpdates> {
  const answers = [
    a.windowsUpdatePause,
    a.windowsUpdatePolicy,
    a.windowsUpdateAuPolicy,
    a.windowsUpdateService,
    a.updateOrchestratorService,
  ];
  for (const answer of answers) if (!answer.ok) return answer;
  const pause = a.windowsUpdatePause.ok ? a.windowsUpdatePause.value : null;
  const policy = a.windowsUpdatePolicy.ok ? a.windowsUpdatePolicy.value : null;
  const au = a.windowsUpdateAuPolicy.ok ? a.windowsUpdateAuPolicy.value : null;
  const service = a.windowsUpdateService.ok ? a.windowsUpdateService.value : null;
  const orchestrator = a.updateOrchestratorService.ok ? a.updateOrchestratorService.value : null;
  const start = regNumber(service?.Start);
  if (start === null)
    return { ok: false, reason: 'the Windows Update service (wuauserv) has no start type in the registry' };
  // Only the pause of everything and the pause of quality updates hold back security fixes; Group Policy's pause
  // is a start day (yyyy-mm-dd, local) that lasts POLICY_PAUSE_DAYS.
  const policyStart = policy?.PauseQualityUpdatesStartTime ?? null;
  const policyEnd =
    typeof policyStart === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(policyStart.trim())
      ? new Date(Date.parse(`${policyStart.trim()}T00:00:00Z`) + POLICY_PAUSE_DAYS * 86_400_000).toISOString()
      : policyStart === null || policyStart === ''
        ? null
        : String(policyStart);
  const end = pauseEnd([pause?.PauseUpdatesExpiryTime ?? null, pause?.PauseQualityUpdatesEndTime ?? null, policyEnd]);
  if (!end.ok) return end;
  const pausedUntil = end.value !== null && end.value > now.getTime() ? isoDay(end.value) : null;
  const days = (on: string | number | null | undefined, period: string | number | null | undefined) =>
    regNumber(on) === 1 ? (regNumber(period) ?? 0) : 0;
  const securityDeferralDays = days(policy?.DeferQualityUpdates, policy?.DeferQualityUpdatesPeriodInDays);
  const featureDeferralDays = days(policy?.DeferFeatureUpdates, policy?.DeferFeatureUpdatesPeriodInDays);
  const server = updateServer(au?.UseWUServer, policy?.WUServer);
  if (!server.ok) return server;
  const choice = installChoice(au, a.windowsUpdateLocal, a.osVersion);
  if (!choice.ok) return choice;
  const auOptions = choice.value.auOptions;
  const off =
    start === 4
      ? 'the Windows Update service (wuauserv) is disabled'
      : regNumber(orchestrator?.Start) === 4
        ? 'the Update Orchestrator service (UsoSvc) is disabled'
        : regNumber(au?.NoAutoUpdate) === 1
          ? 'automatic updates are turned off by policy (NoAutoUpdate 1)'
          : auOptions === NEVER_CHECK && !choice.value.byPolicy
            ? `Windows Update is set never to check for updates (AUOptions ${NEVER_CHECK})`
            : auOptions !== null && NOT_INSTALLING_AU_OPTIONS.has(auOptions)
              ? `${choice.value.byPolicy ? 'a policy makes' : 'Windows Update is set to make'} Windows ask before ` +
                `it installs updates (AUOptions ${auOptions})`
              : server.value?.onThisPc
                ? `updates are to come from an update server on this PC itself (UseWUServer 1, WUServer ` +
                  `${server.value.address}), where there is none`
                : pausedUntil
                  ? `updates are paused until ${pausedUntil}`
                  : securityDeferralDays > MAX_SECURITY_DEFERRAL_DAYS
                    ? `a policy defers security updates by ${securityDeferralDays} days ` +
                      '(DeferQualityUpdatesPeriodInDays)'
                    : null;
  const on =
    `Windows Update service start type ${start}, automatic updates ` +
    `${auOptions === null ? 'not set by policy' : `AUOptions ${auOptions}`}, not paused, ` +
    `security updates deferred ${securityDeferralDays} days` +
    (server.value ? `, from the update server ${server.value.address}` : '');
  return {
    ok: true,
    value: { automatic: off === null, evidence: off ?? on, pausedUntil, securityDeferralDays, featureDeferralDays },
  };
}

/** `apply_updates` of dnf-automatic's [commands] section (automatic.conf, an INI file); null when not set. */
export function dnfApplyUpdates(text: string): boolean | null {
  let section = '';
  let apply: boolean | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) section = header[1]!.trim();
    const m = /^apply_updates\s*[=:]\s*(\S+)/i.exec(line);
    if (section === 'commands' && m) apply = /^(1|yes|true|on)$/i.test(m[1]!);
  }
  return apply;
}

/**
 * Software Update's switches in /Library/Preferences/com.apple.SoftwareUpdate, as System Settings >
 * General > Software Update > Automatic updates names them: check, download, install macOS updates,
 * install Security Responses and system files (CriticalUpdateInstall and ConfigDataInstall).
 */
export const MACOS_UPDATE_SWITCHES = [
  'AutomaticCheckEnabled',
  'AutomaticDownload',
  'AutomaticallyInstallMacOSUpdates',
  'CriticalUpdateInstall',
  'ConfigDataInstall',
] as const;

/**
 * The top-level yes/no values of `defaults read DOMAIN` (an old-style plist: `Key = 1;`, `= YES;`,
 * `= True;`), by name; a key that is not set is left out, one that is not yes/no too.
 */
export function parseDefaultsSwitches(text: string, names: readonly string[]): Map<string, boolean> {
  const switches = new Map<string, boolean>();
  for (const name of names) {
    const value = new RegExp(`^ {4}${name} = "?([^";]*)"?;$`, 'm').exec(text)?.[1];
    if (value && /^(1|YES|true)$/i.test(value)) switches.set(name, true);
    else if (value && /^(0|NO|false)$/i.test(value)) switches.set(name, false);
  }
  return switches;
}

/**
 * Whether macOS installs its updates by itself: every switch on. A managed profile's value (MDM)
 * overrides the Mac's own. A switch set nowhere leaves it unknown: shop-audit does not assume
 * Apple's default, which has changed between releases.
 */
export function macosAutoUpdates(own: Map<string, boolean>, managed: Map<string, boolean>): Answer<AutoUpdates> {
  const value = (name: string) => managed.get(name) ?? own.get(name);
  const off = MACOS_UPDATE_SWITCHES.filter((n) => value(n) === false);
  if (off.length > 0)
    return { ok: true, value: { automatic: false, evidence: `Software Update: ${off.join(', ')} off` } };
  const unset = MACOS_UPDATE_SWITCHES.filter((n) => value(n) === undefined);
  if (unset.length > 0)
    return {
      ok: false,
      reason:
        `${unset.join(', ')} not set in com.apple.SoftwareUpdate: the Mac follows Apple's default, ` +
        'which shop-audit does not assume (System Settings > General > Software Update shows it)',
    };
  return { ok: true, value: { automatic: true, evidence: `Software Update: ${MACOS_UPDATE_SWITCHES.join(', ')} on` } };
}

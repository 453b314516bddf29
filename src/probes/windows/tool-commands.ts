import {
  FIREWALL_POLICY,
  keyName,
  PRINT_ENVIRONMENTS,
  PRINT_MONITORS,
  REGISTRY_ANSWERS,
  RUN_KEYS,
  UNINSTALL_KEYS,
  USBSTOR_DEVICES,
  SYSTEM_IMAGE_BACKUP,
  WINDOWS_BACKUP_STATUS,
  WINDOWS_BACKUP_TARGET,
  WINLOGON,
} from './registry.js';

// Every command of Windows' own tools the fallback (fallback.ts) may run, declared once: the fallback
// runs them from here, and the old-Windows collector (collector.ts: collect.cmd, for Windows 7 and 8.1,
// where shop-audit itself cannot start) is generated from the same list, so the two cannot drift apart.

/** A program below %SystemRoot%\System32 with its arguments. */
export interface ToolCommand {
  program: string;
  args: readonly string[];
  /** The fallback runs it only on an elevated scan. */
  elevatedOnly?: true;
  /** Only its exit code is read: its output may hold a secret, and the collector never keeps it. */
  exitCodeOnly?: true;
  /** Why the collector does not run it (the report then says it was not read). */
  notCollected?: string;
}

/** Stands for the system drive (C:) in an argument; the fallback and the collector put in %SystemDrive%. */
export const SYSTEM_DRIVE = '{SystemDrive}';

export const WINLOGON_KEY = keyName(WINLOGON);
export const UNINSTALL = UNINSTALL_KEYS.map(keyName);
export const RUN = RUN_KEYS.map(keyName);
// Keys only the fallback reads, for what the script asks of CIM or the environment.
export const CODE_PAGE = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage';
export const MEMORY_MANAGEMENT = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Memory Management';
export const PRODUCT_OPTIONS = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\ProductOptions';
export const SERVICES = 'HKLM\\SYSTEM\\CurrentControlSet\\Services';
/** The display language: the one the user chose, else the one Windows shows everyone. */
export const UI_LANGUAGE_KEYS = [
  ['HKCU\\Control Panel\\Desktop', 'PreferredUILanguages'],
  ['HKCU\\Control Panel\\Desktop\\MuiCached', 'MachinePreferredUILanguages'],
] as const;
/** Searches that list one value of every subkey. */
export const DISPLAY_NAMES = ['/s', '/v', 'DisplayName'] as const;
export const START_VALUES = ['/s', '/v', 'Start'] as const;
export const DRIVER_VALUES = ['/s', '/v', 'Driver'] as const;
/** The print monitors' and print processors' keys, searched for their Driver values. */
export const PRINT_KEYS = [keyName(PRINT_MONITORS), keyName(PRINT_ENVIRONMENTS)] as const;
/** The user hives loaded under HKEY_USERS: the people signed in. */
export const USER_HIVES = 'HKU';

/** `reg query KEY [more]` as a command. */
export const regQuery = (key: string, more: readonly string[] = []): ToolCommand => ({
  program: 'reg.exe',
  args: ['query', key, ...more],
});
/** `reg query KEY /v NAME`: one value of a key. */
export const regValueQuery = (key: string, name: string) => regQuery(key, ['/v', name]);

export const TOOL_COMMANDS = {
  netAccounts: { program: 'net.exe', args: ['accounts'] },
  netShare: { program: 'net.exe', args: ['share'] },
  /** The accounts' names, when WMIC cannot list them; then `net user NAME` for each (not collected: names vary). */
  netUsers: { program: 'net.exe', args: ['user'] },
  quser: { program: 'quser.exe', args: [] },
  firewallProfiles: { program: 'netsh.exe', args: ['advfirewall', 'show', 'allprofiles'] },
  services: { program: 'sc.exe', args: ['query', 'type=', 'service', 'state=', 'all'] },
  processes: { program: 'tasklist.exe', args: ['/fo', 'csv', '/nh'] },
  localUsers: {
    program: 'wbem\\WMIC.exe',
    args: ['useraccount', 'where', 'LocalAccount=TRUE', 'get', 'Disabled,Name,PasswordRequired,SID'],
  },
  hotfixes: { program: 'wbem\\WMIC.exe', args: ['qfe', 'get', 'HotFixID,InstalledOn'] },
  bitLockerVolumes: { program: 'manage-bde.exe', args: ['-status', SYSTEM_DRIVE], elevatedOnly: true },
  scheduledTasks: { program: 'schtasks.exe', args: ['/query', '/fo', 'csv', '/v'] },
  listeningSockets: { program: 'netstat.exe', args: ['-ano'] },
  wlanInterfaces: { program: 'netsh.exe', args: ['wlan', 'show', 'interfaces'] },
  /** The Security log's oldest event (read forwards, one event), as XML: only its time is kept (administrator only). */
  securityLogOldest: {
    program: 'wevtutil.exe',
    args: ['qe', 'Security', '/c:1', '/rd:false', '/f:xml'],
    elevatedOnly: true,
  },
} as const satisfies Record<string, ToolCommand>;

/** DefaultPassword: whether it exists (reg.exe exits 0), never its data. */
export const DEFAULT_PASSWORD_QUERY: ToolCommand = {
  ...regValueQuery(WINLOGON_KEY, 'DefaultPassword'),
  exitCodeOnly: true,
};

/**
 * Everything the fallback may run, in the order the collector runs it. A registry read that fails is
 * followed, by both, by reads of its parent keys (fallback.ts: the parent tells a missing key from an
 * unreadable one), which are not listed.
 */
export function fallbackCommands(): ToolCommand[] {
  const keys = [
    CODE_PAGE,
    ...Object.values(REGISTRY_ANSWERS).map(keyName),
    ...UI_LANGUAGE_KEYS.map(([key]) => key),
    MEMORY_MANAGEMENT,
    PRODUCT_OPTIONS,
    ...FIREWALL_POLICY.profiles.map((p) => `${keyName(FIREWALL_POLICY)}\\${p}`),
    ...RUN,
    ...[WINDOWS_BACKUP_STATUS, WINDOWS_BACKUP_TARGET, SYSTEM_IMAGE_BACKUP, USBSTOR_DEVICES].map(keyName),
  ];
  const commands: ToolCommand[] = [
    ...[...new Set(keys)].map((key) =>
      key === keyName(REGISTRY_ANSWERS.machineGuid)
        ? {
            ...regQuery(key),
            notCollected:
              'the machine identity (MachineGuid) is not taken off the PC by the old-Windows collector: ' +
              'its reports are matched by computer name',
          }
        : regQuery(key),
    ),
    ...WINLOGON.values.map((name) => regValueQuery(WINLOGON_KEY, name)),
    DEFAULT_PASSWORD_QUERY,
    ...UNINSTALL.map((key) => regQuery(key, DISPLAY_NAMES)),
    regQuery(SERVICES, START_VALUES),
    ...PRINT_KEYS.map((key) => regQuery(key, DRIVER_VALUES)),
    { ...regQuery(USER_HIVES), elevatedOnly: true },
    ...Object.values(TOOL_COMMANDS),
  ];
  return commands;
}

// Every registry key the Windows scan reads, declared once. The script (script.ts) builds its RegValues
// queries from these entries, the decoder (document.ts) its schemas, and the fallback (fallback.ts) the
// keys it asks reg.exe for when PowerShell could not run. A value is a DWORD (a number) or REG_SZ text;
// regNumber reads both, since some settings (ScreenSaveTimeOut) are numbers kept as text.

/** One key and the values read from it. */
export interface RegistryKey {
  /**
   * HKLM, or HKCU: the signed-in person's own settings (the script reads them from HKU\<SID> of the person
   * at the screen when the scan runs elevated under another account).
   */
  hive: 'HKLM' | 'HKCU';
  /** The key below its hive, as regedit shows it. */
  path: string;
  values: readonly string[];
}

const SCREEN_SAVER = ['ScreenSaveActive', 'ScreenSaverIsSecure', 'ScreenSaveTimeOut', 'SCRNSAVE.EXE'] as const;
const EXPLORER_POLICY = ['NoDriveTypeAutoRun', 'NoAutorun'] as const;
/** Group Policy's "Removable Storage Access": its "All removable storage classes" key and the Removable Disks class. */
const REMOVABLE_STORAGE = 'SOFTWARE\\Policies\\Microsoft\\Windows\\RemovableStorageDevices';
const REMOVABLE_DISKS = `${REMOVABLE_STORAGE}\\{53f5630d-b6bf-11d0-94f2-00a0c91efb8b}`;
const REMOVABLE_DISK_VALUES = ['Deny_Read', 'Deny_Write', 'Deny_Execute'] as const;

/** The answers that are one key's named values (a missing key is null), by answer name. */
export const REGISTRY_ANSWERS = {
  osVersion: {
    hive: 'HKLM',
    path: 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
    values: ['ProductName', 'EditionID', 'DisplayVersion', 'ReleaseId', 'CurrentVersion', 'CurrentBuild', 'UBR'],
  },
  /** The machine identity; a bundle keeps only its hash (redactWindowsDocument). */
  machineGuid: { hive: 'HKLM', path: 'SOFTWARE\\Microsoft\\Cryptography', values: ['MachineGuid'] },
  screenSaverUser: { hive: 'HKCU', path: 'Control Panel\\Desktop', values: SCREEN_SAVER },
  screenSaverPolicy: {
    hive: 'HKCU',
    path: 'Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop',
    values: SCREEN_SAVER,
  },
  machineInactivity: {
    hive: 'HKLM',
    path: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System',
    values: ['InactivityTimeoutSecs'],
  },
  autorunMachine: {
    hive: 'HKLM',
    path: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer',
    values: EXPLORER_POLICY,
  },
  autorunUser: {
    hive: 'HKCU',
    path: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer',
    values: EXPLORER_POLICY,
  },
  autoplayHandlers: {
    hive: 'HKCU',
    path: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\AutoplayHandlers',
    values: ['DisableAutoplay'],
  },
  removableStorageMachine: { hive: 'HKLM', path: REMOVABLE_STORAGE, values: ['Deny_All'] },
  removableStorageUser: { hive: 'HKCU', path: REMOVABLE_STORAGE, values: ['Deny_All'] },
  removableDisksMachine: { hive: 'HKLM', path: REMOVABLE_DISKS, values: REMOVABLE_DISK_VALUES },
  removableDisksUser: { hive: 'HKCU', path: REMOVABLE_DISKS, values: REMOVABLE_DISK_VALUES },
  /** The USB mass-storage driver: Start 4 is disabled (no USB stick opens), 3 the default (started on demand). */
  usbStorDriver: { hive: 'HKLM', path: 'SYSTEM\\CurrentControlSet\\Services\\USBSTOR', values: ['Start'] },
  /** "Deny write access to removable drives not protected by BitLocker" (BitLocker To Go): 1 enabled. */
  bitLockerRemovablePolicy: {
    hive: 'HKLM',
    path: 'SYSTEM\\CurrentControlSet\\Policies\\Microsoft\\FVE',
    values: ['RDVDenyWriteAccess'],
  },
  /** The Security log's settings: MaxSize in bytes, Retention 0 overwrite (-1 never),, AutoBackupLogFiles 1. */
  securityLog: {
    hive: 'HKLM',
    path: 'SYSTEM\\CurrentControlSet\\Services\\EventLog\\Security',
    values: ['MaxSize', 'Retention', 'AutoBackupLogFiles'],
  },
  /** Group Policy's Security log settings, which win: MaxSize in KB, Retention "1" keep old events. */
  securityLogPolicy: {
    hive: 'HKLM',
    path: 'SOFTWARE\\Policies\\Microsoft\\Windows\\EventLog\\Security',
    values: ['MaxSize', 'Retention', 'AutoBackupLogFiles'],
  },
  /** File History of the signed-in person: ProtectedUpToTime (a FILETIME), the time its last finished backup covers. */
  fileHistory: {
    hive: 'HKCU',
    path: 'Software\\Microsoft\\Windows\\CurrentVersion\\FileHistory',
    values: ['ProtectedUpToTime'],
  },
  lanmanServer: {
    hive: 'HKLM',
    path: 'SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters',
    values: ['SMB1', 'RestrictNullSessAccess'],
  },
  lsa: {
    hive: 'HKLM',
    path: 'SYSTEM\\CurrentControlSet\\Control\\Lsa',
    values: ['everyoneincludesanonymous', 'restrictanonymous', 'forceguest', 'LimitBlankPasswordUse'],
  },
  terminalServer: {
    hive: 'HKLM',
    path: 'SYSTEM\\CurrentControlSet\\Control\\Terminal Server',
    values: ['fDenyTSConnections'],
  },
  rdpTcp: {
    hive: 'HKLM',
    path: 'SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp',
    values: ['UserAuthentication'],
  },
  terminalServicesPolicy: {
    hive: 'HKLM',
    path: 'SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services',
    values: ['fDenyTSConnections', 'UserAuthentication'],
  },
  /** Settings > Windows Update > Pause updates: when each pause ends (UTC text, 2023-07-18T09:02:26Z). */
  windowsUpdatePause: {
    hive: 'HKLM',
    path: 'SOFTWARE\\Microsoft\\WindowsUpdate\\UX\\Settings',
    values: ['PauseUpdatesExpiryTime', 'PauseQualityUpdatesEndTime', 'PauseFeatureUpdatesEndTime'],
  },
  /**
   * Windows Update for Business policies: deferral of quality (security) and feature updates, in days, and the day a
   * pause of quality updates starts (yyyy-mm-dd; it lasts 35 days); WUServer, the update server (WSUS) Windows asks
   * instead of Microsoft's when the AU key's UseWUServer is 1.
   */
  windowsUpdatePolicy: {
    hive: 'HKLM',
    path: 'SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate',
    values: [
      'DeferQualityUpdates',
      'DeferQualityUpdatesPeriodInDays',
      'DeferFeatureUpdates',
      'DeferFeatureUpdatesPeriodInDays',
      'PauseQualityUpdatesStartTime',
      'WUServer',
    ],
  },
  /**
   * "Configure Automatic Updates": NoAutoUpdate 1 turns them off; AUOptions 2, 3 and 7 leave installing to people;
   * UseWUServer 1 takes updates from the WUServer of windowsUpdatePolicy only.
   */
  windowsUpdateAuPolicy: {
    hive: 'HKLM',
    path: 'SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU',
    values: ['NoAutoUpdate', 'AUOptions', 'UseWUServer'],
  },
  /**
   * Windows Update's own settings page of Windows 7 and 8.1 (Control Panel), which no policy overrides: AUOptions 1
   * never check, 2 check and let me choose, 3 download and let me choose, 4 install automatically. Windows 10 and
   * later have no such page and do not read it.
   */
  windowsUpdateLocal: {
    hive: 'HKLM',
    path: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update',
    values: ['AUOptions'],
  },
  /** The Windows Update service's start type: 4 is disabled (2 automatic, 3 manual: started when needed). */
  windowsUpdateService: {
    hive: 'HKLM',
    path: 'SYSTEM\\CurrentControlSet\\Services\\wuauserv',
    values: ['Start'],
  },
  /**
   * The Update Orchestrator (Windows 10 and later; none on Windows 7), which schedules the automatic scans and
   * installs: Start 4 is disabled ("If stopped, your devices will not be able to download and install the latest
   * updates", its service description).
   */
  updateOrchestratorService: {
    hive: 'HKLM',
    path: 'SYSTEM\\CurrentControlSet\\Services\\UsoSvc',
    values: ['Start'],
  },
  /**
   * Where the signed-in person's own folders really are: Properties > Location, OneDrive's Known Folder Move and
   * Folder Redirection rewrite these (D:\桌面, C:\Users\X\OneDrive\Desktop, \\server\share\Desktop); by default
   * %USERPROFILE%\Desktop, REG_EXPAND_SZ, read unexpanded (the scanning account's variables are not the person's).
   * Personal is Documents, {374DE290-…} Downloads (personal_data's SOURCES.md).
   */
  userShellFolders: {
    hive: 'HKCU',
    path: 'Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders',
    values: ['Desktop', 'Personal', '{374DE290-123F-4565-9164-39C4925E467B}', 'Startup'],
  },
  /** The signed-in person's session variables, which expand userShellFolders' %USERPROFILE% and the like. */
  userSession: {
    hive: 'HKCU',
    path: 'Volatile Environment',
    values: ['USERPROFILE', 'HOMEDRIVE', 'HOMEPATH', 'USERNAME', 'APPDATA', 'LOCALAPPDATA'],
  },
} as const satisfies Record<string, RegistryKey>;

/** The machine's own variables, the same for every person, which may also stand in userShellFolders' paths. */
export const MACHINE_VARIABLES = ['SystemDrive', 'SystemRoot', 'windir', 'ProgramData', 'ALLUSERSPROFILE'] as const;

export type RegistryAnswerName = keyof typeof REGISTRY_ANSWERS;

/**
 * Auto-logon: these values, and whether DefaultPassword exists (never its data); and ScreenSaverGracePeriod, the
 * seconds a password-protected screen saver runs before it asks for the password (screen_lock).
 */
export const WINLOGON = {
  hive: 'HKLM',
  path: 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon',
  values: ['AutoAdminLogon', 'DefaultUserName', 'DefaultDomainName', 'ScreenSaverGracePeriod'],
} as const satisfies RegistryKey;

/**
 * The power settings (wakeSignIn): CsEnabled (Modern Standby) here, the active scheme under User\PowerSchemes,
 * and each setting's plugged-in and battery indexes in the scheme, its default and its policy.
 */
export const POWER = {
  hive: 'HKLM',
  path: 'SYSTEM\\CurrentControlSet\\Control\\Power',
  values: ['CsEnabled'],
} as const satisfies RegistryKey;
export const POWER_SCHEMES = {
  hive: 'HKLM',
  path: `${POWER.path}\\User\\PowerSchemes`,
  values: ['ActivePowerScheme'],
} as const satisfies RegistryKey;
export const POWER_POLICY = { hive: 'HKLM', path: 'SOFTWARE\\Policies\\Microsoft\\Power\\PowerSettings' } as const;
export const POWER_INDEXES = ['ACSettingIndex', 'DCSettingIndex'] as const;
/** "If you've been away, when should Windows require you to sign in again?" */
export const DELAY_LOCK = {
  hive: 'HKCU',
  path: 'Control Panel\\Desktop',
  values: ['DelayLockInterval'],
} as const satisfies RegistryKey;

/**
 * Group Policy's firewall settings, one subkey per profile: DomainProfile, PrivateProfile and PublicProfile of
 * "Windows Defender Firewall with Advanced Security", and StandardProfile of the legacy Windows Firewall template,
 * which reaches the Private and the Public profile (Microsoft KB 2586744 and KB 947229; firewall-policy.ts).
 */
export const FIREWALL_POLICY = {
  hive: 'HKLM',
  path: 'SOFTWARE\\Policies\\Microsoft\\WindowsFirewall',
  profiles: ['DomainProfile', 'PrivateProfile', 'PublicProfile', 'StandardProfile'],
  values: ['EnableFirewall', 'DefaultInboundAction'],
} as const;

/** Group Policy's own firewall rules (which FwPolicy2 does not list): one `v2.x|Action=…|Dir=…|…` text per rule. */
export const FIREWALL_POLICY_RULES = {
  hive: 'HKLM',
  path: 'SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\FirewallRules',
} as const;

/** Programs and Features of 64-bit, 32-bit and per-user installs: each subkey's DisplayName. */
export const UNINSTALL_KEYS = [
  { hive: 'HKLM', path: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall' },
  { hive: 'HKLM', path: 'SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall' },
  { hive: 'HKCU', path: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall' },
] as const;

/** The Run and RunOnce keys of the machine (64- and 32-bit programs) and the user: each value starts a program. */
export const RUN_KEYS: readonly Omit<RegistryKey, 'values'>[] = ['Run', 'RunOnce'].flatMap((name) => [
  { hive: 'HKLM', path: `SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\${name}` },
  { hive: 'HKLM', path: `SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\${name}` },
  { hive: 'HKCU', path: `SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\${name}` },
]);

/** The spooler loads every print monitor's Driver DLL into itself (SYSTEM) when it starts: one subkey per monitor. */
export const PRINT_MONITORS = {
  hive: 'HKLM',
  path: 'SYSTEM\\CurrentControlSet\\Control\\Print\\Monitors',
  values: ['Driver'],
} as const satisfies RegistryKey;
/** Print processors, one subkey each under `<environment>\Print Processors` (Windows x64, Windows NT x86, …). */
export const PRINT_ENVIRONMENTS = {
  hive: 'HKLM',
  path: 'SYSTEM\\CurrentControlSet\\Control\\Print\\Environments',
  values: ['Driver'],
} as const satisfies RegistryKey;

/** The USB storage devices Windows has seen: a subkey per kind of device (its instances, named by serial, unread). */
export const USBSTOR_DEVICES = { hive: 'HKLM', path: 'SYSTEM\\CurrentControlSet\\Enum\\USBSTOR' } as const;

/**
 * Backup and Restore (Windows 7), still in Windows 10 and 11's Control Panel: its Status key holds LastSuccess, the
 * end of the last backup that finished, a FILETIME kept as 8 bytes (REG_BINARY); ScheduleParams\TargetDevice exists
 * once a backup disk is chosen; SystemImageBackup holds LastSuccessfulBackupTime (REG_QWORD) of a system image.
 * Value names as RegRipper's winbackup.pl reads them and a Vista export shows them (backups' SOURCES.md).
 */
export const WINDOWS_BACKUP_STATUS = {
  hive: 'HKLM',
  path: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsBackup\\Status',
  values: ['LastSuccess'],
} as const satisfies RegistryKey;
export const WINDOWS_BACKUP_TARGET = {
  hive: 'HKLM',
  path: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsBackup\\ScheduleParams\\TargetDevice',
} as const;
export const SYSTEM_IMAGE_BACKUP = {
  hive: 'HKLM',
  path: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsBackup\\SystemImageBackup',
  values: ['LastSuccessfulBackupTime'],
} as const satisfies RegistryKey;

/** A key's full name as reg.exe and PowerShell's Registry:: provider take it (HKLM\…). */
export const keyName = (key: { hive: string; path: string }) => `${key.hive}\\${key.path}`;

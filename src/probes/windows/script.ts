import { COMMON_PASSWORDS, LOCKOUT_MARGIN } from '../common-passwords.js';
import type { CollectOptions } from '../types.js';
import {
  DELAY_LOCK,
  FIREWALL_POLICY,
  FIREWALL_POLICY_RULES,
  keyName,
  MACHINE_VARIABLES,
  POWER,
  POWER_INDEXES,
  POWER_POLICY,
  POWER_SCHEMES,
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
  type RegistryAnswerName,
} from './registry.js';

// The one PowerShell script a Windows scan runs. It is passed on standard input (never as an
// encoded command line, which hides what runs and looks like malware to security software) and
// prints one UTF-8 JSON line per query as soon as the query is answered, each after ANSWER_MARKER:
// `{q, value}` or `{q, failed}` (why the query gave none), between a `{contract}` line and a
// `{done}` line. A run stopped half-way keeps every line already printed, and the lines are found by
// their marker among whatever else reaches standard output (a WARNING:, a profile's greeting).
// Every query runs inside Q, so one failure (a missing cmdlet, access denied) leaves that query
// without its answer and the others go on. The script only reads; with --deep
// (windowsScript({ deep: true }), which sets $Deep) it also tries empty-password logons.

/** What starts every line of the script's answer. */
export const ANSWER_MARKER = '#shop-audit# ';

// Every registry key and value name below comes from registry.ts, written into the script by these helpers.
const psString = (text: string) => `'${text.replace(/'/g, "''")}'`;
const psList = (items: readonly string[]) => `@(${items.map(psString).join(', ')})`;
/** A key as the script names it: HKLM's as it is, the signed-in person's under $UserHive (HKCU or HKU\<SID>). */
const psKey = (key: { hive: string; path: string }) =>
  key.hive === 'HKCU' ? `"$UserHive\\${key.path}"` : psString(keyName(key));
/** The query of an answer that is one key's named values: one line, or more when one would pass 200 characters. */
const regQuery = (name: RegistryAnswerName) => {
  const { values } = REGISTRY_ANSWERS[name];
  const read = `RegValues ${psKey(REGISTRY_ANSWERS[name])} ${psList(values)}`;
  const line = `Q '${name}' { ${read} }`;
  if (line.length <= 200) return line;
  if (read.length <= 198) return `Q '${name}' {\n  ${read}\n}`;
  // Still too long: the value names wrapped, as many a line as fit.
  const rows: string[] = [];
  for (const name of values.map(psString)) {
    const last = rows.length - 1;
    if (last >= 0 && rows[last]!.length + name.length + 2 <= 120) rows[last] += `, ${name}`;
    else rows.push(`    ${name}`);
  }
  const list = `@(\n${rows.join(',\n')}\n  )`;
  return `Q '${name}' {\n  RegValues ${psKey(REGISTRY_ANSWERS[name])} ${list}\n}`;
};

export const WINDOWS_SCRIPT = String.raw`
$ErrorActionPreference = 'Stop'
# Nothing but the answer lines on standard output: no progress bars, warnings, information or verbose messages.
$ProgressPreference = $WarningPreference = $InformationPreference = 'SilentlyContinue'
$VerbosePreference = $DebugPreference = 'SilentlyContinue'
[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false
$Marker = '${ANSWER_MARKER}'

# One answer line, flushed at once. Constrained Language Mode refuses [Console]: the pipeline prints it then.
function Emit($Line) {
  $text = $Marker + (ConvertTo-Json -InputObject $Line -Depth 6 -Compress)
  try { [Console]::Out.WriteLine($text); [Console]::Out.Flush() } catch { $text }
}

function Q([string]$Name, [scriptblock]$Query) {
  try { $value = & $Query; Emit ([ordered]@{ q = $Name; value = $value }) }
  catch {
    $failure = [ordered]@{ type = $_.Exception.GetType().FullName; message = $_.Exception.Message }
    Emit ([ordered]@{ q = $Name; failed = $failure })
  }
}

Emit ([ordered]@{ contract = 2 })

# Named values of one registry key; a key that does not exist is $null (the setting is unset).
function RegValues([string]$Path, [string[]]$Names) {
  try { $key = Get-Item -LiteralPath "Registry::$Path" }
  catch [System.Management.Automation.ItemNotFoundException] { return $null }
  # Unexpanded, as reg.exe shows them: %USERPROFILE% in the person's key is the person's, not the scanning account's.
  $values = [ordered]@{}
  foreach ($name in $Names) { $values[$name] = $key.GetValue($name, $null, 'DoNotExpandEnvironmentNames') }
  $values
}

function Iso($Date) { if ($null -eq $Date) { $null } else { $Date.ToUniversalTime().ToString('o') } }

function Sid([string]$Account) {
  $sidType = [System.Security.Principal.SecurityIdentifier]
  (New-Object System.Security.Principal.NTAccount $Account).Translate($sidType).Value
}

# Who made a program that starts by itself, as its file says (VersionInfo CompanyName: read from the file, not a
# verified signature); $null for Windows' own folder, for a file that is not there, and for a command with no path.
function CompanyOf([string]$Command) {
  $text = [Environment]::ExpandEnvironmentVariables($Command.Trim())
  $program = ($text -split '\s+')[0]
  if ($text -match '^(.*?\.exe)\b') { $program = $Matches[1] }
  # A quoted program wins (its path may hold spaces and a folder named like x.exe).
  if ($text -match '^"([^"]+)"') { $program = $Matches[1] }
  if ($program -notmatch '^[A-Za-z]:\\') { return $null }
  if ($program.StartsWith($env:SystemRoot + '\', 'OrdinalIgnoreCase')) { return $null }
  try { $item = Get-Item -LiteralPath $program -ErrorAction Stop } catch { return $null }
  if ($item -is [IO.FileInfo]) { $item.VersionInfo.CompanyName } else { $null }
}

Q 'computerName' { [Environment]::MachineName }
Q 'uiLanguage' { [System.Globalization.CultureInfo]::CurrentUICulture.Name }
# Constrained Language Mode (set by policy) blocks most of what follows: shop-audit then reads with reg.exe instead.
Q 'languageMode' { [string]$ExecutionContext.SessionState.LanguageMode }
${regQuery('osVersion')}

Q 'localUsers' {
  ,@(Get-LocalUser | ForEach-Object {
    [ordered]@{ name = $_.Name; sid = $_.SID.Value; enabled = $_.Enabled; passwordRequired = $_.PasswordRequired
      passwordLastSet = Iso $_.PasswordLastSet }
  })
}

${regQuery('machineGuid')}

Q 'winlogon' {
  $key = Get-Item -LiteralPath ${psString(`Registry::${keyName(WINLOGON)}`)}
  # DefaultPassword: whether it exists, never its value.
  [ordered]@{
${WINLOGON.values.map((v) => `    ${v} = $key.GetValue(${psString(v)}, $null)`).join('\n')}
    DefaultPasswordExists = $key.GetValueNames() -contains 'DefaultPassword'
  }
}

# The local password and lockout policy. net.exe's labels are translated, so the TS side reads the
# lines by position (parseNetAccounts). PowerShell decodes a native command's output with
# [Console]::OutputEncoding, the UTF-8 set above; when net.exe writes in another code page (the
# OEM one: GBK on Chinese Windows) its labels and words arrive garbled, but the numbers are ASCII
# in every code page and come through whole.
Q 'netAccounts' {
  $lines = & "$env:SystemRoot\System32\net.exe" accounts
  if ($LASTEXITCODE -ne 0) { throw "net accounts exited with code $LASTEXITCODE" }
  ,@($lines)
}

# --deep only. LogonUser (network logon, type 3) bound in memory with Reflection.Emit, once per scan: Add-Type would
# run csc.exe and write to %TEMP%. Logon answers the Win32 error code of one try (0: logged on; the token is closed
# at once).
function Logon([string]$Name, [string]$Password) {
  if (-not $script:LogonType) {
    $assemblyName = New-Object System.Reflection.AssemblyName 'ShopAudit'
    $assembly = [AppDomain]::CurrentDomain.DefineDynamicAssembly($assemblyName, 'Run')
    $type = $assembly.DefineDynamicModule('ShopAudit').DefineType('Logon', 'Public, Class')
    $dllImport = [Runtime.InteropServices.DllImportAttribute]
    $logonUserArgs = @([string], [string], [string], [int], [int], [IntPtr].MakeByRefType())
    $logonUser = @('advapi32.dll', 'LogonUserW', $logonUserArgs)
    foreach ($call in @($logonUser, @('kernel32.dll', 'CloseHandle', @([IntPtr])))) {
      $method = $type.DefinePInvokeMethod($call[1], $call[0], 'Public, Static, PinvokeImpl', 'Standard', [bool],
        [Type[]]$call[2], 'Winapi', 'Unicode')
      $method.SetImplementationFlags('PreserveSig')
      $constructor = $dllImport.GetConstructor([Type[]]@([string]))
      $builder = New-Object System.Reflection.Emit.CustomAttributeBuilder($constructor, [object[]]@($call[0]),
        [Reflection.FieldInfo[]]@($dllImport.GetField('SetLastError')), [object[]]@($true))
      $method.SetCustomAttribute($builder)
    }
    $script:LogonType = $type.CreateType()
  }
  $token = [IntPtr]::Zero
  $loggedOn = $script:LogonType::LogonUserW($Name, '.', $Password, 3, 0, [ref]$token)
  $code = if ($loggedOn) { 0 } else { [Runtime.InteropServices.Marshal]::GetLastWin32Error() }
  if ($token -ne [IntPtr]::Zero) { [void]$script:LogonType::CloseHandle($token) }
  $code
}

# --deep only. An account's lockout threshold (0: never locks) and its failed logons so far, through the WinNT
# provider; each $null when unreadable.
function LockoutState([string]$Name) {
  $user = [ADSI]"WinNT://./$Name,user"; $threshold = $null; $failed = $null
  try { $threshold = $user.MaxBadPasswordsAllowed.Value; $failed = $user.BadPasswordAttempts.Value } catch { }
  [ordered]@{ threshold = $(if ($threshold -is [int]) { $threshold }); failed = $(if ($failed -is [int]) { $failed }) }
}

# How many of $Candidates failed logons may be made (allowedTries in common-passwords.ts): all when the account never
# locks, none when its threshold or failures are unknown, else as many as leave ${LOCKOUT_MARGIN} before the threshold.
function TriesAllowed($State, [int]$Candidates) {
  if ($State.threshold -eq 0) { return $Candidates }
  if ($null -eq $State.threshold -or $null -eq $State.failed) { return 0 }
  [Math]::Max(0, [Math]::Min($Candidates, $State.threshold - $State.failed - ${LOCKOUT_MARGIN}))
}

# --deep only. An EMPTY password for each enabled local account: 0 logged on or 1327 blank passwords restricted
# (LimitBlankPasswordUse) mean the password is empty, 1326 that it is not. Each try is a failed-logon event (4625) and
# counts towards the lockout threshold: made only when the margin holds, else the code is $null (not tried).
$EmptyLogon = @{}
Q 'emptyPasswordLogons' {
  if (-not $Deep) { return }
  ,@(Get-LocalUser | Where-Object { $_.Enabled } | ForEach-Object {
    $code = $null
    if ((TriesAllowed (LockoutState $_.Name) 1) -ge 1) { $code = Logon $_.Name '' }
    $EmptyLogon[$_.SID.Value] = $code
    [ordered]@{ sid = $_.SID.Value; code = $code }
  })
}

# --deep only. The commonest passwords in China, then the account's name, on each enabled local account whose
# password is not empty; it stops at the first answer but 1326 (wrong password), and tries at most TriesAllowed, read
# with the account's failed logons so far (the empty-password try included). Only the codes are printed.
Q 'commonPasswordLogons' {
  if (-not $Deep) { return }
  $untried = Get-LocalUser | Where-Object { $_.Enabled -and (0, 1327) -notcontains $EmptyLogon[$_.SID.Value] }
  ,@($untried | ForEach-Object {
    $state = LockoutState $_.Name; $codes = @()
    $candidates = ${psList(COMMON_PASSWORDS)}
    if ($candidates -cnotcontains $_.Name) { $candidates += $_.Name }
    $allowed = TriesAllowed $state $candidates.Count
    for ($i = 0; $i -lt $allowed; $i++) { $codes += Logon $_.Name $candidates[$i]; if ($codes[-1] -ne 1326) { break } }
    [ordered]@{ sid = $_.SID.Value; threshold = $state.threshold; failed = $state.failed; codes = $codes }
  })
}

# Whose per-user settings: those of the person signed in at the screen (Win32_ComputerSystem.UserName), read from
# HKU\<SID> when a technician runs the scan elevated under his own account. The decoder decides when nobody is there.
$UserHive = 'HKCU'
Q 'consoleUser' {
  $me = [Security.Principal.WindowsIdentity]::GetCurrent().User.Value
  $name = (Get-CimInstance -ClassName Win32_ComputerSystem).UserName
  $sid = $null; if ($name) { $sid = Sid $name }
  if ($sid -and $sid -ne $me) { $script:UserHive = "HKU\$sid" }
  [ordered]@{ scanSid = $me; consoleSid = $sid; consoleName = $name }
}

# The members of Administrators by SID (S-1-5-32-544; its name is translated, e.g. Administratoren), through ADSI's
# WinNT provider, which every Windows has and which reads orphaned and Azure AD members that stop Get-LocalGroupMember.
Q 'administrators' {
  $admins = New-Object Security.Principal.SecurityIdentifier 'S-1-5-32-544'
  $name = $admins.Translate([Security.Principal.NTAccount]).Value.Split('\')[-1]
  $group = [ADSI]"WinNT://$env:COMPUTERNAME/$name,group"
  ,@(@($group.Invoke('Members')) | ForEach-Object {
    $bytes = $_.GetType().InvokeMember('objectSid', 'GetProperty', $null, $_, $null)
    $class = $_.GetType().InvokeMember('Class', 'GetProperty', $null, $_, $null)
    $sid = (New-Object Security.Principal.SecurityIdentifier($bytes, 0)).Value
    [ordered]@{ sid = $sid; isGroup = $class -eq 'Group' }
  })
}

# Where the person's Desktop, Documents, Downloads and Startup folders are, and the variables that expand them.
${regQuery('userShellFolders')}
${regQuery('userSession')}

${regQuery('screenSaverUser')}
${regQuery('screenSaverPolicy')}
${regQuery('machineInactivity')}

# A power setting's plugged-in (AC) and battery (DC) values: as set in the active scheme, the scheme's default (under
# the setting's own definition), and the policy. Settings of no subgroup (SUB_NONE) have no subgroup folder there.
function PowerSetting([string]$Scheme, [string]$Subgroup, [string]$Setting) {
  $power = ${psString(keyName(POWER))}; $indexes = ${psList(POWER_INDEXES)}
  $definition = if ($Subgroup -eq 'fea3413e-7e05-4911-9a71-700331f1c294') { "$power\PowerSettings\$Setting" }
    else { "$power\PowerSettings\$Subgroup\$Setting" }
  $inScheme = "${keyName(POWER_SCHEMES)}\$Scheme\$Subgroup\$Setting"
  [ordered]@{ scheme = if ($Scheme) { RegValues $inScheme $indexes } else { $null }
    default = if ($Scheme) { RegValues "$definition\DefaultPowerSchemeValues\$Scheme" $indexes } else { $null }
    policy = RegValues "${keyName(POWER_POLICY)}\$Setting" $indexes }
}

# How the PC locks by itself, by GUID (never powercfg's translated text): CONSOLELOCK, sleep (STANDBYIDLE), display off
# (VIDEOIDLE), Modern Standby (CsEnabled: it sleeps when the screen goes off), "If you've been away"
# (DelayLockInterval).
Q 'wakeSignIn' {
  $scheme = (RegValues ${psString(keyName(POWER_SCHEMES))} ${psList(POWER_SCHEMES.values)}).${POWER_SCHEMES.values[0]}
  $lock = PowerSetting $scheme 'fea3413e-7e05-4911-9a71-700331f1c294' '0e796bdb-100d-47d6-a2d5-f7d2daa51f51'
  [ordered]@{ activeScheme = $scheme; scheme = $lock.scheme; default = $lock.default; policy = $lock.policy
    delayLockInterval = (RegValues ${psKey(DELAY_LOCK)} ${psList(DELAY_LOCK.values)}).${DELAY_LOCK.values[0]}
    sleep = PowerSetting $scheme '238c9fa8-0aad-41ed-83f4-97be242c8f20' '29f6c1db-86da-48c5-9fdb-f2b67b1f44da'
    display = PowerSetting $scheme '7516b95f-f776-4464-8c53-06167f40cc99' '3c0bc021-c8a8-4e07-a973-6b14cbcb2b7e'
    modernStandby = (RegValues ${psString(keyName(POWER))} ${psList(POWER.values)}).${POWER.values[0]} }
}

${regQuery('autorunMachine')}
${regQuery('autorunUser')}
${regQuery('autoplayHandlers')}
${regQuery('removableStorageMachine')}
${regQuery('removableStorageUser')}
${regQuery('removableDisksMachine')}
${regQuery('removableDisksUser')}
${regQuery('usbStorDriver')}
${regQuery('bitLockerRemovablePolicy')}
# The kinds of USB storage device seen (Disk&Ven_X&Prod_Y): the subkeys' names, never their instances (serials).
Q 'usbStorageDevices' {
  $key = Get-Item -LiteralPath ${psString(`Registry::${keyName(USBSTOR_DEVICES)}`)} -ErrorAction SilentlyContinue
  if (-not $key) { return ,@() }
  ,@($key.GetSubKeyNames())
}

# When each USB storage device was first installed and last plugged in: properties only Windows' Plug and Play manager
# reads (the registry keeps them where only SYSTEM may look). Each by its kind, never its serial number.
Q 'usbStorageHistory' {
  $devices = @(Get-PnpDevice -InstanceId 'USBSTOR\*' -ErrorAction SilentlyContinue); $dates = @{}
  $names = 'DEVPKEY_Device_FirstInstallDate', 'DEVPKEY_Device_LastArrivalDate'
  if ($devices) { foreach ($p in @(Get-PnpDeviceProperty -InstanceId $devices.InstanceId -KeyName $names)) {
    if ($p.Data -is [datetime]) { $dates[$p.InstanceId + '|' + $p.KeyName] = Iso $p.Data } } }
  ,@(foreach ($d in $devices) { $id = $d.InstanceId; [ordered]@{ kind = ($id -split '\\')[1]
    firstInstall = $dates["$id|$($names[0])"]; lastArrival = $dates["$id|$($names[1])"] } })
}

Q 'systemDrive' { $env:SystemDrive }
Q 'bitLockerShell' {
  $drive = (New-Object -ComObject Shell.Application).NameSpace($env:SystemDrive + '\')
  $drive.Self.ExtendedProperty('System.Volume.BitLockerProtection')
}

Q 'bitLockerVolumes' {
  $namespace = 'root/cimv2/Security/MicrosoftVolumeEncryption'
  $volumes = Get-CimInstance -Namespace $namespace -ClassName Win32_EncryptableVolume
  ,@($volumes | ForEach-Object {
    [ordered]@{ deviceId = $_.DeviceID; driveLetter = $_.DriveLetter; volumeType = $_.VolumeType
      protectionStatus = $_.ProtectionStatus; conversionStatus = $_.ConversionStatus
      encryptionMethod = $_.EncryptionMethod }
  })
}

Q 'pageFiles' { ,@(Get-CimInstance -ClassName Win32_PageFileUsage | ForEach-Object { $_.Name }) }

Q 'shares' {
  ,@(Get-SmbShare | ForEach-Object {
    [ordered]@{ name = $_.Name; path = $_.Path; description = $_.Description; special = $_.Special
      shareType = [string]$_.ShareType }
  })
}

# Each entry resolved on its own: a deleted account (shown as its SID) or one no domain controller can resolve
# leaves only its own sid null, not every share's permissions.
Q 'shareAccess' {
  ,@(Get-SmbShare | Get-SmbShareAccess | ForEach-Object {
    $sid = $null
    if ($_.AccountName -match '^S-1-[0-9-]+$') { $sid = $_.AccountName }
    else { try { $sid = Sid $_.AccountName } catch { $sid = $null } }
    [ordered]@{ share = $_.Name; sid = $sid; right = [string]$_.AccessRight; control = [string]$_.AccessControlType }
  })
}

Q 'smbServer' { [ordered]@{ EnableSMB1Protocol = (Get-SmbServerConfiguration).EnableSMB1Protocol } }
${regQuery('lanmanServer')}
${regQuery('lsa')}

${regQuery('terminalServer')}
${regQuery('rdpTcp')}
${regQuery('terminalServicesPolicy')}
# Who is signed in now: quser's lines, read by position on the TS side (its words are translated).
# It writes its "nobody signed in" message to stderr, which Windows PowerShell turns into an error
# record that 'Stop' would throw: stderr is dropped and the exit code kept. Home editions have no quser.
Q 'quser' {
  $ErrorActionPreference = 'Continue'
  $quser = "$env:SystemRoot\System32\quser.exe"
  $missing = 'quser.exe is not on this edition of Windows'
  $notFound = 'System.Management.Automation.CommandNotFoundException'
  if (-not (Test-Path -LiteralPath $quser)) { throw (New-Object $notFound $missing) }
  $lines = @(& $quser 2>$null)
  $exitCode = $LASTEXITCODE
  $inSession = [Diagnostics.Process]::GetCurrentProcess().SessionId -ne 0
  [ordered]@{ exitCode = $exitCode; lines = $lines; inSession = $inSession }
}

Q 'services' {
  ,@(Get-CimInstance -ClassName Win32_Service | ForEach-Object {
    $publisher = if ($_.StartMode -eq 'Auto' -and $_.PathName) { CompanyOf $_.PathName } else { $null }
    [ordered]@{ name = $_.Name; displayName = $_.DisplayName; state = $_.State; startMode = $_.StartMode
      command = $_.PathName; publisher = $publisher }
  })
}

# Raw CIM values of the local store: Enabled 0 False / 1 True / 2 NotConfigured (GpoBoolean);
# DefaultInboundAction 0 NotConfigured / 2 Allow / 4 Block. Group Policy values override them.
Q 'firewallProfiles' {
  ,@(Get-CimInstance -Namespace 'root/StandardCimv2' -ClassName MSFT_NetFirewallProfile | ForEach-Object {
    [ordered]@{ name = $_.Name; enabled = $_.Enabled; defaultInboundAction = $_.DefaultInboundAction }
  })
}

Q 'firewallPolicy' {
  $policy = [ordered]@{}
  foreach ($name in ${psList(FIREWALL_POLICY.profiles)}) {
    $policy[$name] = RegValues "${keyName(FIREWALL_POLICY)}\$name" ${psList(FIREWALL_POLICY.values)}
  }
  $policy
}

${regQuery('fileHistory')}
# Backup and Restore (Windows 7): whether a backup disk is chosen, when its last backup and system image finished
# (FILETIMEs kept as 8 bytes or a QWORD). Windows Server Backup's summary, where its module is (needs administrator).
function FileTime([string]$Path, [string]$Name) {
  $value = (RegValues $Path @($Name)).$Name
  if ($value -is [byte[]] -and $value.Length -eq 8) { $value = [BitConverter]::ToInt64($value, 0) }
  if ($value -is [long] -and $value -gt 0) { Iso ([DateTime]::FromFileTimeUtc($value)) } }

Q 'windowsBackup' {
  [ordered]@{ target = Test-Path -LiteralPath ${psString(`Registry::${keyName(WINDOWS_BACKUP_TARGET)}`)}
  lastSuccess = FileTime ${psString(keyName(WINDOWS_BACKUP_STATUS))} ${psString(WINDOWS_BACKUP_STATUS.values[0])}
  systemImage = FileTime ${psString(keyName(SYSTEM_IMAGE_BACKUP))} ${psString(SYSTEM_IMAGE_BACKUP.values[0])} } }

Q 'serverBackup' {
  if (Test-Path "$env:SystemRoot\System32\WindowsPowerShell\v1.0\Modules\WindowsServerBackup") { $s = Get-WBSummary
    [ordered]@{ lastSuccess = Iso $s.LastSuccessfulBackupTime; versions = $s.NumberOfVersions } } }

${regQuery('securityLog')}
${regQuery('securityLogPolicy')}
# The Security log's oldest event and whether it holds a sign-in (4624): both read forwards or newest-first and stop at
# the first event, so a large log costs no time. An empty log or no sign-in is "no events found", not a failure.
Q 'securityLogOldest' {
  try { Iso (Get-WinEvent -LogName 'Security' -Oldest -MaxEvents 1).TimeCreated }
  catch { if ($_.FullyQualifiedErrorId -like 'NoMatchingEventsFound*') { $null } else { throw } }
}

Q 'securityLogonEvent' {
  try { $null -ne (Get-WinEvent -FilterHashtable @{ LogName = 'Security'; Id = 4624 } -MaxEvents 1) }
  catch { if ($_.FullyQualifiedErrorId -like 'NoMatchingEventsFound*') { $false } else { throw } }
}

Q 'processes' { ,@(Get-Process | ForEach-Object { $_.ProcessName } | Sort-Object -Unique) }

# Uninstall entries (Programs and Features) of 64-bit, 32-bit and per-user installs: their names only.
Q 'installed' {
  $roots = @(${UNINSTALL_KEYS.map((k) => psString(`${k.hive}:\\${k.path}`)).join(',\n    ')})
  $keys = Get-ChildItem -Path $roots -ErrorAction SilentlyContinue
  ,@($keys | ForEach-Object { $_.GetValue('DisplayName', $null) } | Where-Object { $_ })
}

# HKCU's keys are read from the person signed in at the screen ($UserHive), named HKCU in the answer (no SID).
Q 'runKeys' {
  $roots = @(${RUN_KEYS.map((k) => psString(keyName(k))).join(',\n    ')})
  ,@(foreach ($root in $roots) {
    $path = $root -replace '^HKCU(?=\\)', $UserHive
    $key = Get-Item -LiteralPath "Registry::$path" -ErrorAction SilentlyContinue
    if ($key) {
      foreach ($name in $key.GetValueNames()) {
        $command = [string]$key.GetValue($name)
        [ordered]@{ key = $root; name = $name; command = $command; publisher = CompanyOf $command }
      }
    }
  })
}

# Scheduled tasks outside \Microsoft\ (Windows' own folder), one line per program a task starts (its Exec actions).
# State is the enum's name (Ready, Disabled, Running), the same in every display language.
Q 'scheduledTasks' {
  ,@(Get-ScheduledTask | Where-Object { $_.TaskPath -notlike '\Microsoft\*' } | ForEach-Object {
    $task = $_
    foreach ($action in @($task.Actions | Where-Object { $_.Execute })) {
      $command = ([string]$action.Execute + ' ' + [string]$action.Arguments).Trim()
      [ordered]@{ path = $task.TaskPath + $task.TaskName; state = [string]$task.State; command = $command
        publisher = CompanyOf $command }
    }
  })
}

# The signed-in person's Startup folder, from $UserHive (the scanning account's, GetFolderPath's, may be a
# technician's): its User Shell Folders value (the default when unset) expanded with that person's session variables
# and the machine's. One on a network path or with a variable not known is not read: the query fails, and says why.
function UserStartupFolder {
  $set = RegValues ${psKey(REGISTRY_ANSWERS.userShellFolders)} @('Startup')
  $path = '%APPDATA%\Microsoft\Windows\Start Menu\Programs\Startup'
  if ($set -and $set.Startup) { $path = [string]$set.Startup }
  $session = RegValues ${psKey(REGISTRY_ANSWERS.userSession)} ${psList(REGISTRY_ANSWERS.userSession.values)}
  foreach ($name in @([regex]::Matches($path, '%([^%]+)%') | ForEach-Object { $_.Groups[1].Value })) {
    $value = $null; if ($session) { $value = $session[$name] }
    if (-not $value -and ${psList(MACHINE_VARIABLES)} -contains $name) {
      $value = [Environment]::GetEnvironmentVariable($name) }
    if (-not $value) { throw "the Startup folder $path holds %$name%, whose value for this person is not known" }
    $path = $path.Replace("%$name%", $value)
  }
  if ($path -notmatch '^[A-Za-z]:\\') { throw "the Startup folder $path is not on this PC: not read" }
  $path
}

# The Startup folders of every user (CommonStartup) and of the signed-in person; a shortcut is read for its target
# (WScript.Shell's CreateShortcut opens it without saving anything).
Q 'startupFolders' {
  $shell = New-Object -ComObject WScript.Shell
  ,@(foreach ($folder in @('CommonStartup', 'Startup')) {
    $path = if ($folder -eq 'Startup') { UserStartupFolder } else { [Environment]::GetFolderPath($folder) }
    if ($path) {
      $files = Get-ChildItem -LiteralPath $path -File -Force -ErrorAction SilentlyContinue
      $files | Where-Object { $_.Name -ne 'desktop.ini' } | ForEach-Object {
        $command = $_.FullName
        if ($_.Extension -eq '.lnk') {
          $link = $shell.CreateShortcut($_.FullName)
          $command = ('"' + $link.TargetPath + '" ' + $link.Arguments).Trim()
        }
        [ordered]@{ folder = $folder; name = $_.Name; command = $command; publisher = CompanyOf $command }
      }
    }
  })
}

# Print monitors and print processors: DLLs the print spooler loads into itself, as SYSTEM, at every start.
Q 'printMonitors' {
  ,@(Get-ChildItem -LiteralPath ${psString(`Registry::${keyName(PRINT_MONITORS)}`)} | ForEach-Object {
    [ordered]@{ name = $_.PSChildName; driver = $_.GetValue(${psString(PRINT_MONITORS.values[0])}, $null) }
  })
}

Q 'printProcessors' {
  ,@(Get-ChildItem -LiteralPath ${psString(`Registry::${keyName(PRINT_ENVIRONMENTS)}`)} | ForEach-Object {
    $environment = $_.PSChildName
    Get-ChildItem -LiteralPath ($_.PSPath + '\Print Processors') -ErrorAction SilentlyContinue | ForEach-Object {
      $driver = $_.GetValue(${psString(PRINT_ENVIRONMENTS.values[0])}, $null)
      [ordered]@{ environment = $environment; name = $_.PSChildName; driver = $driver }
    }
  })
}

# Security Center (root/SecurityCenter2) lists every registered antivirus and firewall product on
# client editions only; Windows Server has none, so its ProductType (1 workstation, 2-3 server) says why.
Q 'productType' { (Get-CimInstance -ClassName Win32_OperatingSystem).ProductType }
# An uninstalled product often stays registered with its last state: whether its signed program file is still
# there is one of the things that tell (processes and automatic services are the others).
function SecurityCenterProducts([string]$Class) {
  ,@(Get-CimInstance -Namespace 'root/SecurityCenter2' -ClassName $Class | ForEach-Object {
    $exe = [Environment]::ExpandEnvironmentVariables([string]$_.pathToSignedProductExe)
    $exists = $null
    if ($exe -match '^[A-Za-z]:\\') { $exists = Test-Path -LiteralPath $exe -PathType Leaf }
    [ordered]@{ displayName = $_.displayName; productState = $_.productState; exe = $exe; exeExists = $exists }
  })
}

Q 'antivirusProducts' { SecurityCenterProducts 'AntiVirusProduct' }
# Third-party firewalls (360, Huorong, Kaspersky, ESET and others) register here and switch the Windows profiles off.
Q 'firewallProducts' { SecurityCenterProducts 'FirewallProduct' }

Q 'defenderStatus' {
  $s = Get-CimInstance -Namespace 'root/Microsoft/Windows/Defender' -ClassName MSFT_MpComputerStatus
  [ordered]@{ AMServiceEnabled = $s.AMServiceEnabled; AMRunningMode = $s.AMRunningMode
    AntivirusEnabled = $s.AntivirusEnabled; RealTimeProtectionEnabled = $s.RealTimeProtectionEnabled
    AntivirusSignatureAge = $s.AntivirusSignatureAge
    AntivirusSignatureLastUpdated = Iso $s.AntivirusSignatureLastUpdated
    DefenderSignaturesOutOfDate = $s.DefenderSignaturesOutOfDate }
}

# Whether updates install by themselves: the pause in Settings, Windows Update for Business deferrals, the
# Automatic Updates policy and Windows 7's settings page, the start types of its service and of its Orchestrator.
${regQuery('windowsUpdatePause')}

${regQuery('windowsUpdatePolicy')}

${regQuery('windowsUpdateAuPolicy')}
${regQuery('windowsUpdateLocal')}
${regQuery('windowsUpdateService')}
${regQuery('updateOrchestratorService')}

# Installed updates, local history only. InstalledOn is read raw (WMI's M/D/YYYY text): PowerShell's type data
# wraps it in a date conversion that throws on an empty value, which would lose every update.
Q 'hotfixes' { ,@(Get-CimInstance -ClassName Win32_QuickFixEngineering | ForEach-Object {
  $on = $_.CimInstanceProperties['InstalledOn'].Value
  if ($on -is [datetime]) { $on = $on.ToString('M/d/yyyy', [Globalization.CultureInfo]::InvariantCulture) }
  [ordered]@{ id = $_.HotFixID; installedOn = [string]$on } }) }

# Sockets other PCs can reach are chosen on the TS side (by address); the owner is named by its process id.
Q 'listeningSockets' {
  $names = @{}; foreach ($p in Get-Process) { $names[[int]$p.Id] = $p.ProcessName }
  # Both report "no matching objects" (ObjectNotFound) when nothing listens; any other error (WMI broken, access
  # denied) fails the query, so that netstat answers instead of an empty list.
  $tcp = @(Get-NetTCPConnection -State Listen -ErrorAction SilentlyContinue -ErrorVariable lost | ForEach-Object {
    [ordered]@{ protocol = 'tcp'; address = $_.LocalAddress; port = [int]$_.LocalPort
      program = $names[[int]$_.OwningProcess] } })
  $udp = @(Get-NetUDPEndpoint -ErrorAction SilentlyContinue -ErrorVariable +lost | ForEach-Object {
    [ordered]@{ protocol = 'udp'; address = $_.LocalAddress; port = [int]$_.LocalPort
      program = $names[[int]$_.OwningProcess] } })
  $lost = @($lost | Where-Object { [string]$_.CategoryInfo.Category -ne 'ObjectNotFound' })
  if ($lost) { throw $lost[0].Exception }
  ,@($tcp + $udp)
}

# What Windows Firewall lets in on the profiles in use now: the TS side decides which listening sockets it turns away.
Q 'firewallInbound' {
  $fw = New-Object -ComObject HNetCfg.FwPolicy2
  $current = [int]$fw.CurrentProfileTypes
  $profiles = @(foreach ($type in 1, 2, 4) { if ($current -band $type) {
    [ordered]@{ type = $type; enabled = [bool]$fw.FirewallEnabled($type)
      blocksInbound = [int]$fw.DefaultInboundAction($type) -eq 0 } } })
  $rules = @($fw.Rules | Where-Object { $_.Enabled -and $_.Direction -eq 1 -and $_.Action -eq 1 -and
    ($_.Profiles -band $current) } | ForEach-Object {
    [ordered]@{ protocol = [int]$_.Protocol; localPorts = $_.LocalPorts; program = $_.ApplicationName
      service = $_.ServiceName } })
  # FwPolicy2 reads the local settings and rules only: Group Policy's profile values come from firewallPolicy, its
  # rules from here.
  $key = Get-Item -LiteralPath ${psString(`Registry::${keyName(FIREWALL_POLICY_RULES)}`)} -ErrorAction SilentlyContinue
  $policyRules = @(if ($key) { foreach ($name in $key.GetValueNames()) { [string]$key.GetValue($name) } })
  [ordered]@{ profiles = $profiles; allowRules = $rules; policyRules = $policyRules }
}

# netsh prints in the OEM code page (GBK on Chinese Windows): decoded with it, then UTF-8 is restored for the answers.
Q 'wlanInterfaces' {
  $ErrorActionPreference = 'Continue'
  $utf8 = [Console]::OutputEncoding
  try {
    $oem = [Globalization.CultureInfo]::CurrentCulture.TextInfo.OEMCodePage
    [Console]::OutputEncoding = [Text.Encoding]::GetEncoding($oem)
    $lines = @(& "$env:SystemRoot\System32\netsh.exe" wlan show interfaces 2>$null)
    [ordered]@{ exitCode = $LASTEXITCODE; lines = $lines }
  } finally { [Console]::OutputEncoding = $utf8 }
}

# Security updates Windows Update holds as waiting, from its own list on this PC: Online false searches what its
# last check stored, without going to the network (IUpdateSearcher.Online), so it takes seconds, not minutes.
# Classification ids (not their translated names), the MSRC severity, the release time (UTC), and when Automatic
# Updates last searched successfully (how old that list is).
Q 'pendingUpdates' {
  $searcher = (New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher()
  $searcher.Online = $false
  $result = $searcher.Search("IsInstalled=0 and IsHidden=0 and Type='Software'")
  $utc = { param($d) if ($d -is [datetime]) { $d.ToString('s', [Globalization.CultureInfo]::InvariantCulture) } }
  # Without it the list's age is not known (the TS side then trusts no "none waiting"): the search still counts.
  $last = $null
  try { $last = (New-Object -ComObject Microsoft.Update.AutoUpdate).Results.LastSearchSuccessDate } catch { }
  [ordered]@{ resultCode = [int]$result.ResultCode; lastSearch = (& $utc $last)
    updates = @(foreach ($u in $result.Updates) {
      [ordered]@{ severity = $u.MsrcSeverity; categories = @(foreach ($c in $u.Categories) { $c.CategoryID })
        published = (& $utc $u.LastDeploymentChangeTime) } }) }
}

# Last, as the slowest (it reads every program file): a remote tool renamed to look harmless still carries its
# maker's signature. The valid signer of each running program outside the Windows folder, once per file (another
# account's program, without administrator, has no path).
Q 'processSigners' {
  $windows = [Environment]::GetFolderPath('Windows') + '\'; $seen = @{}
  ,@(Get-Process | ForEach-Object { $p = $_; $path = $null; try { $path = $p.Path } catch { }
    $ownFolder = $path -and $path.StartsWith($windows, [StringComparison]::OrdinalIgnoreCase)
    if ($path -and -not $seen.ContainsKey($path) -and -not $ownFolder) {
      $seen[$path] = $true; $signature = Get-AuthenticodeSignature -LiteralPath $path
      if ($signature.Status -eq 'Valid') {
        [ordered]@{ name = $p.ProcessName; signer = $signature.SignerCertificate.GetNameInfo('SimpleName', $false) }
      }
    } })
}

Emit ([ordered]@{ done = $true })
`;

/** The script's queries in the order it asks them (progress names the one being read). */
export const SCRIPT_QUERIES: readonly string[] = [...WINDOWS_SCRIPT.matchAll(/^Q '(\w+)'/gm)].map((m) => m[1]!);

/** The script for one scan: the base script after a line that says whether --deep asked for the logon tries. */
export function windowsScript(options: CollectOptions): string {
  return `\n$Deep = $${options.deep}` + WINDOWS_SCRIPT;
}

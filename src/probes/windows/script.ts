import type { CollectOptions } from '../types.js';

// The one PowerShell script a Windows scan runs. It is passed on standard input (never as an
// encoded command line, which hides what runs and looks like malware to security software) and
// prints one UTF-8 JSON document: `facts` holds each query's answer, `failed` says why a query
// gave none. Every query runs inside Q, so one failure (a missing cmdlet, access denied) leaves
// that query null with its reason and the others go on. The script only reads; with --deep
// (windowsScript({ deep: true }), which sets $Deep) it also tries empty-password logons.

export const WINDOWS_SCRIPT = String.raw`
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false
$facts = [ordered]@{}
$failed = [ordered]@{}

function Q([string]$Name, [scriptblock]$Query) {
  try { $facts[$Name] = & $Query }
  catch {
    $facts[$Name] = $null
    $failed[$Name] = [ordered]@{ type = $_.Exception.GetType().FullName; message = $_.Exception.Message }
  }
}

# Named values of one registry key; a key that does not exist is $null (the setting is unset).
function RegValues([string]$Path, [string[]]$Names) {
  try { $key = Get-Item -LiteralPath "Registry::$Path" }
  catch [System.Management.Automation.ItemNotFoundException] { return $null }
  $values = [ordered]@{}
  foreach ($name in $Names) { $values[$name] = $key.GetValue($name, $null) }
  $values
}

function Iso($Date) { if ($null -eq $Date) { $null } else { $Date.ToUniversalTime().ToString('o') } }

function Sid([string]$Account) {
  (New-Object System.Security.Principal.NTAccount $Account).Translate([System.Security.Principal.SecurityIdentifier]).Value
}

Q 'computerName' { [Environment]::MachineName }
Q 'uiLanguage' { [System.Globalization.CultureInfo]::CurrentUICulture.Name }
# Constrained Language Mode (set by policy) blocks most of what follows: shop-audit then reads with reg.exe instead.
Q 'languageMode' { [string]$ExecutionContext.SessionState.LanguageMode }
Q 'osVersion' { RegValues 'HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion' @('ProductName', 'EditionID', 'DisplayVersion', 'ReleaseId', 'CurrentVersion', 'CurrentBuild', 'UBR') }
Q 'machineGuid' { RegValues 'HKLM\SOFTWARE\Microsoft\Cryptography' @('MachineGuid') }

Q 'localUsers' {
  ,@(Get-LocalUser | ForEach-Object {
    [ordered]@{ name = $_.Name; sid = $_.SID.Value; enabled = $_.Enabled; passwordRequired = $_.PasswordRequired
      passwordLastSet = Iso $_.PasswordLastSet }
  })
}

Q 'winlogon' {
  $key = Get-Item -LiteralPath 'Registry::HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon'
  # DefaultPassword: whether it exists, never its value.
  [ordered]@{
    AutoAdminLogon = $key.GetValue('AutoAdminLogon', $null)
    DefaultUserName = $key.GetValue('DefaultUserName', $null)
    DefaultDomainName = $key.GetValue('DefaultDomainName', $null)
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

# --deep only. LogonUser (network logon) with an EMPTY password for each enabled local account: 0 logged on
# (the token is closed at once) or 1327 blank passwords restricted (LimitBlankPasswordUse) mean the password
# is empty, 1326 that it is not. Each try is a failed-logon event (4625) and counts towards the lockout
# threshold. LogonUser is bound in memory with Reflection.Emit: Add-Type would run csc.exe and write to %TEMP%.
Q 'emptyPasswordLogons' {
  if (-not $Deep) { return }
  $type = [AppDomain]::CurrentDomain.DefineDynamicAssembly((New-Object System.Reflection.AssemblyName 'ShopAudit'), 'Run').DefineDynamicModule('ShopAudit').DefineType('Logon', 'Public, Class')
  $dllImport = [Runtime.InteropServices.DllImportAttribute]
  foreach ($call in @(@('advapi32.dll', 'LogonUserW', @([string], [string], [string], [int], [int], [IntPtr].MakeByRefType())), @('kernel32.dll', 'CloseHandle', @([IntPtr])))) {
    $method = $type.DefinePInvokeMethod($call[1], $call[0], 'Public, Static, PinvokeImpl', 'Standard', [bool], [Type[]]$call[2], 'Winapi', 'Unicode')
    $method.SetImplementationFlags('PreserveSig')
    $method.SetCustomAttribute((New-Object System.Reflection.Emit.CustomAttributeBuilder($dllImport.GetConstructor([Type[]]@([string])), [object[]]@($call[0]),
      [Reflection.FieldInfo[]]@($dllImport.GetField('SetLastError')), [object[]]@($true))))
  }
  $native = $type.CreateType()
  ,@(Get-LocalUser | Where-Object { $_.Enabled } | ForEach-Object {
    $token = [IntPtr]::Zero
    $code = if ($native::LogonUserW($_.Name, '.', '', 3, 0, [ref]$token)) { 0 } else { [Runtime.InteropServices.Marshal]::GetLastWin32Error() }
    if ($token -ne [IntPtr]::Zero) { [void]$native::CloseHandle($token) }
    [ordered]@{ sid = $_.SID.Value; code = $code }
  })
}

$screenSaverValues = @('ScreenSaveActive', 'ScreenSaverIsSecure', 'ScreenSaveTimeOut', 'SCRNSAVE.EXE')
Q 'screenSaverUser' { RegValues 'HKCU\Control Panel\Desktop' $screenSaverValues }
Q 'screenSaverPolicy' { RegValues 'HKCU\Software\Policies\Microsoft\Windows\Control Panel\Desktop' $screenSaverValues }
Q 'machineInactivity' { RegValues 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System' @('InactivityTimeoutSecs') }

# "Require a password on wakeup" (CONSOLELOCK) as set in the active power scheme (under SUB_NONE), the scheme's
# default, and the policy; and "If you've been away" on Modern Standby PCs (DelayLockInterval).
Q 'wakeSignIn' {
  $power = 'HKLM\SYSTEM\CurrentControlSet\Control\Power'
  $consoleLock = '0e796bdb-100d-47d6-a2d5-f7d2daa51f51'
  $scheme = (RegValues "$power\User\PowerSchemes" @('ActivePowerScheme')).ActivePowerScheme
  $indexes = @('ACSettingIndex', 'DCSettingIndex')
  [ordered]@{ activeScheme = $scheme
    scheme = if ($scheme) { RegValues "$power\User\PowerSchemes\$scheme\fea3413e-7e05-4911-9a71-700331f1c294\$consoleLock" $indexes } else { $null }
    default = if ($scheme) { RegValues "$power\PowerSettings\$consoleLock\DefaultPowerSchemeValues\$scheme" $indexes } else { $null }
    policy = RegValues "HKLM\SOFTWARE\Policies\Microsoft\Power\PowerSettings\$consoleLock" $indexes
    delayLockInterval = (RegValues 'HKCU\Control Panel\Desktop' @('DelayLockInterval')).DelayLockInterval }
}

$explorerPolicy = @('NoDriveTypeAutoRun', 'NoAutorun')
Q 'autorunMachine' { RegValues 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\Explorer' $explorerPolicy }
Q 'autorunUser' { RegValues 'HKCU\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\Explorer' $explorerPolicy }
Q 'autoplayHandlers' { RegValues 'HKCU\SOFTWARE\Microsoft\Windows\CurrentVersion\Explorer\AutoplayHandlers' @('DisableAutoplay') }

Q 'systemDrive' { $env:SystemDrive }
Q 'bitLockerShell' { (New-Object -ComObject Shell.Application).NameSpace($env:SystemDrive + '\').Self.ExtendedProperty('System.Volume.BitLockerProtection') }
Q 'bitLockerVolumes' {
  ,@(Get-CimInstance -Namespace 'root/cimv2/Security/MicrosoftVolumeEncryption' -ClassName Win32_EncryptableVolume | ForEach-Object {
    [ordered]@{ deviceId = $_.DeviceID; driveLetter = $_.DriveLetter; volumeType = $_.VolumeType
      protectionStatus = $_.ProtectionStatus; conversionStatus = $_.ConversionStatus; encryptionMethod = $_.EncryptionMethod }
  })
}

Q 'pageFiles' { ,@(Get-CimInstance -ClassName Win32_PageFileUsage | ForEach-Object { $_.Name }) }

Q 'shares' {
  ,@(Get-SmbShare | ForEach-Object {
    [ordered]@{ name = $_.Name; path = $_.Path; description = $_.Description; special = $_.Special; shareType = [string]$_.ShareType }
  })
}

Q 'shareAccess' {
  ,@(Get-SmbShare | Get-SmbShareAccess | ForEach-Object {
    [ordered]@{ share = $_.Name; sid = Sid $_.AccountName; right = [string]$_.AccessRight; control = [string]$_.AccessControlType }
  })
}

Q 'smbServer' { [ordered]@{ EnableSMB1Protocol = (Get-SmbServerConfiguration).EnableSMB1Protocol } }
Q 'lanmanServer' { RegValues 'HKLM\SYSTEM\CurrentControlSet\Services\LanmanServer\Parameters' @('SMB1', 'RestrictNullSessAccess') }
Q 'lsa' { RegValues 'HKLM\SYSTEM\CurrentControlSet\Control\Lsa' @('everyoneincludesanonymous', 'restrictanonymous', 'forceguest', 'LimitBlankPasswordUse') }

Q 'terminalServer' { RegValues 'HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server' @('fDenyTSConnections') }
Q 'rdpTcp' { RegValues 'HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp' @('UserAuthentication') }
Q 'terminalServicesPolicy' { RegValues 'HKLM\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services' @('fDenyTSConnections', 'UserAuthentication') }
# Who is signed in now: quser's lines, read by position on the TS side (its words are translated).
# It writes its "nobody signed in" message to stderr, which Windows PowerShell turns into an error
# record that 'Stop' would throw: stderr is dropped and the exit code kept. Home editions have no quser.
Q 'quser' {
  $ErrorActionPreference = 'Continue'
  $quser = "$env:SystemRoot\System32\quser.exe"
  if (-not (Test-Path -LiteralPath $quser)) { throw (New-Object System.Management.Automation.CommandNotFoundException 'quser.exe is not on this edition of Windows') }
  $lines = @(& $quser 2>$null)
  [ordered]@{ exitCode = $LASTEXITCODE; lines = $lines; inSession = [Diagnostics.Process]::GetCurrentProcess().SessionId -ne 0 }
}

Q 'services' {
  ,@(Get-CimInstance -ClassName Win32_Service | ForEach-Object {
    [ordered]@{ name = $_.Name; displayName = $_.DisplayName; state = $_.State; startMode = $_.StartMode }
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
  foreach ($name in @('DomainProfile', 'StandardProfile', 'PublicProfile')) {
    $policy[$name] = RegValues "HKLM\SOFTWARE\Policies\Microsoft\WindowsFirewall\$name" @('EnableFirewall', 'DefaultInboundAction')
  }
  $policy
}

Q 'processes' { ,@(Get-Process | ForEach-Object { $_.ProcessName } | Sort-Object -Unique) }

# Uninstall entries (Programs and Features) of 64-bit, 32-bit and per-user installs: their names only.
Q 'installed' {
  $roots = @('HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall',
    'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall',
    'HKCU:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall')
  ,@(Get-ChildItem -Path $roots -ErrorAction SilentlyContinue | ForEach-Object { $_.GetValue('DisplayName', $null) } | Where-Object { $_ })
}

Q 'runKeys' {
  $roots = @('HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Run',
    'HKLM\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Run',
    'HKCU\SOFTWARE\Microsoft\Windows\CurrentVersion\Run')
  ,@(foreach ($root in $roots) {
    $key = Get-Item -LiteralPath "Registry::$root" -ErrorAction SilentlyContinue
    if ($key) {
      foreach ($name in $key.GetValueNames()) { [ordered]@{ key = $root; name = $name; command = [string]$key.GetValue($name) } }
    }
  })
}

# Security Center (root/SecurityCenter2) lists every registered antivirus and firewall product on
# client editions only; Windows Server has none, so its ProductType (1 workstation, 2-3 server) says why.
Q 'productType' { (Get-CimInstance -ClassName Win32_OperatingSystem).ProductType }
function SecurityCenterProducts([string]$Class) {
  ,@(Get-CimInstance -Namespace 'root/SecurityCenter2' -ClassName $Class | ForEach-Object {
    [ordered]@{ displayName = $_.displayName; productState = $_.productState }
  })
}

Q 'antivirusProducts' { SecurityCenterProducts 'AntiVirusProduct' }
# Third-party firewalls (360, Huorong, Kaspersky, ESET and others) register here and switch the Windows profiles off.
Q 'firewallProducts' { SecurityCenterProducts 'FirewallProduct' }

Q 'defenderStatus' {
  $s = Get-CimInstance -Namespace 'root/Microsoft/Windows/Defender' -ClassName MSFT_MpComputerStatus
  [ordered]@{ AMServiceEnabled = $s.AMServiceEnabled; AMRunningMode = $s.AMRunningMode; AntivirusEnabled = $s.AntivirusEnabled
    RealTimeProtectionEnabled = $s.RealTimeProtectionEnabled; AntivirusSignatureAge = $s.AntivirusSignatureAge
    AntivirusSignatureLastUpdated = Iso $s.AntivirusSignatureLastUpdated; DefenderSignaturesOutOfDate = $s.DefenderSignaturesOutOfDate }
}

# Installed updates, local history only. InstalledOn is WMI's M/D/YYYY text, or a date through PowerShell's type data.
Q 'hotfixes' { ,@(Get-CimInstance -ClassName Win32_QuickFixEngineering | ForEach-Object {
  $on = $_.InstalledOn; if ($on -is [datetime]) { $on = $on.ToString('M/d/yyyy', [Globalization.CultureInfo]::InvariantCulture) }
  [ordered]@{ id = $_.HotFixID; installedOn = [string]$on } }) }

[ordered]@{ contract = 1; facts = $facts; failed = $failed } | ConvertTo-Json -Depth 5 -Compress
`;

/** The script for one scan: the base script after a line that says whether --deep asked for the logon tries. */
export function windowsScript(options: CollectOptions): string {
  return `\n$Deep = $${options.deep}` + WINDOWS_SCRIPT;
}

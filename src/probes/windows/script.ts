// The one PowerShell script a Windows scan runs. It is passed on standard input (never as an
// encoded command line, which hides what runs and looks like malware to security software) and
// prints one UTF-8 JSON document: `facts` holds each query's answer, `failed` says why a query
// gave none. Every query runs inside Q, so one failure (a missing cmdlet, access denied) leaves
// that query null with its reason and the others go on. The script only reads.

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
Q 'osVersion' { RegValues 'HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion' @('ProductName', 'EditionID', 'DisplayVersion', 'ReleaseId', 'CurrentVersion', 'CurrentBuild', 'UBR') }

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

$screenSaverValues = @('ScreenSaveActive', 'ScreenSaverIsSecure', 'ScreenSaveTimeOut', 'SCRNSAVE.EXE')
Q 'screenSaverUser' { RegValues 'HKCU\Control Panel\Desktop' $screenSaverValues }
Q 'screenSaverPolicy' { RegValues 'HKCU\Software\Policies\Microsoft\Windows\Control Panel\Desktop' $screenSaverValues }
Q 'machineInactivity' { RegValues 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System' @('InactivityTimeoutSecs') }

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
Q 'services' {
  ,@(Get-CimInstance -ClassName Win32_Service | ForEach-Object {
    [ordered]@{ name = $_.Name; displayName = $_.DisplayName; state = $_.State; startMode = $_.StartMode }
  })
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

# Anti-malware. Security Center (root/SecurityCenter2) lists every registered product on client
# editions only; Windows Server has none, so its ProductType (1 workstation, 2-3 server) says why.
Q 'productType' { (Get-CimInstance -ClassName Win32_OperatingSystem).ProductType }
Q 'antivirusProducts' {
  ,@(Get-CimInstance -Namespace 'root/SecurityCenter2' -ClassName AntiVirusProduct | ForEach-Object {
    [ordered]@{ displayName = $_.displayName; productState = $_.productState }
  })
}

Q 'defenderStatus' {
  $s = Get-CimInstance -Namespace 'root/Microsoft/Windows/Defender' -ClassName MSFT_MpComputerStatus
  [ordered]@{ AMServiceEnabled = $s.AMServiceEnabled; AMRunningMode = $s.AMRunningMode; AntivirusEnabled = $s.AntivirusEnabled
    RealTimeProtectionEnabled = $s.RealTimeProtectionEnabled; AntivirusSignatureAge = $s.AntivirusSignatureAge
    AntivirusSignatureLastUpdated = Iso $s.AntivirusSignatureLastUpdated; DefenderSignaturesOutOfDate = $s.DefenderSignaturesOutOfDate }
}

[ordered]@{ contract = 1; facts = $facts; failed = $failed } | ConvertTo-Json -Depth 5 -Compress
`;

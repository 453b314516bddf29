// When each operating system release stops getting security updates, as its vendor publishes it.
// Plain data, compiled in: a scan never goes online. Every entry names the vendor page its date
// comes from (test/probes/os_support/table.test.ts fails on an entry without one). `ends` is the
// last day the vendor still ships security updates for the release; null means the vendor had
// announced no end when the table was last checked (EOL_TABLE_AS_OF). Paid extensions (Windows
// ESU, Ubuntu Pro ESM, RHEL ELS) are not counted: a shop PC does not get them by default.

/**
 * The day up to which every entry was checked against its source: the date of the newest lifecycle
 * data seen for every family (endoflife.date's pages of 2026-08-22 in data/endoflife, which point
 * at the vendor pages each entry cites, and the vendor and news pages that confirmed each change).
 * `npm run eol:list -- --diff` shows where the table and endoflife.date differ. Renew it with the
 * entries, never on its own.
 */
export const EOL_TABLE_AS_OF = '2026-08-22';

/**
 * Windows servicing channels, which Microsoft gives different end dates: Home/Pro (also Pro
 * Education, Pro for Workstations), Enterprise/Education, the long-term (LTSC/LTSB) editions,
 * their IoT variants (longer), and Windows Server.
 */
export const WINDOWS_CHANNELS = ['home-pro', 'enterprise', 'ltsc', 'iot-ltsc', 'server'] as const;
export type WindowsChannel = (typeof WINDOWS_CHANNELS)[number];

export interface EolEntry {
  /** The release as people call it, e.g. "Windows 10 version 22H2", "Ubuntu 22.04 LTS". */
  name: string;
  ends: string | null;
  source: string;
}
export interface WindowsEolEntry extends EolEntry {
  /** CurrentBuild in the registry (the major build; the UBR after it is the monthly patch level). */
  build: number;
  channels: readonly WindowsChannel[];
}
export interface MacosEolEntry extends EolEntry {
  /** The major version as sw_vers prints it: "10.13" up to Catalina, "11" onwards. */
  major: string;
}
export interface LinuxEolEntry extends EolEntry {
  /** os-release ID. */
  id: string;
  /**
   * os-release VERSION_ID, or its major number for distributions whose minor releases are updates (RHEL and
   * its rebuilds).
   */
  version: string;
  match: 'exact' | 'major';
}

const MS = 'https://learn.microsoft.com/en-us/lifecycle/products/';
const W10_HOME_PRO = `${MS}windows-10-home-and-pro`;
const W10_ENTERPRISE = `${MS}windows-10-enterprise-and-education`;
const W11_HOME_PRO = `${MS}windows-11-home-and-pro`;
const W11_ENTERPRISE = `${MS}windows-11-enterprise-and-education`;
const W11_RELEASES = 'https://learn.microsoft.com/en-us/windows/release-health/windows11-release-information';
const CLIENT = ['home-pro', 'enterprise'] as const;
const LONG_TERM = ['ltsc', 'iot-ltsc'] as const;

/** Windows 10 feature updates: one line per channel that Microsoft dates differently. */
const windows10 = (version: string, build: number, homePro: string, enterprise: string): WindowsEolEntry[] => [
  { name: `Windows 10 version ${version}`, build, channels: ['home-pro'], ends: homePro, source: W10_HOME_PRO },
  { name: `Windows 10 version ${version}`, build, channels: ['enterprise'], ends: enterprise, source: W10_ENTERPRISE },
];
const windows11 = (
  version: string,
  build: number,
  homePro: string,
  enterprise: string,
  source?: string,
): WindowsEolEntry[] => [
  {
    name: `Windows 11 version ${version}`,
    build,
    channels: ['home-pro'],
    ends: homePro,
    source: source ?? W11_HOME_PRO,
  },
  {
    name: `Windows 11 version ${version}`,
    build,
    channels: ['enterprise'],
    ends: enterprise,
    source: source ?? W11_ENTERPRISE,
  },
];

export const WINDOWS_EOL: readonly WindowsEolEntry[] = [
  { name: 'Windows XP', build: 2600, channels: CLIENT, ends: '2014-04-08', source: `${MS}windows-xp` },
  { name: 'Windows Vista', build: 6002, channels: CLIENT, ends: '2017-04-11', source: `${MS}windows-vista` },
  { name: 'Windows 7', build: 7600, channels: CLIENT, ends: '2020-01-14', source: `${MS}windows-7` },
  { name: 'Windows 7 SP1', build: 7601, channels: CLIENT, ends: '2020-01-14', source: `${MS}windows-7` },
  { name: 'Windows 8', build: 9200, channels: CLIENT, ends: '2016-01-12', source: `${MS}windows-8` },
  { name: 'Windows 8.1', build: 9600, channels: CLIENT, ends: '2023-01-10', source: `${MS}windows-81` },
  ...windows10('1507', 10240, '2017-05-09', '2017-05-09'),
  ...windows10('1511', 10586, '2017-10-10', '2017-10-10'),
  ...windows10('1607', 14393, '2018-04-10', '2019-04-09'),
  ...windows10('1703', 15063, '2018-10-09', '2019-10-08'),
  ...windows10('1709', 16299, '2019-04-09', '2020-10-13'),
  ...windows10('1803', 17134, '2019-11-12', '2021-05-11'),
  ...windows10('1809', 17763, '2020-11-10', '2021-05-11'),
  ...windows10('1903', 18362, '2020-12-08', '2020-12-08'),
  ...windows10('1909', 18363, '2021-05-11', '2022-05-10'),
  ...windows10('2004', 19041, '2021-12-14', '2021-12-14'),
  ...windows10('20H2', 19042, '2022-05-10', '2023-05-09'),
  ...windows10('21H1', 19043, '2022-12-13', '2022-12-13'),
  ...windows10('21H2', 19044, '2023-06-13', '2024-06-11'),
  ...windows10('22H2', 19045, '2025-10-14', '2025-10-14'),
  ...windows11('21H2', 22000, '2023-10-10', '2024-10-08'),
  ...windows11('22H2', 22621, '2024-10-08', '2025-10-14'),
  ...windows11('23H2', 22631, '2025-11-11', '2026-11-10'),
  ...windows11('24H2', 26100, '2026-10-13', '2027-10-12'),
  ...windows11('25H2', 26200, '2027-10-12', '2028-10-10'),
  // The release for new devices only (Arm PCs of 2026).
  ...windows11('26H1', 28000, '2028-03-14', '2029-03-13', W11_RELEASES),
  { name: 'Windows 11 version 26H2', build: 26300, channels: ['home-pro'], ends: '2028-10-10', source: W11_RELEASES },
  // Long-term servicing: the same build as a feature update, dated by its own lifecycle page.
  {
    name: 'Windows 10 Enterprise 2015 LTSB',
    build: 10240,
    channels: LONG_TERM,
    ends: '2025-10-14',
    source: `${MS}windows-10-2015-ltsb`,
  },
  {
    name: 'Windows 10 Enterprise 2016 LTSB',
    build: 14393,
    channels: LONG_TERM,
    ends: '2026-10-13',
    source: `${MS}windows-10-2016-ltsb`,
  },
  {
    name: 'Windows 10 Enterprise LTSC 2019',
    build: 17763,
    channels: LONG_TERM,
    ends: '2029-01-09',
    source: `${MS}windows-10-enterprise-ltsc-2019`,
  },
  {
    name: 'Windows 10 Enterprise LTSC 2021',
    build: 19044,
    channels: ['ltsc'],
    ends: '2027-01-12',
    source: `${MS}windows-10-enterprise-ltsc-2021`,
  },
  {
    name: 'Windows 10 IoT Enterprise LTSC 2021',
    build: 19044,
    channels: ['iot-ltsc'],
    ends: '2032-01-13',
    source: `${MS}windows-10-iot-enterprise-ltsc-2021`,
  },
  {
    name: 'Windows 11 Enterprise LTSC 2024',
    build: 26100,
    channels: ['ltsc'],
    ends: '2029-10-09',
    source: `${MS}windows-11-enterprise-ltsc-2024`,
  },
  {
    name: 'Windows 11 IoT Enterprise LTSC 2024',
    build: 26100,
    channels: ['iot-ltsc'],
    ends: '2034-10-10',
    source: `${MS}windows-11-iot-enterprise-ltsc-2024`,
  },
  // Windows Server's semi-annual and annual channel releases are left out: Server Core only (no till
  // runs them), and 1809 and later share their build numbers with the LTSC releases above.
  {
    name: 'Windows Server 2008',
    build: 6002,
    channels: ['server'],
    ends: '2020-01-14',
    source: `${MS}windows-server-2008`,
  },
  {
    name: 'Windows Server 2008 R2',
    build: 7601,
    channels: ['server'],
    ends: '2020-01-14',
    source: `${MS}windows-server-2008-r2`,
  },
  {
    name: 'Windows Server 2012',
    build: 9200,
    channels: ['server'],
    ends: '2023-10-10',
    source: `${MS}windows-server-2012`,
  },
  {
    name: 'Windows Server 2012 R2',
    build: 9600,
    channels: ['server'],
    ends: '2023-10-10',
    source: `${MS}windows-server-2012-r2`,
  },
  {
    name: 'Windows Server 2016',
    build: 14393,
    channels: ['server'],
    ends: '2027-01-12',
    source: `${MS}windows-server-2016`,
  },
  {
    name: 'Windows Server 2019',
    build: 17763,
    channels: ['server'],
    ends: '2029-01-09',
    source: `${MS}windows-server-2019`,
  },
  {
    name: 'Windows Server 2022',
    build: 20348,
    channels: ['server'],
    ends: '2031-10-14',
    source: `${MS}windows-server-2022`,
  },
  {
    name: 'Windows Server 2025',
    build: 26100,
    channels: ['server'],
    ends: '2034-11-14',
    source: `${MS}windows-server-2025`,
  },
];

// Apple publishes no end dates: it ships security updates for the current macOS and, in
// practice, the two before it. An ended release is dated by its last security update or the
// release of the macOS that replaced it in the three supported. Big Sur 11.7.11 and Catalina's
// Security Update 2026-001 (February 2026) only renewed certificates, with no security content:
// they do not move those releases' ends (endoflife.date dates them 2026-02-02 for that reason).
const APPLE = 'https://support.apple.com/en-us/100100';
export const MACOS_EOL: readonly MacosEolEntry[] = [
  { name: 'macOS 26 Tahoe', major: '26', ends: null, source: APPLE },
  { name: 'macOS 15 Sequoia', major: '15', ends: null, source: APPLE },
  { name: 'macOS 14 Sonoma', major: '14', ends: null, source: APPLE },
  { name: 'macOS 13 Ventura', major: '13', ends: '2025-09-15', source: APPLE },
  { name: 'macOS 12 Monterey', major: '12', ends: '2024-09-16', source: APPLE },
  { name: 'macOS 11 Big Sur', major: '11', ends: '2023-09-26', source: APPLE },
  { name: 'macOS 10.15 Catalina', major: '10.15', ends: '2022-09-12', source: APPLE },
  { name: 'macOS 10.14 Mojave', major: '10.14', ends: '2021-10-25', source: APPLE },
  { name: 'macOS 10.13 High Sierra', major: '10.13', ends: '2020-12-01', source: APPLE },
  { name: 'macOS 10.12 Sierra', major: '10.12', ends: '2019-10-01', source: APPLE },
  { name: 'OS X 10.11 El Capitan', major: '10.11', ends: '2018-12-01', source: APPLE },
];

// Debian: security updates come from the security team for about three years, then from Debian
// LTS (the same archive, no subscription) to the LTS end date, which is the one given here.
const DEBIAN = 'https://wiki.debian.org/LTS';
const UBUNTU = 'https://ubuntu.com/about/release-cycle';
const RHEL = 'https://access.redhat.com/support/policy/updates/errata';
const ROCKY = 'https://wiki.rockylinux.org/rocky/version/';
const ALMA = 'https://wiki.almalinux.org/release-notes/';
const CENTOS = 'https://www.centos.org/centos-linux-eol/';
const FEDORA = 'https://docs.fedoraproject.org/en-US/releases/eol/';
const LEAP = 'https://en.opensuse.org/Lifetime';
const CENTOS_STREAM = 'https://www.centos.org/centos-stream/';
const MINT = 'https://linuxmint.com/download_all.php';
const exact = (id: string, name: string, version: string, ends: string, source: string): LinuxEolEntry => ({
  id,
  name,
  version,
  match: 'exact',
  ends,
  source,
});
const major = (id: string, name: string, version: string, ends: string, source: string): LinuxEolEntry => ({
  id,
  name,
  version,
  match: 'major',
  ends,
  source,
});

export const LINUX_EOL: readonly LinuxEolEntry[] = [
  exact('debian', 'Debian 13 trixie', '13', '2030-06-30', DEBIAN),
  exact('debian', 'Debian 12 bookworm', '12', '2028-06-30', DEBIAN),
  exact('debian', 'Debian 11 bullseye', '11', '2026-08-31', DEBIAN),
  exact('debian', 'Debian 10 buster', '10', '2024-06-30', DEBIAN),
  exact('debian', 'Debian 9 stretch', '9', '2022-06-30', DEBIAN),
  exact('debian', 'Debian 8 jessie', '8', '2020-06-30', DEBIAN),
  // Ubuntu: standard security maintenance (ESM needs an Ubuntu Pro subscription).
  exact('ubuntu', 'Ubuntu 26.04 LTS', '26.04', '2031-04-30', UBUNTU),
  exact('ubuntu', 'Ubuntu 25.10', '25.10', '2026-07-01', UBUNTU),
  exact('ubuntu', 'Ubuntu 25.04', '25.04', '2026-01-17', UBUNTU),
  exact('ubuntu', 'Ubuntu 24.10', '24.10', '2025-07-10', UBUNTU),
  exact('ubuntu', 'Ubuntu 24.04 LTS', '24.04', '2029-05-31', UBUNTU),
  exact('ubuntu', 'Ubuntu 23.10', '23.10', '2024-07-12', UBUNTU),
  exact('ubuntu', 'Ubuntu 23.04', '23.04', '2024-01-20', UBUNTU),
  exact('ubuntu', 'Ubuntu 22.10', '22.10', '2023-07-20', UBUNTU),
  exact('ubuntu', 'Ubuntu 22.04 LTS', '22.04', '2027-04-01', UBUNTU),
  exact('ubuntu', 'Ubuntu 21.10', '21.10', '2022-07-14', UBUNTU),
  exact('ubuntu', 'Ubuntu 21.04', '21.04', '2022-01-20', UBUNTU),
  exact('ubuntu', 'Ubuntu 20.10', '20.10', '2021-07-22', UBUNTU),
  exact('ubuntu', 'Ubuntu 20.04 LTS', '20.04', '2025-05-31', UBUNTU),
  exact('ubuntu', 'Ubuntu 19.10', '19.10', '2020-07-06', UBUNTU),
  exact('ubuntu', 'Ubuntu 19.04', '19.04', '2020-01-23', UBUNTU),
  exact('ubuntu', 'Ubuntu 18.04 LTS', '18.04', '2023-05-31', UBUNTU),
  exact('ubuntu', 'Ubuntu 16.04 LTS', '16.04', '2021-04-02', UBUNTU),
  // RHEL and its rebuilds: the maintenance phase of the major release (minor releases are its updates).
  major('rhel', 'Red Hat Enterprise Linux 10', '10', '2035-05-31', RHEL),
  major('rhel', 'Red Hat Enterprise Linux 9', '9', '2032-05-31', RHEL),
  major('rhel', 'Red Hat Enterprise Linux 8', '8', '2029-05-31', RHEL),
  major('rhel', 'Red Hat Enterprise Linux 7', '7', '2024-06-30', RHEL),
  major('rocky', 'Rocky Linux 10', '10', '2035-05-31', ROCKY),
  major('rocky', 'Rocky Linux 9', '9', '2032-05-31', ROCKY),
  major('rocky', 'Rocky Linux 8', '8', '2029-05-31', ROCKY),
  major('almalinux', 'AlmaLinux 10', '10', '2035-05-31', ALMA),
  major('almalinux', 'AlmaLinux 9', '9', '2032-05-31', ALMA),
  major('almalinux', 'AlmaLinux 8', '8', '2029-03-01', ALMA),
  major('centos', 'CentOS Linux 7', '7', '2024-06-30', CENTOS),
  // os-release says ID centos for CentOS Linux and CentOS Stream alike: 8 is both (Linux ended
  // 2021-12-31, Stream 2024-05-31; either way it has ended), 9 and 10 exist only as Stream.
  major('centos', 'CentOS 8 (Linux or Stream)', '8', '2024-05-31', CENTOS_STREAM),
  major('centos', 'CentOS Stream 9', '9', '2027-05-31', CENTOS_STREAM),
  major('centos', 'CentOS Stream 10', '10', '2030-05-31', CENTOS_STREAM),
  // Fedora 44's end is the one its schedule plans (a month after Fedora 46); Fedora 42 ended a day late, on 2026-05-28.
  exact('fedora', 'Fedora 44', '44', '2027-06-02', FEDORA),
  exact('fedora', 'Fedora 43', '43', '2026-12-09', FEDORA),
  exact('fedora', 'Fedora 42', '42', '2026-05-28', FEDORA),
  exact('fedora', 'Fedora 41', '41', '2025-12-15', FEDORA),
  exact('fedora', 'Fedora 40', '40', '2025-05-13', FEDORA),
  exact('fedora', 'Fedora 39', '39', '2024-11-26', FEDORA),
  exact('fedora', 'Fedora 38', '38', '2024-05-21', FEDORA),
  exact('fedora', 'Fedora 37', '37', '2023-12-05', FEDORA),
  exact('fedora', 'Fedora 36', '36', '2023-05-16', FEDORA),
  exact('fedora', 'Fedora 35', '35', '2022-12-13', FEDORA),
  exact('fedora', 'Fedora 34', '34', '2022-06-07', FEDORA),
  exact('fedora', 'Fedora 33', '33', '2021-11-30', FEDORA),
  exact('fedora', 'Fedora 32', '32', '2021-05-25', FEDORA),
  exact('fedora', 'Fedora 31', '31', '2020-11-24', FEDORA),
  exact('fedora', 'Fedora 30', '30', '2020-05-26', FEDORA),
  exact('opensuse-leap', 'openSUSE Leap 16.0', '16.0', '2027-10-31', LEAP),
  exact('opensuse-leap', 'openSUSE Leap 15.6', '15.6', '2026-04-30', LEAP),
  exact('opensuse-leap', 'openSUSE Leap 15.5', '15.5', '2024-12-31', LEAP),
  exact('opensuse-leap', 'openSUSE Leap 15.4', '15.4', '2023-12-07', LEAP),
  exact('opensuse-leap', 'openSUSE Leap 15.3', '15.3', '2022-12-31', LEAP),
  exact('opensuse-leap', 'openSUSE Leap 15.2', '15.2', '2022-01-04', LEAP),
  exact('opensuse-leap', 'openSUSE Leap 15.1', '15.1', '2021-02-02', LEAP),
  // Linux Mint: each point release is supported as long as its series (the Ubuntu LTS it is built on).
  ...['22', '22.1', '22.2', '22.3'].map((v) => exact('linuxmint', `Linux Mint ${v}`, v, '2029-04-30', MINT)),
  ...['21', '21.1', '21.2', '21.3'].map((v) => exact('linuxmint', `Linux Mint ${v}`, v, '2027-04-30', MINT)),
  ...['20', '20.1', '20.2', '20.3'].map((v) => exact('linuxmint', `Linux Mint ${v}`, v, '2025-04-30', MINT)),
  ...['19', '19.1', '19.2', '19.3'].map((v) => exact('linuxmint', `Linux Mint ${v}`, v, '2023-04-01', MINT)),
];

import type { FRAMEWORKS, Severity } from '../engine/rule-schema.js';
import { PASS_BAND, type Checked, type PolicyReason, type Status } from '../engine/score.js';
import type { TemplateWords } from '../engine/template.js';
import { REASON, type Lang, type LocalText } from '../probes/types.js';

// The program's own words in both languages. Rule texts carry their own translations.

type Framework = (typeof FRAMEWORKS)[number];

const en = {
  reportTitle: 'shop-audit report',
  score: 'Score',
  grade: 'Grade',
  coverage: 'Coverage',
  noScore: 'no rule applies to this PC',
  cappedByCritical: 'capped: a critical check failed',
  machine: 'Computer',
  user: 'User',
  architecture: 'Processor',
  consoleUser: 'Signed in at the screen',
  mdm: 'Managed by an organisation (MDM)',
  mdmYes: 'yes: whoever manages this Mac may enforce some settings',
  mdmYesViaDep:
    "yes, enrolled through Apple's Device Enrollment Program (DEP): whoever manages this Mac may enforce some settings",
  mdmNo: 'no',
  admin: 'administrator',
  notAdmin: 'standard account, not administrator',
  elevated: 'administrator/root',
  notElevated: 'not administrator/root',
  replayed: 'from a recorded bundle, not this PC',
  collectedBy:
    "read on the PC by the old-Windows collector, which runs only Windows' own tools: what they cannot show is " +
    'listed as not checked, each with its reason',
  collectedWhen: 'collected',
  collectedWhenUnknown: 'time not recorded',
  profile: 'Profile',
  date: 'Date',
  version: 'shop-audit version',
  why: 'Why it matters',
  fix: 'How to fix',
  reasons: 'Why it could not be checked',
  refs: 'Asked for by',
  policyPassed: 'Result: PASSED',
  policyFailed: 'Result: FAILED',
  coverageHint:
    'Some checks could not be answered. Run shop-audit again as administrator (Windows) or with ' +
    'sudo (macOS, Linux) to complete them.',
  sectionFail: 'Problems to fix',
  sectionUnknown: 'Could not check',
  sectionError: 'Checks that failed to run',
  sectionPass: 'Passed',
  sectionNotApplicable: 'Not applicable to this PC',
  progress: 'Checking',
  written: 'Report written to',
  reportsSaved: 'Reports saved in',
  reportsFellBack:
    'The folder beside shop-audit cannot be written to (write-protected stick?), so the reports ' +
    'were saved here instead.',
  pressAnyKey: 'Press any key to close this window.',
  recorded: 'Bundle written to',
  hostname: 'Computer name',
  os: 'Operating system',
  factsFrom: 'Facts read with',
  factsFromPowerShell: 'PowerShell',
  factsFromFallback:
    "Windows' own tools (reg.exe, sc, tasklist, WMIC, net, netsh, manage-bde), because PowerShell " +
    'could not run (some checks need PowerShell)',
  factsFromMixed:
    "PowerShell, stopped before it had answered everything; Windows' own tools (reg.exe, sc, " +
    'tasklist, WMIC, net, netsh, manage-bde) read the rest',
  windowsProgress: 'Asking Windows',
  statusCounts: 'Results',
  outOf: 'out of 100',
  howToAnswer: 'How to get an answer',
  hintElevate:
    'Run shop-audit again as administrator (Windows: right-click, "Run as administrator") or with sudo (macOS, Linux).',
  hintNoSudo:
    'Run shop-audit again without sudo or root, as the person who uses the desktop: these are their own settings.',
  hintDeep:
    'On Windows or macOS, run shop-audit scan --deep to find empty and common passwords: it tries an empty ' +
    'password (Windows) and a few of the commonest passwords on each account, never so many that the account ' +
    'could lock, and Windows records each refused try as a failed logon. Or press Win+L, pick each account and ' +
    'press Enter without typing a password.',
  hintOther:
    'shop-audit could not read this on this PC. The technical reason is below; a technician can check it by hand.',
  evidence: 'What was found',
  found: 'Found',
  packTitle: 'Rectification pack',
  packShop: 'Shop',
  packFindings: 'Findings of this check',
  packProblem: 'Problem',
  packFixedOn: 'Fixed on (date)',
  packFixed: 'What was fixed, and when',
  packFixedBetween: 'Fixed between the two checks',
  packNothingFixed: 'Nothing was fixed between the two checks',
  packNoEarlier:
    'No earlier report was given (shop-audit pack REPORT.json --before EARLIER.json shows what was fixed).',
  packRemains: 'What remains, and why',
  packWhyRemains: 'Why it remains / when it will be done',
  packAnswers: 'Answers',
  packFoundByScan: 'Found by the scan on this computer',
  packNothingFound: 'The scan found no customer files.',
  packNoPersonalProbe: 'This scan did not look for customer files: fill the list by hand.',
  packSignature: 'Signatures',
  packOwner: 'Owner',
  packTechnician: 'Technician',
  fleetTitle: 'shop-audit: PCs checked',
  fleetName: 'Computer',
  fleetCritical: 'Critical failed',
  fleetHigh: 'High failed',
  fleetRules: 'Problems across the PCs',
  fleetFailing: 'PCs failing',
  fleetRule: 'Problem',
  compareTitle: 'shop-audit: what changed',
  compareBefore: 'Before',
  compareAfter: 'Now',
  compareSince: 'What changed since the visit of',
  compareNew: 'New problems',
  compareFixed: 'Fixed',
  compareStill: 'Still to fix',
  compareChanged: 'Other changes',
  compareNewItems: 'New since the last visit',
  compareNothing: 'Nothing changed.',
  compareOtherPc: 'these reports come from two different PCs',
  required: 'Required',
  checked: 'Checked',
  doFirst: 'Do these first',
  otherOsRules: 'Rules for other operating systems (listed in the JSON report)',
  noProblems: 'No problems found.',
  profileSource: 'Requirements from',
  whatItChecks: 'What it checks',
  appliesWhen: 'Applies when',
  params: 'Params',
  definedIn: 'Defined in',
  rulesCount: 'rules',
  errorScanFailed: 'the scan could not run',
  errorRuleFiles: 'error(s) in rule files; nothing was scanned',
  errorRuleFilesFound: 'error(s) in rule files',
  errorInternal: 'internal error',
  errorReportBug: 'please report this, with the output of: shop-audit probes --json',
} as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  reportTitle: 'shop-audit 电脑安全检查报告',
  score: '得分',
  grade: '等级',
  coverage: '检查覆盖率',
  noScore: '没有适用于这台电脑的检查项',
  cappedByCritical: '已封顶：有严重项未通过',
  machine: '电脑',
  user: '用户',
  architecture: '处理器架构',
  consoleUser: '屏幕前登录的用户',
  mdm: '由机构统一管理（MDM）',
  mdmYes: '是：管理这台 Mac 的机构可能会强制某些设置',
  mdmYesViaDep: '是，通过 Apple 设备注册计划（DEP）注册：管理这台 Mac 的机构可能会强制某些设置',
  mdmNo: '否',
  admin: '管理员',
  notAdmin: '标准用户，非管理员',
  elevated: '管理员/root',
  notElevated: '非管理员/root',
  replayed: '来自录制的数据包，不是本机',
  collectedBy:
    '由旧版 Windows 采集脚本在那台电脑上读取，只用了 Windows 自带的工具：这些工具查不到的项目列为“未能检查”，并写明原因',
  collectedWhen: '采集时间',
  collectedWhenUnknown: '未记录时间',
  profile: '检查标准',
  date: '日期',
  version: 'shop-audit 版本',
  why: '为什么重要',
  fix: '怎么修复',
  reasons: '无法检查的原因',
  refs: '相关要求',
  policyPassed: '结论：通过',
  policyFailed: '结论：未通过',
  coverageHint:
    '有些项目无法检查。请以管理员身份（Windows）或用 sudo（macOS、Linux）再运行一次 shop-audit，以完成这些检查。',
  sectionFail: '需要修复的问题',
  sectionUnknown: '无法检查的项目',
  sectionError: '运行出错的检查',
  sectionPass: '已通过',
  sectionNotApplicable: '不适用于这台电脑',
  progress: '正在检查',
  written: '报告已保存到',
  reportsSaved: '报告已保存在',
  reportsFellBack: 'shop-audit 所在的文件夹无法写入（U 盘写保护？），报告改存到了这里。',
  pressAnyKey: '按任意键关闭此窗口。',
  recorded: '数据包已保存到',
  hostname: '电脑名称',
  os: '操作系统',
  factsFrom: '读取方式',
  factsFromPowerShell: 'PowerShell',
  factsFromFallback:
    'Windows 自带工具（reg.exe、sc、tasklist、WMIC、net、netsh、manage-bde），因为 PowerShell 无法运行（部分检查需要 PowerShell）',
  factsFromMixed:
    'PowerShell（未答完即被停止），其余由 Windows 自带工具（reg.exe、sc、tasklist、WMIC、net、netsh、manage-bde）读取',
  windowsProgress: '正在询问 Windows',
  statusCounts: '检查结果',
  outOf: '满分 100',
  howToAnswer: '怎样才能检查这一项',
  hintElevate:
    '请以管理员身份（Windows：右键点击，选“以管理员身份运行”）或用 sudo（macOS、Linux）再运行一次 shop-audit。',
  hintNoSudo: '请不要用 sudo 或 root，以平时使用这台电脑桌面的用户身份再运行一次 shop-audit：这些是该用户自己的设置。',
  hintDeep:
    '在 Windows 或 macOS 上运行 shop-audit scan --deep 可以查出空密码和最常见的弱密码：它会对每个账户试一次空密码（Windows）和几个最常见的密码，' +
    '次数绝不会多到让账户被锁定；每次被拒绝的尝试都会被 Windows 记为一次登录失败。也可以按 Win+L，逐个选中账户，不输入密码直接按回车试一试。',
  hintOther: 'shop-audit 在这台电脑上读不到这一项。下面是技术原因，可请技术人员手动检查。',
  evidence: '检查到的情况',
  found: '发现',
  packTitle: '整改材料',
  packShop: '店铺',
  packFindings: '本次检查发现的问题',
  packProblem: '问题',
  packFixedOn: '整改日期',
  packFixed: '已整改的问题及时间',
  packFixedBetween: '两次检查之间已整改',
  packNothingFixed: '两次检查之间没有整改的项目',
  packNoEarlier: '没有提供上次的报告（用 shop-audit pack 本次报告.json --before 上次报告.json 可列出已整改的项目）。',
  packRemains: '尚未整改的问题及原因',
  packWhyRemains: '未整改原因 / 计划完成时间',
  packAnswers: '对应条款',
  packFoundByScan: '本次检查在这台电脑上发现',
  packNothingFound: '本次检查没有发现顾客资料文件。',
  packNoPersonalProbe: '本次检查没有查找顾客资料文件：请手工填写清单。',
  packSignature: '签字',
  packOwner: '店主',
  packTechnician: '技术人员',
  fleetTitle: 'shop-audit：已检查的电脑',
  fleetName: '电脑',
  fleetCritical: '严重项未通过',
  fleetHigh: '高风险项未通过',
  fleetRules: '各台电脑的问题汇总',
  fleetFailing: '未通过的电脑数',
  fleetRule: '问题',
  compareTitle: 'shop-audit：前后对比',
  compareBefore: '上次',
  compareAfter: '本次',
  compareSince: '与上次检查相比的变化，上次检查时间',
  compareNew: '新出现的问题',
  compareFixed: '已修复',
  compareStill: '仍需修复',
  compareChanged: '其他变化',
  compareNewItems: '上次检查以来新出现的',
  compareNothing: '没有变化。',
  compareOtherPc: '这两份报告来自两台不同的电脑',
  required: '要求',
  checked: '检查范围',
  doFirst: '请先做这几件事',
  otherOsRules: '针对其他操作系统的规则（JSON 报告中列出）',
  noProblems: '没有发现问题。',
  profileSource: '要求来源',
  whatItChecks: '检查条件',
  appliesWhen: '适用条件',
  params: '参数',
  definedIn: '定义于',
  rulesCount: '条规则',
  errorScanFailed: '无法进行检查',
  errorRuleFiles: '处规则文件错误；没有进行检查',
  errorRuleFilesFound: '处规则文件错误',
  errorInternal: '程序内部错误',
  errorReportBug: '请把这个问题连同 shop-audit probes --json 的输出一起报告给我们',
};

const STATUS: Record<Lang, Record<Status, string>> = {
  en: { pass: 'PASS', fail: 'FAIL', unknown: 'UNKNOWN', not_applicable: 'N/A', error: 'ERROR' },
  'zh-CN': { pass: '通过', fail: '未通过', unknown: '未知', not_applicable: '不适用', error: '出错' },
};

const SEVERITY: Record<Lang, Record<Severity, string>> = {
  en: { critical: 'critical', high: 'high', medium: 'medium', low: 'low', info: 'info' },
  'zh-CN': { critical: '严重', high: '高', medium: '中', low: '低', info: '提示' },
};

const FRAMEWORK: Record<Lang, Record<Framework, string>> = {
  en: {
    'cn-dsl': 'China Data Security Law',
    'cn-pipl': 'China Personal Information Protection Law (PIPL)',
    'cn-csl': 'China Cybersecurity Law',
    'cn-mlps2-l2': 'MLPS 2.0 level 2 (GB/T 22239-2019)',
    'pci-dss-4.0.1': 'PCI DSS v4.0.1',
    'cyber-essentials-3.3': 'Cyber Essentials v3.3',
    'cis-v8': 'CIS Controls v8',
  },
  'zh-CN': {
    'cn-dsl': '《数据安全法》',
    'cn-pipl': '《个人信息保护法》',
    'cn-csl': '《网络安全法》',
    'cn-mlps2-l2': '等保 2.0 二级（GB/T 22239-2019）',
    'pci-dss-4.0.1': 'PCI DSS v4.0.1（银行卡支付）',
    'cyber-essentials-3.3': 'Cyber Essentials v3.3（英国网络安全基本要求）',
    'cis-v8': 'CIS 关键安全控制 v8',
  },
};

const TEMPLATE_WORDS: Record<Lang, TemplateWords> = {
  en: {
    yes: 'yes',
    no: 'no',
    unknown: 'unknown',
    none: 'none',
    separator: ', ',
    minutes: (n) => `${n} minute${n === 1 ? '' : 's'}`,
    running: 'running',
    startsAtBoot: 'starts by itself',
  },
  'zh-CN': {
    yes: '是',
    no: '否',
    unknown: '未知',
    none: '无',
    separator: '、',
    minutes: (n) => `${n} 分钟`,
    running: '正在运行',
    startsAtBoot: '开机自启',
  },
};

/** The words that fill a rule's found/required templates. */
export function templateWords(lang: Lang): TemplateWords {
  return TEMPLATE_WORDS[lang];
}

export function frameworkLabel(lang: Lang, framework: Framework): string {
  return FRAMEWORK[lang][framework];
}

const CN_DIGITS = '零一二三四五六七八九';

/** 27 → 二十七, 103 → 一百零三: how Chinese law numbers its articles. */
export function chineseNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  if (n < 100) return `${CN_DIGITS[Math.floor(n / 10)]}十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  const rest = n % 100;
  const tens =
    rest === 0 ? '' : rest < 10 ? `零${CN_DIGITS[rest]}` : rest < 20 ? `一${chineseNumber(rest)}` : chineseNumber(rest);
  return `${CN_DIGITS[Math.floor(n / 100)]}百${tens}`;
}

/** A rule's reference in words: the framework's name and the control, Chinese articles as 第二十七条. */
export function refText(
  lang: Lang,
  ref: { framework: Framework; control: string; about?: LocalText | undefined },
): string {
  const zh = lang === 'zh-CN';
  let control = ref.control;
  if (zh)
    control = control
      .replace(/\bArt\. (\d+)/g, (_, n: string) => `第${chineseNumber(Number(n))}条`)
      .replace(/ ?\(formerly (第[^)]+条)\)/, '（原$1）');
  const label = frameworkLabel(lang, ref.framework);
  const about = ref.about?.[lang];
  const joined = zh && /^《/.test(label) && /^第/.test(control) ? `${label}${control}` : `${label} ${control}`;
  return about ? `${joined}${zh ? ' ' : ' '}${about}` : joined;
}

// The probes' reasons are English data (JSON keeps them so for scripts); a zh-CN report words the
// standard ones (REASON, describeFailure's) in Chinese. Paths, commands and codes stay as they are.
const ZH_REASONS: [RegExp, string][] = [
  [new RegExp(escapeRegExp(REASON.needsRoot), 'g'), '需要 root 权限：请用 sudo 再运行'],
  [new RegExp(escapeRegExp(REASON.needsAdmin), 'g'), '需要管理员权限：请以管理员身份再运行'],
  [
    new RegExp(escapeRegExp(REASON.underSudo), 'g'),
    '在 sudo 下运行：以 root 身份读不到桌面用户自己的设置；请以该用户身份、不用 sudo 运行',
  ],
  [
    new RegExp(escapeRegExp(REASON.asRoot), 'g'),
    '以 root 身份运行，而不是在 root 自己的桌面里：root 的设置不是桌面用户的设置；请以该用户身份、不用 root 运行',
  ],
  [new RegExp(escapeRegExp(REASON.needsDeep), 'g'), '运行 shop-audit scan --deep 可以检查这一项'],
  [new RegExp(escapeRegExp(REASON.notSupported), 'g'), '这个系统不支持'],
  [new RegExp(escapeRegExp(REASON.notOnThisOs), 'g'), '这个操作系统上没有这一项'],
  [/does not exist on this PC/g, '这台电脑上没有'],
  [
    /macOS does not show whether a password is empty without trying to log in with it/g,
    'macOS 不试着登录就无法得知密码是否为空',
  ],
  [/no PAM configuration found/g, '找不到 PAM 配置'],
  [
    /(macOS|Windows) does not show whether a password is a common one without trying to log in with it/g,
    '$1 不试着登录就无法得知密码是否为最常见的弱密码',
  ],
  [
    new RegExp(
      "\\(up to (\\d+) of the commonest passwords per account, and only while the account's lockout policy " +
        'leaves room for (\\d+) more failed logins\\)',
      'g',
    ),
    '（每个账户最多试 $1 个最常见的密码，而且只在账户锁定策略还容得下 $2 次失败登录时才试）',
  ],
  [
    /does not exist: logind knows no screen and keyboard, or is not running, so who uses this PC is not known/g,
    '不存在：logind 不知道有屏幕和键盘，或者没有运行，所以不知道谁在用这台电脑',
  ],
  [
    /nobody is signed in at the screen \(logind: seat0 has no active session\)/g,
    '现在没有人在屏幕前登录（logind：seat0 没有活动会话）',
  ],
  [/ has an #include, which shop-audit does not follow/g, ' 里有 #include，shop-audit 不会跟着去读'],
  [/ names users by a User_Alias, which shop-audit does not follow/g, ' 用 User_Alias 指定用户，shop-audit 不会展开它'],
  [
    /(\S+) is connected, but NetworkManager \(nmcli\) lists no network it is on/g,
    '$1 已连上网络，但 NetworkManager（nmcli）没有列出它连的是哪个网络',
  ],
  [/larger than (\d+) KB: not read/g, '大于 $1 KB，没有读取'],
  [/\bnot read: /g, '没有读取：'],
  [/\blogin items \(sfltool dumpbtm\)/g, '登录项（sfltool dumpbtm）'],
  [/\blogin items: /g, '登录项：'],
  [/ \(macOS 12 and earlier have no such list\)/g, '（macOS 12 及更早的版本没有这份列表）'],
  [/no log entries found \(no journal and no sign-in log\)/g, '找不到日志（没有 journal，也没有登录日志）'],
  [/not in the bundle \(the contents of documents are never recorded\)/g, '不在录制的数据包中（文档内容从不录制）'],
  [/not in the bundle/g, '不在录制的数据包中'],
  [/PowerShell gave no answer for (\w+)/g, 'PowerShell 没有给出 $1 这一项查询的结果'],
  [/read on macOS only so far/g, '目前只在 macOS 上读取'],
  [/ioreg printed no IOPlatformUUID line/g, 'ioreg 的输出里没有 IOPlatformUUID 这一行'],
  [/the IOPlatformUUID is all zeros: it names no Mac/g, 'IOPlatformUUID 全是零，认不出是哪台 Mac'],
  [/this version of shop-audit cannot yet check this on (\w+)/g, '这个版本的 shop-audit 还不能在 $1 上检查这一项'],
  [/^probe (\S+) failed: /g, '检查模块 $1 出错：'],
  [/could not be read/g, '读取失败'],
  [/permission denied/g, '没有权限'],
  [/command timed out/g, '命令超时'],
  [/\bnot found\b/g, '找不到'],
  [/ is empty\b/g, ' 是空的'],
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A probe's reason in the report's language. */
export function reasonText(lang: Lang, reason: string): string {
  if (lang !== 'zh-CN') return reason;
  return ZH_REASONS.reduce((text, [pattern, zh]) => text.replace(pattern, zh), reason)
    .replace(/: /g, '：')
    .replace(/; /g, '；');
}

/** A label and its value: `Found: …`, `发现：…`. */
export function labelled(lang: Lang, key: MessageKey): string {
  return lang === 'zh-CN' ? `${t(lang, key)}：` : `${t(lang, key)}: `;
}

export function t(lang: Lang, key: MessageKey): string {
  return lang === 'zh-CN' ? zh[key] : en[key];
}

export function statusLabel(lang: Lang, status: Status): string {
  return STATUS[lang][status];
}

export function severityLabel(lang: Lang, severity: Severity): string {
  return SEVERITY[lang][severity];
}

/**
 * What the reader can do to get an answer for a check that could not be made, from the reasons
 * the probes gave (their REASON phrases) and whether the scan already ran elevated.
 */
export function answerHint(lang: Lang, reasons: readonly string[], elevated: boolean): string {
  if (reasons.some((r) => r.includes(REASON.underSudo) || r.includes(REASON.asRoot))) return t(lang, 'hintNoSudo');
  // Windows blank passwords need a logon try, not more rights.
  if (reasons.some((r) => r.includes(REASON.needsDeep))) return t(lang, 'hintDeep');
  if (reasons.some((r) => r.includes(REASON.needsRoot) || r.includes(REASON.needsAdmin)) || !elevated)
    return t(lang, 'hintElevate');
  return t(lang, 'hintOther');
}

/**
 * The language from the locale: Chinese locales (zh, zh_CN, zh-Hans, zh_TW…) give zh-CN,
 * everything else en. On Unix LC_ALL, then LC_MESSAGES, then LANG decide (as gettext does).
 */
export function langFromLocale(env: Record<string, string | undefined>, fallbackLocale?: () => string): Lang {
  // The fallback (ICU's default locale) is asked only when needed.
  return langOfLocale(env.LC_ALL || env.LC_MESSAGES || env.LANG || fallbackLocale?.() || '');
}

/**
 * ICU's default locale: the display language Windows and macOS give a program, and the locale
 * variables on Linux. Plural rules resolve it like a date format does, but load ~0.3 ms of ICU data
 * where a date format loads ~17 ms (measured with Node 20 and 24).
 */
export const icuDefaultLocale = (): string => new Intl.PluralRules().resolvedOptions().locale;

/** zh-CN for a Chinese locale or language tag (zh, zh_CN.UTF-8, zh-Hans-CN, zh-TW…), else en. */
export function langOfLocale(locale: string): Lang {
  return /^zh\b|^zh[_-]/i.test(locale) ? 'zh-CN' : 'en';
}

/** The verdict line: passed or failed, how much was actually checked, and why it failed. */
export function verdictLine(
  lang: Lang,
  policy: { passed: boolean; reasons: readonly string[]; checked: Checked | null },
): string {
  const zh = lang === 'zh-CN';
  const c = policy.checked;
  const checked = !c
    ? ''
    : zh
      ? `（${c.rules} 项检查中得出结果 ${c.answered} 项；不适用 ${c.rules - c.applicable} 项，无法检查 ${c.applicable - c.answered} 项）`
      : ` (${c.answered} of ${c.rules} checks answered; ${c.rules - c.applicable} not for this PC, ` +
        `${c.applicable - c.answered} could not be checked)`;
  const reasons = policy.reasons.length ? ` — ${policy.reasons.join(zh ? '；' : '; ')}` : '';
  return t(lang, policy.passed ? 'policyPassed' : 'policyFailed') + checked + reasons;
}

/** A language asked for by name: zh-CN for any Chinese tag or locale, en for English ones; null for others. */
export function langOfTag(tag: string): Lang | null {
  if (/^zh(\b|[_-])/i.test(tag)) return 'zh-CN';
  if (/^en(\b|[_-])/i.test(tag)) return 'en';
  return null;
}

/** A reason the policy failed, in words. */
export function policyReason(lang: Lang, r: PolicyReason): string {
  const zh = lang === 'zh-CN';
  switch (r.kind) {
    case 'failed':
      return zh
        ? `${r.count} 项${severityLabel(lang, r.failOn)}及以上级别的检查未通过`
        : `${r.count} failed at ${r.failOn} or above`;
    case 'unsure':
      return zh
        ? `${r.count} 项${severityLabel(lang, r.failOn)}及以上级别的检查无法完成或出错（--strict）`
        : `${r.count} unknown or in error at ${r.failOn} or above (--strict)`;
    case 'noRules':
      return zh
        ? '没有运行任何检查项（--only、--skip 或配置文件把检查项全部排除了，或没有加载规则）'
        : 'no check was run (--only, --skip or the profile left none, or no rules were loaded)';
    case 'noneApplies':
      return zh ? `${r.rules} 项检查都不适用于这台电脑` : `none of the ${r.rules} checks applies to this PC`;
    case 'nothingAnswered':
      return zh ? '没有任何一项检查能得出结果' : 'no check could be answered';
    case 'belowPassBand':
      return zh
        ? `得分 ${r.score} 低于及格线 ${PASS_BAND}（F 级）`
        : `score ${r.score} is below the pass mark of ${PASS_BAND} (grade F)`;
    case 'noScore':
      return zh
        ? `没有得分（没有适用的检查项），达不到 --min-score ${r.minScore}`
        : `no score (no rule applies), --min-score ${r.minScore} cannot be met`;
    case 'belowMinScore':
      return zh
        ? `得分 ${r.score} 低于 --min-score ${r.minScore}`
        : `score ${r.score} is below --min-score ${r.minScore}`;
  }
}

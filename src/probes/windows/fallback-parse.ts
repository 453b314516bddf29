import { commandProgram } from './document.js';
import { hashMachineId } from '../tools.js';

// Pure parsers of what Windows' own tools print, for the fallback when PowerShell cannot run
// (fallback.ts). reg.exe's layout is the same in every display language; `net share`,
// `manage-bde -status` and `netsh advfirewall` print localized labels, known here in English and Chinese.

export type RegData = string | number;

/** One key of `reg query` output, with its values. */
export interface RegKeyBlock {
  /** The key as reg.exe names it: HKEY_LOCAL_MACHINE\…. */
  key: string;
  values: Record<string, RegData>;
  /** Values whose data was dropped unread because their name says password or secret. */
  hidden: string[];
}

const KEY_LINE = /^HKEY_[A-Z_]+(?:\\.*)?$/;
// `    Name    REG_TYPE    Data`; an empty REG_SZ ends with the four-space separator and no data.
const VALUE_LINE = /^ {4}(.+?) {4}(REG_[A-Z0-9_]+)(?: {4}(.*))?$/;
const NUMBER_TYPES = new Set(['REG_DWORD', 'REG_QWORD']);
// A text value named like a password (Winlogon's DefaultPassword) is a secret: only that it exists is kept.
// Numbers named so (LimitBlankPasswordUse, PasswordExpiryWarning) are settings, not secrets.
const isSecret = (name: string, type: string) => /password|secret|recovery/i.test(name) && !NUMBER_TYPES.has(type);

/**
 * `reg query KEY [/s] [/v NAME]`: a block per key line. Without /s the first block is the key
 * asked for and the following ones are its subkeys; with /s every matching subkey has a block.
 * DWORD and QWORD data become numbers, everything else stays text as printed.
 */
export function parseRegQuery(text: string): RegKeyBlock[] {
  const blocks: RegKeyBlock[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (KEY_LINE.test(line.trimEnd())) {
      blocks.push({ key: line.trimEnd(), values: {}, hidden: [] });
      continue;
    }
    const m = VALUE_LINE.exec(line);
    const block = blocks[blocks.length - 1];
    if (!m || !block) continue;
    const [, name, type, data = ''] = m as unknown as [string, string, string, string | undefined];
    if (isSecret(name, type)) block.hidden.push(name);
    else block.values[name] = NUMBER_TYPES.has(type) ? Number.parseInt(data, 16) : data;
  }
  return blocks;
}

/**
 * What a --record bundle may keep of reg.exe output: the data of a password-like text value is
 * replaced, and a Run or RunOnce command line keeps only its program (its arguments can carry a password).
 */
export function redactRegQueryOutput(text: string): string {
  let key = '';
  return text
    .split('\n')
    .map((raw) => {
      const line = raw.replace(/\r$/, '');
      const end = raw.slice(line.length);
      if (KEY_LINE.test(line.trimEnd())) key = line.trimEnd();
      const m = VALUE_LINE.exec(line);
      if (!m || m[3] === undefined) return raw;
      const [, name, type, data] = m as unknown as [string, string, string, string];
      if (isSecret(name, type)) return `    ${name}    ${type}    (redacted)${end}`;
      if (name === 'MachineGuid') return `    ${name}    ${type}    hashed:${hashMachineId(data) ?? ''}${end}`;
      if (/\\Run(?:Once)?$/i.test(key)) return `    ${name}    ${type}    ${commandProgram(data)}${end}`;
      return raw;
    })
    .join('\n');
}

// East Asian wide characters take two console columns; net.exe pads its columns by console width.
const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/;
const consoleWidth = (text: string) => [...text].reduce((n, ch) => n + (WIDE.test(ch) ? 2 : 1), 0);

/** The cells of a console table line (text separated by two or more spaces) and the column each starts at. */
function cells(line: string): { text: string; column: number }[] {
  return [...line.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ text: m[0], column: consoleWidth(line.slice(0, m.index)) }));
}

export interface NetShare {
  name: string;
  path: string | null;
  remark: string | null;
}

/**
 * `net share`: a header (Share name / Resource / Remark, 共享名 / 资源 / 注解) whose columns place
 * each cell, a rule of dashes, one line per share, and usually net's closing "The command completed
 * successfully." (命令成功完成。) as the last line, dropped whatever its language (but kept when it is
 * a share: output cut before the closing line must not lose the last share). A resource too long for
 * its column pushes the remark onto a continuation line. Null when the text is not that table.
 */
export function parseNetShare(text: string): NetShare[] | null {
  const lines = text.split(/\r?\n/);
  const rule = lines.findIndex((l) => /^-{20,}\s*$/.test(l));
  const header = lines
    .slice(0, Math.max(rule, 0))
    .filter((l) => l.trim())
    .pop();
  const columns = header ? cells(header).map((c) => c.column) : [];
  if (rule < 0 || columns.length !== 3) return null;
  const [, resourceColumn, remarkColumn] = columns as [number, number, number];
  const body = lines.slice(rule + 1).filter((l) => l.trim());
  // net's closing line is one cell of words at the margin; a share's line has its name and a folder or remark.
  const last = body.at(-1);
  if (last !== undefined && !/^\s/.test(last) && cells(last).length === 1) body.pop();
  const shares: NetShare[] = [];
  for (const line of body) {
    const row = cells(line);
    if (!/^\s/.test(line)) shares.push({ name: row.shift()!.text, path: null, remark: null });
    const share = shares[shares.length - 1];
    if (!share) continue;
    for (const cell of row) {
      if (cell.column >= remarkColumn)
        share.remark = share.remark === null ? cell.text : `${share.remark} ${cell.text}`;
      else if (cell.column >= resourceColumn) share.path = cell.text;
    }
  }
  return shares;
}

export interface BitLockerStatus {
  driveLetter: string;
  /** Win32_EncryptableVolume's VolumeType: 0 the OS volume, 1 a fixed data volume; null when the label is not known. */
  volumeType: number | null;
  /** Win32_EncryptableVolume's ConversionStatus and ProtectionStatus codes for the printed labels; null: not known. */
  conversionStatus: number | null;
  protectionStatus: number | null;
  /** The labels as printed, for the reason when one is not known. */
  conversionLabel: string | null;
  protectionLabel: string | null;
}

// The English labels are Microsoft's documented ones; the Chinese ones are those seen in real zh-CN
// output (the samples, and a 10.0.18362 output: 仅加密了已用空间 / 保护已启用). Others stay unknown.
const CONVERSION: Record<string, number> = {
  'fully decrypted': 0,
  完全解密: 0,
  'fully encrypted': 1,
  'used space only encrypted': 1,
  仅加密了已用空间: 1,
  'encryption in progress': 2,
  'decryption in progress': 3,
  'encryption paused': 4,
  'decryption paused': 5,
};
const PROTECTION: Record<string, number> = {
  'protection off': 0,
  保护关闭: 0,
  'protection on': 1,
  保护已启用: 1,
  'protection unknown': 2,
};

/**
 * `manage-bde -status`: a block per volume, headed `Volume C: [label]` (卷 C: [label]) and
 * `[OS Volume]` ([OS 卷], [数据卷]), then `Label: value` lines in the display language.
 */
export function parseManageBdeStatus(text: string): BitLockerStatus[] {
  const blocks = text.split(/^(?=\S+ [A-Za-z]: \[)/m).filter((b) => /^\S+ [A-Za-z]: \[/.test(b));
  return blocks.map((block) => {
    const field = (labels: string) =>
      new RegExp(`^\\s+(?:${labels})\\s*[:：]\\s*(.*?)\\s*$`, 'm').exec(block)?.[1] ?? null;
    const kind = /^\[(.*)\]\s*$/m.exec(block)?.[1] ?? '';
    const conversionLabel = field('Conversion Status|转换状态');
    const protectionLabel = field('Protection Status|保护状态');
    return {
      driveLetter: /^\S+ ([A-Za-z]:)/.exec(block)![1]!.toUpperCase(),
      volumeType: /\bOS\b/.test(kind) ? 0 : /Data|数据/i.test(kind) ? 1 : null,
      conversionStatus: conversionLabel === null ? null : (CONVERSION[conversionLabel.toLowerCase()] ?? null),
      protectionStatus: protectionLabel === null ? null : (PROTECTION[protectionLabel.toLowerCase()] ?? null),
      conversionLabel,
      protectionLabel,
    };
  });
}

/** Win32_Service's words for sc.exe's state numbers (SERVICE_STATUS.dwCurrentState, winsvc.h). */
const SERVICE_STATES: Record<string, string> = {
  '1': 'Stopped',
  '2': 'Start Pending',
  '3': 'Stop Pending',
  '4': 'Running',
  '5': 'Continue Pending',
  '6': 'Pause Pending',
  '7': 'Paused',
};

export interface ScService {
  name: string;
  displayName: string | null;
  /** Win32_Service's State word for the number sc printed; null when the number is not one winsvc.h defines. */
  state: string | null;
}

/**
 * `sc query type= service state= all`: a block per service, read by position, not by its labels:
 * the block's first line at the margin holds the service name after its colon, the next line at the
 * margin the display name (translated, kept as text); of the indented lines the first is the type
 * and the second the state, whose number comes first after the colon (`4  RUNNING`).
 */
export function parseScQuery(text: string): ScService[] {
  const services: ScService[] = [];
  let current: (ScService & { margin: number; indented: number }) | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const value = /^[^:]*:\s?(.*?)\s*$/.exec(line)?.[1] ?? null;
    if (!/^\s/.test(line)) {
      if (current && current.margin === 1) {
        current.displayName = value;
        current.margin = 2;
        continue;
      }
      if (value === null) continue;
      current = { name: value, displayName: null, state: null, margin: 1, indented: 0 };
      services.push(current);
      continue;
    }
    if (!current || value === null) continue;
    current.indented += 1;
    if (current.indented === 2) current.state = SERVICE_STATES[/^(\d+)\b/.exec(value)?.[1] ?? ''] ?? null;
  }
  return services.map(({ name, displayName, state }) => ({ name, displayName, state }));
}

/**
 * A table WMIC prints (`wmic useraccount get …`, `wmic qfe get …`): the header holds the property
 * names (never translated) and each column starts where its name starts, counted in console
 * columns (a Chinese character takes two). Empty cells are empty strings.
 */
export function parseWmicTable(text: string): Record<string, string>[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim());
  const header = lines.shift();
  if (!header) return [];
  const columns = cells(header);
  return lines.map((line) =>
    Object.fromEntries(columns.map((c, i) => [c.text, columnSlice(line, c.column, columns[i + 1]?.column)])),
  );
}

/** The console columns of `line` from `from` up to `to` (a Chinese character takes two), trimmed. */
function columnSlice(line: string, from: number, to = Infinity): string {
  let column = 0;
  let out = '';
  for (const ch of line) {
    if (column >= from && column < to) out += ch;
    column += WIDE.test(ch) ? 2 : 1;
  }
  return out.trim();
}

// Windows account names have at most 20 characters and net pads each to a wider column, so two or more
// spaces part them (a name may hold single spaces). net's closing line ("The command completed
// successfully.") is longer than any name in most languages; a short one (命令成功完成。) is no account,
// which `net user NAME` tells.
const MAX_ACCOUNT_NAME = 20;

/**
 * `net user`: the names after the rule of dashes. A line with a cell longer than a name can be is not a
 * line of names. Null when the text has no rule.
 */
export function parseNetUserList(text: string): string[] | null {
  const lines = text.split(/\r?\n/);
  const rule = lines.findIndex((l) => /^-{20,}\s*$/.test(l));
  if (rule < 0) return null;
  return lines.slice(rule + 1).flatMap((line) => {
    const names = line
      .split(/ {2,}/)
      .map((n) => n.trim())
      .filter(Boolean);
    return names.some((n) => [...n].length > MAX_ACCOUNT_NAME) ? [] : names;
  });
}

export interface NetUserAccount {
  name: string;
  /** Windows' description of the account (the Comment line); built-in accounts keep theirs when renamed. */
  comment: string;
  enabled: boolean | null;
  passwordRequired: boolean | null;
}

// net.exe prints Yes and No untranslated on Chinese Windows too (the real zh-CN samples); other words stay unknown.
const NET_FLAG: Record<string, boolean> = { Yes: true, No: false };

/**
 * `net user NAME`, read by position, never by its translated labels: its first block (lines up to a blank
 * line) is user name, full name, comment, user's comment, country code, account active, account expires;
 * the next is password last set, expires, changeable, required, user may change. Each value starts in the
 * column where the user name does on the first line. Counting from a block's end keeps a comment the
 * console wrapped onto a second line from moving the others. Null when the text has no such blocks.
 */
export function parseNetUser(text: string): NetUserAccount | null {
  const read = netUserBlocks(text.split(/\r?\n/));
  if (!read) return null;
  const { account, passwords, value } = read;
  return {
    name: value(account[0]!),
    comment: netUserComment(read),
    enabled: NET_FLAG[value(account.at(-2)!)] ?? null,
    passwordRequired: NET_FLAG[value(passwords.at(-2)!)] ?? null,
  };
}

interface NetUserBlocks {
  /** The lines of the account's block and of the password block after it (without line ends). */
  account: string[];
  passwords: string[];
  /** The value of a line: from the column where the user name starts on the first line. */
  value: (line: string) => string;
  /** The console column values start at. */
  valueColumn: number;
  /** The index in the text's lines of the account block's first line. */
  start: number;
}

function netUserBlocks(lines: string[]): NetUserBlocks | null {
  const blocks: { start: number; lines: string[] }[] = [];
  let current: { start: number; lines: string[] } | null = null;
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/\r$/, '');
    if (!line.trim()) current = null;
    else if (current) current.lines.push(line);
    else {
      current = { start: i, lines: [line] };
      blocks.push(current);
    }
  }
  // A domain query first says which domain controller answers; the account's block is the first long one.
  const first = blocks.findIndex((b) => b.lines.length >= 7);
  const account = blocks[first];
  const passwords = blocks[first + 1]?.lines;
  if (!account || !passwords || passwords.length < 5) return null;
  const label = / {2,}(?=\S)/.exec(account.lines[0]!);
  if (!label) return null;
  const valueColumn = consoleWidth(account.lines[0]!.slice(0, label.index + label[0].length));
  return {
    account: account.lines,
    passwords,
    valueColumn,
    start: account.start,
    value: (line) => columnSlice(line, valueColumn),
  };
}

/** The Comment: the lines between full name and user's comment (a wrapped one goes on at the margin, joined as is). */
const netUserComment = ({ account, value }: NetUserBlocks) =>
  account
    .slice(2, -4)
    .map((l, i) => (i === 0 ? value(l) : l.trim()))
    .join('');

/**
 * What a --record bundle keeps of `net user NAME`: the layout and every value the parser reads, but not
 * the full name, the user's comment, nor a comment that is not Windows' own (people write names there).
 */
export function redactNetUserOutput(text: string): string {
  const lines = text.split('\n');
  const read = netUserBlocks(lines);
  if (!read) return text;
  const { account, start, valueColumn } = read;
  const keepComment = builtinByComment(netUserComment(read)) !== null;
  const dropped = new Set<number>();
  const blank = (i: number) => {
    const raw = lines[i]!;
    const end = raw.endsWith('\r') ? '\r' : '';
    let column = 0;
    let kept = '';
    for (const ch of raw.replace(/\r$/, '')) {
      if (column >= valueColumn) break;
      kept += ch;
      column += WIDE.test(ch) ? 2 : 1;
    }
    // A wrapped comment's continuation line is all value: it goes (left empty, it would end the account's block).
    if (i > start + 2 && i < start + account.length - 4) dropped.add(i);
    else lines[i] = kept.trimEnd() + end;
  };
  blank(start + 1);
  blank(start + account.length - 4);
  if (!keepComment) for (let i = start + 2; i < start + account.length - 4; i++) blank(i);
  return lines.filter((_, i) => !dropped.has(i)).join('\n');
}

/**
 * Windows' own descriptions of the built-in Administrator (RID 500) and Guest (RID 501), which stay when
 * they are renamed: in English (Microsoft's, and the real samples) and Chinese (real zh-CN `net user` and
 * WMIC outputs, test/fixtures/windows_fallback/SOURCES.md). An account without one of them is not known to
 * be built-in or not.
 */
const BUILTIN_COMMENTS: Record<string, 'admin' | 'guest'> = {
  'Built-in account for administering the computer/domain': 'admin',
  '管理计算机(域)的内置帐户': 'admin',
  'Built-in account for guest access to the computer/domain': 'guest',
  供来宾访问计算机或访问域的内置帐户: 'guest',
};

/** The built-in account Windows' description names, or null when the description is not one of them. */
export const builtinByComment = (comment: string): 'admin' | 'guest' | null => BUILTIN_COMMENTS[comment] ?? null;

/**
 * `tasklist /fo csv /nh`: the image name of each process (the first field of each row whose second is a PID;
 * a header, in any language, is not).
 */
export function parseTasklistCsv(text: string): string[] {
  return [...parseTasklistPids(text).values()];
}

/** `tasklist /fo csv /nh`: each process's image name by its PID. */
export function parseTasklistPids(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^"((?:[^"]|"")*)","(\d+)",/.exec(line);
    if (m) names.set(Number(m[2]), m[1]!.replace(/""/g, '"'));
  }
  return names;
}

/**
 * `netstat -ano`, read without its translated header and states: a TCP row whose foreign address is
 * 0.0.0.0:0 or [::]:0 is listening (a connected one names its peer); a UDP row (foreign *:*) is bound.
 */
export function parseNetstatAno(
  text: string,
): { protocol: 'tcp' | 'udp'; address: string; port: number; pid: number }[] {
  return text.split(/\r?\n/).flatMap((line) => {
    const f = line.trim().split(/\s+/);
    const protocol = f[0] === 'TCP' ? 'tcp' : f[0] === 'UDP' ? 'udp' : null;
    const local = /^\[?(.*?)\]?:(\d+)$/.exec(f[1] ?? '');
    const pid = f[f.length - 1] ?? '';
    if (!protocol || !local || !/^\d+$/.test(pid)) return [];
    if (protocol === 'tcp' ? !['0.0.0.0:0', '[::]:0'].includes(f[2] ?? '') : f[2] !== '*:*') return [];
    return [{ protocol, address: local[1]!, port: Number(local[2]), pid: Number(pid) }];
  });
}

/** The fields of one CSV line as Windows' tools write it: every field in double quotes, a quote inside doubled. */
function csvFields(line: string): string[] | null {
  const fields: string[] = [];
  const re = /"((?:[^"]|"")*)"(,|$)/gy;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    fields.push(m[1]!.replace(/""/g, '"'));
    if (m[2] === '') return re.lastIndex === line.length ? fields : null;
  }
  return null;
}

/** One scheduled task's program as `schtasks /query /fo csv /v` lists it. */
export interface SchtasksRow {
  /** The task's full path (\Folder\Name). */
  path: string;
  command: string;
  /** "Scheduled Task State": Enabled or Disabled, in English or Chinese; null in another language. */
  disabled: boolean | null;
}

// `schtasks /query /fo csv /v`: a header line (translated: TaskName, 任务名) repeated before each folder's tasks,
// and one line per task and trigger. The columns keep their places in every language: 1 TaskName, 8 Task To Run
// (要运行的任务), 11 Scheduled Task State (计划任务状态: Enabled 已启用, Disabled 已禁用). A task run by a COM
// handler has no program there ("COM handler", "COM 处理程序"): it is left out.
const TASK_NAME = 1;
const TASK_TO_RUN = 8;
const TASK_COMMENT = 10;
const TASK_STATE = 11;
const TASK_STATES: Record<string, boolean> = { Enabled: false, Disabled: true, 已启用: false, 已禁用: true };

/** The tasks' programs; null when a line is not CSV of at least 12 fields (not schtasks' verbose CSV). */
export function parseSchtasksCsv(text: string): SchtasksRow[] | null {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  const rows = lines.map(csvFields);
  if (rows.some((r) => r === null || r.length <= TASK_STATE)) return null;
  const header = lines[0];
  const seen = new Set<string>();
  const tasks: SchtasksRow[] = [];
  for (const [i, row] of (rows as string[][]).entries()) {
    if (lines[i] === header) continue;
    const command = row[TASK_TO_RUN]!.trim();
    const path = row[TASK_NAME]!;
    if (!/[\\.]/.test(command) || seen.has(`${path}|${command}`)) continue;
    seen.add(`${path}|${command}`);
    tasks.push({ path, command, disabled: TASK_STATES[row[TASK_STATE]!.trim()] ?? null });
  }
  return tasks;
}

/**
 * `schtasks /query /fo csv /v` as a --record bundle keeps it: each Task To Run cut to its program (arguments can carry
 * a password, `net use … PASSWORD /user:x`, `/p PASSWORD`, that no option name gives away) and each Comment emptied;
 * the header lines as they are. A line cut short is left out.
 */
export function redactSchtasksCsv(text: string): string {
  const lines = text.split('\n');
  const header = lines.find((l) => l.trim());
  return lines
    .map((line) => {
      const end = line.endsWith('\r') ? '\r' : '';
      const fields = csvFields(line.slice(0, line.length - end.length));
      if (line === header || (!fields && !line.trimStart().startsWith('"'))) return line;
      if (!fields || fields.length <= TASK_COMMENT) return '';
      const kept = fields.map((f, i) => (i === TASK_TO_RUN ? commandProgram(f) : i === TASK_COMMENT ? '' : f));
      return kept.map((f) => `"${f.replace(/"/g, '""')}"`).join(',') + end;
    })
    .join('\n');
}

export const WINDOWS_PROFILES = ['Domain', 'Private', 'Public'] as const;
export type WindowsProfileName = (typeof WINDOWS_PROFILES)[number];

/** One Windows Firewall profile as netsh or CIM plus policy show it. */
export interface ProfileState {
  name: WindowsProfileName;
  enabled: boolean | null;
  /** Incoming connections no rule allows are blocked (default inbound action Block). */
  blocksInbound: boolean | null;
}

// `netsh advfirewall show allprofiles|currentprofile`: block headings, the State line and the
// Firewall Policy line in English or Chinese. Chinese Windows says 启用 or 打开 for ON (both in
// real outputs, see test/fixtures/firewall/SOURCES.md) and 关闭 for OFF; 禁用 is "disabled".
const NETSH_HEADINGS: Record<string, WindowsProfileName> = {
  'Domain Profile Settings': 'Domain',
  'Private Profile Settings': 'Private',
  'Public Profile Settings': 'Public',
  '域配置文件 设置': 'Domain',
  '专用配置文件 设置': 'Private',
  '公用配置文件 设置': 'Public',
};

const NETSH_ON = new Set(['ON', '启用', '打开']);

const NETSH_OFF = new Set(['OFF', '关闭', '禁用']);

/**
 * The profiles `netsh advfirewall show allprofiles` (all three) or `show currentprofile` (the
 * active ones) prints, in order; null when no profile block is found. The policy text
 * (`BlockInbound,AllowOutbound`) is not translated; `BlockInboundAlways` blocks even allowed
 * connections, which is blocking too.
 */
export function parseNetshAdvfirewall(text: string): ProfileState[] | null {
  const profiles: ProfileState[] = [];
  let current: ProfileState | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    // Some zh-CN builds end the heading with a full-width colon.
    const heading = /^(.+?)\s*[:：]$/.exec(line);
    if (heading && NETSH_HEADINGS[heading[1]!]) {
      current = { name: NETSH_HEADINGS[heading[1]!]!, enabled: null, blocksInbound: null };
      profiles.push(current);
      continue;
    }
    if (!current) continue;
    const field = /^(State|状态|Firewall Policy|防火墙策略)\s+(\S.*)$/.exec(line);
    if (!field) continue;
    const value = field[2]!.trim();
    if (field[1] === 'State' || field[1] === '状态')
      current.enabled = NETSH_ON.has(value) ? true : NETSH_OFF.has(value) ? false : null;
    else {
      const inbound = /^(BlockInboundAlways|BlockInbound|AllowInbound|NotConfigured)\b/.exec(value)?.[1];
      current.blocksInbound = inbound === undefined || inbound === 'NotConfigured' ? null : inbound !== 'AllowInbound';
    }
  }
  return profiles.length ? profiles : null;
}

/** An event's TimeCreated element as wevtutil's /f:xml (single quotes) and Event Viewer's XML (double) print it. */
const TIME_CREATED = /<TimeCreated\s+SystemTime=(['"])([^'"]+)\1\s*\/>/;

/** The time of the first event `wevtutil qe LOG /f:xml` printed (ISO 8601, UTC); null when it printed none. */
export function wevtutilEventTime(text: string): string | null {
  const time = TIME_CREATED.exec(text)?.[2];
  const date = time && /Z$/.test(time) ? new Date(time) : null;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

/** What a --record bundle keeps of an event wevtutil printed: its time alone (the rest names people and PCs). */
export function redactWevtutilEvent(text: string): string {
  const time = TIME_CREATED.exec(text)?.[0];
  return time ? `${time}\r\n` : '';
}

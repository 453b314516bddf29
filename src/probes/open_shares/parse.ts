// Pure parsers for the Linux open-shares probe: the Samba configuration as testparm dumps it,
// Samba usershare files and NFS /etc/exports. Text in, values out; no I/O.

/** A section of a testparm dump: its name and its parameters (names lower-case, values as printed). */
export interface SambaSection {
  name: string;
  params: Map<string, string>;
}

/**
 * `testparm -s [-v]` standard output: `[section]` lines, then `<indent>name = value` lines (TAB from
 * testparm, spaces when copied from a forum). Anything else (stderr mixed in, comments) is skipped.
 */
export function parseTestparmDump(output: string): SambaSection[] {
  const sections: SambaSection[] = [];
  for (const line of output.split('\n')) {
    const header = /^\[(.+)\]\s*$/.exec(line);
    if (header) {
      sections.push({ name: header[1]!, params: new Map() });
      continue;
    }
    const param = /^\s+([^=]+?)\s*=(?: (.*))?$/.exec(line.replace(/\r$/, ''));
    const current = sections[sections.length - 1];
    if (param && current) current.params.set(param[1]!.toLowerCase(), (param[2] ?? '').trim());
  }
  return sections;
}

export interface SambaShare {
  name: string;
  path: string | null;
  guestAccess: boolean;
  writable: boolean;
  allowedUsers: string[];
  printer: boolean;
  browseable: boolean;
}

export interface SambaConfig {
  shares: SambaShare[];
  /** `map to guest` is not Never: a wrong user name (or password) logs in as the guest account. */
  guestLogonAllowed: boolean;
  /** null when the dump does not say (testparm without -v leaves out defaults, which changed in Samba 4.11). */
  smb1Enabled: boolean | null;
  /** The value as printed, for a reason when smb1Enabled is null. */
  minProtocol: string | null;
  userSharesAllowGuests: boolean;
  userShareMax: number;
  usersharePath: string | null;
  pidDirectory: string | null;
}

// Defaults that have not changed across Samba versions, for dumps made without -v.
const SHARE_DEFAULTS: Record<string, string> = {
  available: 'yes',
  'guest ok': 'no',
  'read only': 'yes',
  printable: 'no',
  browseable: 'yes',
  'valid users': '',
};
const SMB1_DIALECTS = new Set(['CORE', 'COREPLUS', 'LANMAN1', 'LANMAN2', 'NT1']);

const isYes = (value: string | undefined): boolean => /^(yes|true|1|on)$/i.test(value?.trim() ?? '');

/**
 * What the shares and global settings of a testparm dump mean; share settings fall back to [global], then to
 * Samba's defaults.
 */
export function sambaConfigFromDump(sections: readonly SambaSection[]): SambaConfig {
  const global = sections.find((s) => s.name.toLowerCase() === 'global')?.params ?? new Map<string, string>();
  const shares: SambaShare[] = [];
  for (const section of sections) {
    if (section.name.toLowerCase() === 'global') continue;
    const get = (name: string) => section.params.get(name) ?? global.get(name) ?? SHARE_DEFAULTS[name] ?? '';
    if (!isYes(get('available'))) continue;
    shares.push({
      name: section.name,
      path: section.params.get('path') || global.get('path') || null,
      guestAccess: isYes(get('guest ok')),
      writable: !isYes(get('read only')),
      allowedUsers: get('valid users')
        .split(/[\s,]+/)
        .filter(Boolean),
      printer: isYes(get('printable')),
      browseable: isYes(get('browseable')),
    });
  }
  const minProtocol = global.get('server min protocol') ?? global.get('min protocol') ?? null;
  const mapToGuest = global.get('map to guest') ?? 'Never';
  return {
    shares,
    guestLogonAllowed: !/^never$/i.test(mapToGuest),
    smb1Enabled:
      minProtocol === null
        ? null
        : SMB1_DIALECTS.has(minProtocol.toUpperCase())
          ? true
          : /^SMB[23]/i.test(minProtocol)
            ? false
            : null,
    minProtocol,
    userSharesAllowGuests: isYes(global.get('usershare allow guests')),
    userShareMax: Number.parseInt(global.get('usershare max shares') ?? '0', 10) || 0,
    usersharePath: global.get('usershare path') || null,
    pidDirectory: global.get('pid directory') || null,
  };
}

// Global parameters `testparm -s -v` always prints (it lists every default): the facts are made from them.
const VERBOSE_GLOBALS = [
  'map to guest',
  'server min protocol',
  'usershare allow guests',
  'usershare max shares',
  'usershare path',
  'pid directory',
];

/**
 * Why a `testparm -s -v` dump is not one to judge by (empty, garbage, a [global] section without the
 * parameters -v always prints), or null when it is complete: a broken answer must never read as "no shares".
 */
export function incompleteVerboseDump(sections: readonly SambaSection[]): string | null {
  const global = sections.find((s) => s.name.toLowerCase() === 'global');
  if (!global) return 'testparm printed no [global] section (empty or unexpected output)';
  const missing = VERBOSE_GLOBALS.filter((name) => !global.params.has(name));
  return missing.length > 0
    ? `testparm -s -v did not print ${missing.map((m) => `"${m}"`).join(', ')} (unexpected output)`
    : null;
}

const EVERYONE_SID = 'S-1-1-0';

/**
 * A usershare file as `net usershare add` writes it (`#VERSION 2`, `path=`, `usershare_acl=SID:R|F|D,…`,
 * `guest_ok=y|n`, `sharename=`). Guests get in only when the server allows guest usershares.
 */
export function parseUsershareFile(text: string, fileName: string, allowGuests: boolean): SambaShare | null {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && !line.startsWith('#')) values.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const path = values.get('path');
  if (!path) return null;
  const acl = (values.get('usershare_acl') ?? '')
    .split(',')
    .map((entry) => /^(S-[\d-]+):([RFD])$/i.exec(entry.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ sid: m[1]!, right: m[2]!.toUpperCase() }));
  const granted = acl.filter((a) => a.right !== 'D');
  return {
    name: values.get('sharename') || fileName,
    path,
    guestAccess: allowGuests && /^y/i.test(values.get('guest_ok') ?? ''),
    writable: granted.some((a) => a.right === 'F'),
    allowedUsers: granted.some((a) => a.sid === EVERYONE_SID) ? [] : granted.map((a) => a.sid),
    printer: false,
    browseable: true,
  };
}

export interface NfsExport {
  path: string;
  /** As exportfs names it: a host, network, `@netgroup` or `*`; empty when the line names no client (everyone). */
  client: string;
  worldOpen: boolean;
  writable: boolean;
  insecure: boolean;
}

const WORLD = new Set(['', '*']);
// A client that only reverse DNS names: when an address has no name, nfs-utils matches the address itself.
const ANY_ADDRESS = ['203.0.113.5', '2001:db8::5'];

/**
 * Whether a client specification admits every address: no client or `*`, a network with prefix 0
 * (`0.0.0.0/0`, `10.0.0.0/0`, `::/0`, mask `0.0.0.0`), or a wildcard that matches a bare address
 * (`*.*` matches "203.0.113.5", which is what a client without a DNS name is called).
 */
export function exportClientIsWorld(client: string): boolean {
  if (WORLD.has(client)) return true;
  if (/\/(0+|0+\.0+\.0+\.0+)$/.test(client)) return true;
  if (!/[*?]/.test(client) || client.startsWith('@')) return false;
  const re = new RegExp(
    `^${client
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return ANY_ADDRESS.some((address) => re.test(address));
}

/**
 * /etc/exports as exportfs reads it (exports(5), checked against the real exportfs): `path [-defaults]
 * client(options) client …`, `#` comments, `\` continues a line, a quoted path may hold spaces.
 * A `-options` word sets the defaults of the clients after it; one with no client after it, a client
 * with nothing before its `(options)` (the classic `/srv (rw)` typo) and a line with no client at
 * all export to everyone.
 */
export function parseExports(text: string): NfsExport[] {
  const exports: NfsExport[] = [];
  const joined = text.replace(/\\\r?\n/g, ' ');
  for (const raw of joined.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const head = /^("([^"]*)"|\S+)\s*(.*)$/.exec(line)!;
    const path = head[2] ?? head[1]!;
    const tokens = head[3]!.split(/\s+/).filter(Boolean);
    let defaults: string[] = [];
    const add = (client: string, own: string[]) => {
      const options = [...defaults, ...own].map((o) => o.trim());
      // The last of rw/ro and secure/insecure wins; exports are read-only and secure unless told otherwise.
      const last = (a: string, b: string) =>
        options.reduce<string | null>((found, o) => (o === a || o === b ? o : found), null);
      exports.push({
        path,
        client,
        worldOpen: exportClientIsWorld(client),
        writable: last('rw', 'ro') === 'rw',
        insecure: last('secure', 'insecure') === 'insecure',
      });
    };
    let clientSinceDefaults = true;
    for (const token of tokens) {
      if (token.startsWith('-')) {
        defaults = token.slice(1).split(',');
        clientSinceDefaults = false;
        continue;
      }
      const m = /^([^(]*)(?:\(([^)]*)\))?$/.exec(token);
      // exportfs names a nameless `(options)` client `*` ("No host name given … suggest *(rw)").
      add(m?.[1] || (m?.[2] !== undefined ? '*' : token), m?.[2]?.split(',') ?? []);
      clientSinceDefaults = true;
    }
    if (tokens.length === 0 || !clientSinceDefaults) add('', []);
  }
  return exports;
}

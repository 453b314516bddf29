import type { WifiSecurity } from './facts.js';

// Pure parsers of `netsh wlan show interfaces` (Windows) and `nmcli -t -f ACTIVE,SECURITY dev wifi
// list` (Linux). Neither keeps the network's name.

/** One connected Wi-Fi interface: its security, and the words the OS used for it. */
export interface Connection {
  security: WifiSecurity | null;
  text: string;
}

/** The weakest of several connections (a PC on two networks is as exposed as the weaker one). */
export function weakest(connections: readonly Connection[]): Connection | null {
  const rank = (c: Connection) =>
    c.security === null ? 99 : ['open', 'wep', 'wpa', 'owe', 'wpa2', 'wpa3'].indexOf(c.security);
  return [...connections].sort((a, b) => rank(a) - rank(b))[0] ?? null;
}

/** What follows the first colon of a netsh line (full-width ： too): the value, in any display language. */
const value = (line: string) => /^[^:：]*[:：]\s*(.*?)\s*$/.exec(line)?.[1] ?? null;

/**
 * The security of a netsh authentication and cipher value pair. The labels and some values are
 * translated ("Open" is 开放式 on Chinese Windows, "None" is 无), but WPA, WPA2, WPA3, OWE and the
 * cipher names (CCMP, GCMP, TKIP, WEP) are the same in every language: an authentication with none of
 * those tokens is open, or WEP when the cipher says WEP ("Shared" authentication is WEP too).
 */
export function netshSecurity(auth: string, cipher: string): WifiSecurity | null {
  const a = auth.toUpperCase();
  if (a.includes('WPA3')) return 'wpa3';
  if (a.includes('WPA2')) return 'wpa2';
  if (a.includes('WPA')) return 'wpa';
  if (a.includes('OWE')) return 'owe';
  const c = cipher.toUpperCase();
  if (c.includes('WEP')) return 'wep';
  if (/CCMP|GCMP|TKIP/.test(c)) return null;
  return 'open';
}

/**
 * Why netsh could not read the interfaces, or null when it did not say: a WLAN API function it names failed
 * ("Function WlanQueryInterface returns error 5", the name untranslated), as on Windows 11 when desktop apps may
 * not use the location (it then also prints the Settings page's untranslated URI, ms-settings:privacy-location).
 */
export function netshRefusal(lines: readonly string[]): string | null {
  const text = lines.join('\n');
  const failed = /\bWlan[A-Z][A-Za-z]+\b/.exec(text)?.[0];
  if (!failed && !text.includes('ms-settings:privacy-location')) return null;
  return (
    `netsh could not read the Wi-Fi interfaces${failed ? ` (${failed} failed)` : ''}` +
    (text.includes('ms-settings:privacy-location')
      ? ': Windows gives Wi-Fi information only to desktop apps allowed to use the location ' +
        '(Settings > Privacy & security > Location)'
      : '')
  );
}

/**
 * `netsh wlan show interfaces`, read by position: in every display language an interface that is
 * connected prints its radio type (a value "802.11…") followed by the authentication and cipher
 * lines; one that is not connected prints no radio type. Returns the connected interfaces (none for
 * a PC whose Wi-Fi is off, disconnected or absent), or null for text with no interface in it and no
 * message (not netsh's output), or with none connected and netsh saying it could not read them (netshRefusal).
 */
export function parseNetshInterfaces(lines: readonly string[]): Connection[] | null {
  const connections: Connection[] = [];
  const values = lines.map((l) => value(l));
  for (let i = 0; i < values.length; i++) {
    if (!/^802\.11/.test(values[i] ?? '')) continue;
    const auth = values[i + 1];
    const cipher = values[i + 2];
    if (auth === null || auth === undefined || cipher === null || cipher === undefined) return null;
    connections.push({ security: netshSecurity(auth, cipher), text: `${auth} / ${cipher}` });
  }
  if (connections.length === 0 && (!lines.some((l) => l.trim()) || netshRefusal(lines) !== null)) return null;
  return connections;
}

/** A terse nmcli field list, with `\:` standing for a colon inside a field. */
const terseFields = (line: string) => line.split(/(?<!\\):/).map((f) => f.replace(/\\:/g, ':'));

/** nmcli's SECURITY words (WPA1 WPA2 WPA3 WEP OWE 802.1X) as one security, the strongest offered. */
export function nmcliSecurity(text: string): WifiSecurity | null {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length === 0) return 'open';
  for (const [word, security] of [
    ['WPA3', 'wpa3'],
    ['WPA2', 'wpa2'],
    ['WPA1', 'wpa'],
    ['OWE', 'owe'],
    ['WEP', 'wep'],
  ] as const)
    if (words.includes(word)) return security;
  return null;
}

/**
 * `nmcli -t -f ACTIVE,SECURITY dev wifi list --rescan no` (run with LC_ALL=C: ACTIVE is yes/no): the
 * networks the PC is connected to; null for lines not in that layout.
 */
export function parseNmcliWifi(text: string): Connection[] | null {
  const connections: Connection[] = [];
  for (const line of text.split('\n').filter((l) => l.trim())) {
    const [active, security, ...rest] = terseFields(line);
    if (rest.length > 0 || security === undefined || !['yes', 'no'].includes(active ?? '')) return null;
    if (active === 'yes') connections.push({ security: nmcliSecurity(security), text: security || '(none)' });
  }
  return connections;
}

/** A security mode of system_profiler ("spairport_security_mode_wpa2_personal"; Apple prints some as "pairport_…"). */
export function airportSecurity(mode: string): WifiSecurity | null {
  const m = mode.replace(/^s?pairport_security_mode_/, '');
  if (m === 'none') return 'open';
  if (m.includes('wep')) return 'wep';
  if (m.includes('wpa3')) return 'wpa3';
  if (m.includes('wpa2')) return 'wpa2';
  if (m.startsWith('wpa')) return 'wpa';
  if (m.includes('owe')) return 'owe';
  return null;
}

const record = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
const array = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * `system_profiler SPAirPortDataType -json` (macOS): the current network of each Wi-Fi interface
 * that has one with a security mode (awdl0, AirDrop's link, has a current network without one).
 * Null for JSON of another shape.
 */
export function parseAirportJson(text: string): Connection[] | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const items = record(data)?.SPAirPortDataType;
  if (!Array.isArray(items)) return null;
  const connections: Connection[] = [];
  for (const item of items)
    for (const iface of array(record(item)?.spairport_airport_interfaces)) {
      const mode = record(record(iface)?.spairport_current_network_information)?.spairport_security_mode;
      if (typeof mode === 'string') connections.push({ security: airportSecurity(mode), text: mode });
    }
  return connections;
}

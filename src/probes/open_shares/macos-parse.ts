/** One share point of `sharing -l`: its record name, folder, and per protocol (smb, afp, ftp) its settings. */
export interface SharePoint {
  name: string;
  path: string | null;
  /** e.g. smb -> { name: 'Groups', shared: '1', 'guest access': '0' }. */
  protocols: Map<string, Map<string, string>>;
}

/**
 * `sharing -l`: a "List of Share Points" header, then per share point `name:` and `path:` lines
 * and one `{ … }` block of `key: value` lines per protocol. Keys and values are separated by a
 * colon and tabs; the parser only relies on the colon and the braces. A share point's own name
 * may contain colons (the first one separates). Text without the header, or a line of another
 * shape, is not an answer (null), so a changed format reads as unknown, never as "no shares".
 */
export function parseSharingList(text: string): SharePoint[] | null {
  if (!/^\s*List of Share Points\s*$/m.test(text)) return null;
  const points: SharePoint[] = [];
  let point: SharePoint | null = null;
  let block: Map<string, string> | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line === 'List of Share Points') continue;
    if (line === '}') {
      if (!block) return null;
      block = null;
      continue;
    }
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (!m) return null;
    const key = m[1]!.trim();
    const value = m[2]!.trim();
    if (block) block.set(key, value);
    else if (key === 'name') {
      point = { name: value, path: null, protocols: new Map() };
      points.push(point);
    } else if (!point) return null;
    else if (value === '{') {
      block = new Map();
      point.protocols.set(key, block);
    } else if (key === 'path') point.path = value;
  }
  return block ? null : points;
}

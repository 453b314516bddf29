/** Built-in accounts by the last part of their SID (RID), never by name: they are renamed and translated. */
export function builtinByRid(sid: string): 'admin' | 'guest' | 'none' {
  if (/-500$/.test(sid)) return 'admin';
  if (/-501$/.test(sid)) return 'guest';
  return 'none';
}

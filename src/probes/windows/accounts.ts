type Builtin = 'admin' | 'guest' | 'none';

/** Built-in accounts by the last part of their SID (RID), never by name: they are renamed and translated. */
export function builtinByRid(sid: string): Builtin {
  if (/-500$/.test(sid)) return 'admin';
  if (/-501$/.test(sid)) return 'guest';
  return 'none';
}

/**
 * Which built-in account a local account is: by its RID, or, where the SID was not read (`net user` when
 * neither PowerShell nor WMIC could run), as Windows' own description of it says; null when not known.
 */
export const builtinOf = (user: { sid: string | null; builtin: Builtin | null }): Builtin | null =>
  user.sid ? builtinByRid(user.sid) : user.builtin;

import type { Host } from '../../src/host/types.js';

/**
 * A PC of another OS (a replay host of its answers) whose user folder `home` (`C:\Users\shop`,
 * `/Users/shop`) is the folder `local` serves on this machine: the personal_data probe walks and
 * reads the generated documents there for real, and sees their paths in the PC's own form. A
 * replay bundle never holds documents, so this is how a Windows or macOS scan reads some.
 */
export function withDocuments(replayed: Host, home: string, local: Host): Host {
  const sep = replayed.os === 'windows' ? '\\' : '/';
  const inHome = (p: string) => p === home || p.startsWith(`${home}${sep}`);
  const toLocal = (p: string) => `/${p.slice(home.length).split(sep).filter(Boolean).join('/')}`;
  const toPc = (p: string) =>
    `${home}${p
      .split('/')
      .filter(Boolean)
      .map((part) => `${sep}${part}`)
      .join('')}`;
  return {
    ...replayed,
    walk: async (root, options) => {
      if (!inHome(root)) return replayed.walk(root, options);
      const r = await local.walk(toLocal(root), options);
      if (r.status !== 'ok') return r;
      return { ...r, files: r.files.map((f) => ({ ...f, path: toPc(f.path) })), unreadable: r.unreadable.map(toPc) };
    },
    readRange: (p, offset, length, into) =>
      inHome(p) ? local.readRange(toLocal(p), offset, length, into) : replayed.readRange(p, offset, length, into),
    listDir: (p) => (inHome(p) ? local.listDir(toLocal(p)) : replayed.listDir(p)),
  };
}

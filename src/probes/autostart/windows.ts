import type { Collector } from '../types.js';
import { windowsAnswers } from '../windows/answers.js';
import { systemRoot } from '../windows/document.js';
import type { AutostartEntry, AutostartFacts } from './facts.js';
import { printExtensions, windowsEntries } from './parse.js';

export const collectWindows: Collector<AutostartFacts> = async (host, options) => {
  const a = await windowsAnswers(
    host,
    ['runKeys', 'services', 'scheduledTasks', 'startupFolders', 'printMonitors', 'printProcessors'],
    options,
  );
  const unknown: Record<string, string> = {};
  const root = systemRoot(host);
  const print =
    a.printMonitors.ok && a.printProcessors.ok
      ? printExtensions(a.printMonitors.value, a.printProcessors.value, root)
      : null;
  if (!print)
    unknown.printExtensions = [a.printMonitors, a.printProcessors].flatMap((x) => (x.ok ? [] : [x.reason]))[0]!;
  let thirdParty: AutostartEntry[] | null = null;
  const { runKeys, services, scheduledTasks, startupFolders } = a;
  // Without PowerShell sc.exe names no service's program: an automatic one may be anyone's, so the list is unknown.
  const unread = services.ok ? services.value.filter((s) => s.startMode === 'Auto' && s.command === null) : [];
  // A start mode not read (the Services keys' Start values unreadable to reg.exe) may be automatic.
  const modeUnread = services.ok ? services.value.filter((s) => s.startMode === null).length : 0;
  if (unread.length)
    unknown.thirdParty = `the programs of ${unread.length} automatic services were not read (sc.exe names none)`;
  else if (modeUnread)
    unknown.thirdParty = `whether ${modeUnread} services start by themselves was not read (start mode unknown)`;
  else if (runKeys.ok && services.ok && scheduledTasks.ok && startupFolders.ok && print) {
    const foreignPrint = print
      .filter((p) => !p.shipped)
      .map((p): AutostartEntry => ({ id: p.id, kind: p.kind, name: p.name, program: p.driver, publisher: null }));
    thirdParty = [
      ...windowsEntries(
        {
          runKeys: runKeys.value,
          services: services.value,
          scheduledTasks: scheduledTasks.value,
          startupFolders: startupFolders.value,
        },
        root,
      ),
      ...foreignPrint,
    ];
  } else {
    unknown.thirdParty =
      [runKeys, services, scheduledTasks, startupFolders].flatMap((x) => (x.ok ? [] : [x.reason]))[0] ??
      unknown.printExtensions!;
  }
  return { facts: { thirdParty, printExtensions: print }, unknown, readWith: a.readWith };
};

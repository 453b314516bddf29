import { describe, expect, it } from 'vitest';
import { createReplayHost } from '../../../src/host/bundle.js';
import { logsKept } from '../../../src/probes/logs_kept/index.js';
import { wtmpBegins } from '../../../src/probes/logs_kept/parse.js';
import { macPersistLogs, LAST, LAST_TAIL, PERSIST_CAPTURED_AT } from '../../helpers/macos-logs.js';
import { exited, macBundle, SAMPLED_MAC } from '../../helpers/macos-samples.js';
import { everyOutput } from '../../helpers/scan.js';

describe('logs kept on macOS (real outputs of a macOS 26.5.2 Mac)', () => {
  it('`last`: the sign-in record begins at its oldest record, read in UTC only', () => {
    expect(wtmpBegins(LAST_TAIL)?.toISOString()).toBe('2026-07-27T05:13:31.000Z');
    // A zone abbreviation says no zone for sure (CST is China's and America's): not read.
    expect(wtmpBegins(LAST_TAIL.replace(' UTC ', ' CST '))).toBeNull();
    expect(wtmpBegins('reboot time                                Mon Jul 27 05:13\n')).toBeNull();
    // Older releases print no seconds, zone or year.
    expect(wtmpBegins('\nwtmp begins Mon Jul 27 05:13 \n')).toBeNull();
  });

  it('the older of the sign-in record and the unified log, both read; the log is kept on disk', async () => {
    const bundle = macPersistLogs(macBundle({ [LAST]: exited(LAST_TAIL) }));
    const out = await logsKept.collect.macos!(createReplayHost(bundle), { now: PERSIST_CAPTURED_AT, deep: false });
    expect(out.facts).toMatchObject({
      oldestEntry: '2026-07-27T05:13:31.000Z',
      coveredDays: 30,
      coveredBy: 'the sign-in record (last)',
      persistent: true,
      maxSizeMB: null,
    });
    // With a sign-in record that begins later, the unified log's oldest file (last written Jul 28) is the oldest.
    const later = macPersistLogs(
      macBundle({ [LAST]: exited(LAST_TAIL.replace('begins Mon Jul 27', 'begins Thu Aug 20')) }),
    );
    const unified = await logsKept.collect.macos!(createReplayHost(later), { now: PERSIST_CAPTURED_AT, deep: false });
    expect([unified.facts.oldestEntry, unified.facts.coveredBy]).toEqual([
      '2026-07-28T05:25:00.000Z',
      'the unified log (/var/db/diagnostics/Persist/0000000000000006.tracev3, last written; its entries are older)',
    ]);
  });

  it('unknown when either cannot be read: the unread one might reach further back', async () => {
    const denied = macPersistLogs(macBundle({ [LAST]: exited(LAST_TAIL) }));
    denied.dirs['/var/db/diagnostics/Persist'] = { status: 'denied' };
    const out = await logsKept.collect.macos!(createReplayHost(denied), { now: PERSIST_CAPTURED_AT, deep: false });
    expect(out.facts.coveredDays).toBeNull();
    expect(out.unknown.coveredDays).toBe('needs root: run again with sudo');
    const oldestHidden = macPersistLogs(macBundle({ [LAST]: exited(LAST_TAIL) }));
    oldestHidden.stats['/var/db/diagnostics/Persist/0000000000000006.tracev3'] = { status: 'failed', message: 'EIO' };
    const hidden = await logsKept.collect.macos!(createReplayHost(oldestHidden), {
      now: PERSIST_CAPTURED_AT,
      deep: false,
    });
    expect(hidden.unknown.coveredDays).toBe('/var/db/diagnostics/Persist/0000000000000006.tracev3: EIO');
    const noLast = macPersistLogs(macBundle({ [LAST]: exited(LAST_TAIL.replace(' UTC ', ' ')) }));
    const unread = await logsKept.collect.macos!(createReplayHost(noLast), { now: PERSIST_CAPTURED_AT, deep: false });
    expect([unread.facts.coveredDays, unread.unknown.coveredDays]).toEqual([
      null,
      '/usr/bin/last printed no "wtmp begins" line in UTC (exit code 0)',
    ]);
  });
});

describe('logs kept on macOS in a --record bundle', () => {
  it('keeps only the "wtmp begins" line of `last`, and the scan reads the same from it', async () => {
    const login = 'shopkeeper console                   Thu Aug 20 09:01   still logged in';
    const bundle = macPersistLogs(macBundle({ ...SAMPLED_MAC, [LAST]: exited(`${login}\n${LAST_TAIL}`) }));
    const { outputs } = await everyOutput(createReplayHost(bundle));
    expect(outputs.bundle).toContain('wtmp begins Mon Jul 27 05:13:31 UTC 2026');
    for (const [name, text] of Object.entries(outputs)) expect(text, name).not.toContain('shopkeeper console');
  });
});

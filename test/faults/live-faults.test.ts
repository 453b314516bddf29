import { describe, expect, it } from 'vitest';
import { createLiveHost } from '../../src/host/live.js';
import type { CommandArg, ExecOptions, ExecResult, Host } from '../../src/host/types.js';
import { ScanFailedError } from '../../src/errors.js';
import { scanWith, statuses } from '../helpers/scan.js';

// Faults on the live Linux host: each command the scan runs is replaced by a REAL process that
// misbehaves (hangs, exits non-zero, prints nothing, garbage, invalid UTF-8 or 10 MB), or by a
// path that does not exist. The scan must finish, say why, and never pass a rule because of it.
const SUBSTITUTES: Record<string, [string, string[]]> = {
  missing: ['/nonexistent/tool', []],
  hang: ['/bin/sleep', ['60']],
  'non-zero exit': ['/bin/sh', ['-c', 'echo "fatal: broken" >&2; exit 3']],
  'no output': ['/bin/true', []],
  garbage: ['/bin/sh', ['-c', 'printf "\\033[2J{{{ ::: not this tool ]]]\\n"']],
  'invalid UTF-8': ['/bin/sh', ['-c', 'printf "\\377\\376\\303\\050"']],
  '10 MB': ['/usr/bin/head', ['-c', '10485760', '/dev/zero']],
};

/**
 * The live host, except that `target` (or every command) runs the substitute instead. The other
 * commands answer what they answered in the real scan (`real`): a scan per command and fault would
 * otherwise start every one of them again, and only the broken one is under test.
 */
function faulty(live: Host, fault: string, target: string | null, real: Map<string, Promise<ExecResult>>): Host {
  const [command, args] = SUBSTITUTES[fault]!;
  return {
    ...live,
    exec: (cmd: string, a: readonly CommandArg[], o) => {
      if (target === null || cmd === target) return live.exec(command, args, o);
      return real.get(commandKey(cmd, a, o)) ?? live.exec(cmd, a, o);
    },
  };
}

const commandKey = (cmd: string, a: readonly CommandArg[], o: ExecOptions | undefined) => JSON.stringify([cmd, a, o]);

/** A real scan of this PC: its results, the commands it ran and what each answered. */
async function aRealScan() {
  const live = await createLiveHost();
  const real = new Map<string, Promise<ExecResult>>();
  const report = await scanWith(
    {
      ...live,
      exec: (cmd, a, o) => {
        const result = live.exec(cmd, a, o);
        real.set(commandKey(cmd, a, o), result);
        return result;
      },
    },
    { replayed: false },
  );
  const commands = [...new Set([...real.keys()].map((key) => JSON.parse(key)[0] as string))];
  return { baseline: statuses(report), commands, real };
}

describe('fault matrix (live Linux host, real processes)', async () => {
  const { baseline, commands, real } = await aRealScan();

  // Started now, checked last: a scan whose every command hangs mostly waits for them to time out, and the
  // tests below use that time.
  const started = Date.now();
  const hanging = scanWith(faulty(await createLiveHost(), 'hang', null, real), { replayed: false }).then(
    (report) => ({ report, ms: Date.now() - started }),
    (error: unknown) => ({ error, ms: Date.now() - started }),
  );

  it('runs some commands to break', () => {
    expect(commands.length).toBeGreaterThan(0);
  });

  for (const fault of Object.keys(SUBSTITUTES)) {
    it(`each command ${fault}: the scan finishes, says why, and passes nothing new`, async () => {
      // A 1-second command timeout keeps the hanging cases short; the last test uses the default.
      const live = await createLiveHost({ timeoutMs: 1000 });
      await Promise.all(
        commands.map(async (target) => {
          const report = await scanWith(faulty(live, fault, target, real), { replayed: false, probeDeadlineMs: 4000 });
          for (const r of report.results) {
            if (r.status === 'pass' && fault !== 'missing')
              expect(baseline[r.id], `${r.id} turned into pass when ${target} ${fault}`).toBe('pass');
            if (r.status === 'unknown' || r.status === 'error') expect(r.reasons.length, r.id).toBeGreaterThan(0);
          }
        }),
      );
    });
  }

  it('with every command hanging, a full scan at default settings ends within 10 s', async () => {
    const outcome = await hanging;
    if ('report' in outcome)
      expect(outcome.report.results.filter((r) => r.status === 'pass' && baseline[r.id] !== 'pass')).toEqual([]);
    else expect(outcome.error).toBeInstanceOf(ScanFailedError);
    expect(outcome.ms).toBeLessThan(10_000);
  });
});

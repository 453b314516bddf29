import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain, STACK_TRACE } from '../helpers/cli.js';
import { makeRoot } from '../helpers/host.js';

// The rectification pack (整改材料) is what the owner shows an inspector: what was wrong, what was fixed and when.
// It said nothing when its report came from a replay bundle (which anyone can edit) or from the old-Windows
// collector, though the HTML report says so; and `--before` took a report of another PC, or a later one,
// and listed as "fixed" what that other PC (or the later visit) did not fail.

async function twoPcs() {
  const root = await makeRoot({});
  const bundle = path.join(root, 'a.bundle.json');
  const scan = ['scan', '--quiet', '--format', 'json', '--only', 'login.*,os.*'];
  expect([0, 1]).toContain((await runMain([...scan, '--record', bundle])).code);
  // A second PC: the same recorded answers under another machine identity.
  const other = JSON.parse(readFileSync(bundle, 'utf8'));
  for (const f of ['/etc/machine-id', '/var/lib/dbus/machine-id'])
    if (other.files[f]?.status === 'ok') other.files[f].text = '0123456789abcdef0123456789abcdef\n';
  writeFileSync(path.join(root, 'b.bundle.json'), JSON.stringify(other));
  const report = async (name: string) => {
    const out = path.join(root, `${name}.json`);
    expect([0, 1]).toContain(
      (await runMain([...scan, '--replay', path.join(root, `${name}.bundle.json`), '-o', out])).code,
    );
    return out;
  };
  const b = await report('b');
  await new Promise((resolve) => setTimeout(resolve, 20));
  return { root, b, a: await report('a') };
}

describe('the rectification pack says where its facts came from, and compares only earlier visits of its PC', () => {
  it('a report of a replay bundle: the pack says so, as the HTML report does', async () => {
    const { root, a } = await twoPcs();
    const out = path.join(root, 'pack.html');
    expect((await runMain(['pack', a, '--lang', 'en', '-o', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('from a recorded bundle, not this PC');
  });

  it('--before of another PC, or of a later visit, is exit 2 and writes nothing', async () => {
    const { root, a, b } = await twoPcs();
    const out = path.join(root, 'pack.html');
    const other = await runMain(['pack', a, '--before', b, '-o', out]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(`--before ${b}: a report of another PC`);
    // The same PC the wrong way round: its report of b's (earlier) time, and the later one as --before.
    const aEarlier = path.join(root, 'a-earlier.json');
    const { generatedAt } = JSON.parse(readFileSync(b, 'utf8'));
    const reversed = JSON.parse(readFileSync(a, 'utf8'));
    writeFileSync(aEarlier, JSON.stringify({ ...reversed, generatedAt }));
    const backwards = await runMain(['pack', aEarlier, '--before', a, '-o', out]);
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toContain(`--before ${a}: is not earlier than ${aEarlier}`);
    for (const r of [other, backwards]) expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(() => readFileSync(out)).toThrow();
  });

  it('compare takes the earlier report first: backwards, new problems read as fixed and the exit code as 0', async () => {
    const { a, b } = await twoPcs();
    const backwards = await runMain(['compare', a, b]);
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toContain(`${a} is later than ${b}`);
    expect([0, 1]).toContain((await runMain(['compare', b, a])).code);
  });
});

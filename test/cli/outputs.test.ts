import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliRun, runMain, STACK_TRACE } from '../helpers/cli.js';
import { makeRoot, REPO } from '../helpers/host.js';
import { ruleFile, systemRule } from '../helpers/rules.js';
import { needsRoot } from '../helpers/tools.js';

// A careless technician's output paths: the file given to --output is one the command also reads (the
// bundle being replayed, the earlier report being compared) or also writes (--record). Each wrote the
// output over the other file; now each is exit 2 before anything is written.

const RULES = ruleFile(systemRule('test.os-known', '{ fact: osId, exists: true }'));

async function reports() {
  const root = await makeRoot({ '/rules/test.yaml': RULES });
  const scan = ['scan', '--no-bundled-rules', '--rules', path.join(root, 'rules'), '--quiet', '--format', 'json'];
  const old = path.join(root, 'old.json');
  const bundle = path.join(root, 'pc.bundle.json');
  expect((await runMain([...scan, '--output', old, '--record', bundle])).code).toBe(0);
  return { root, scan, old, bundle, oldText: readFileSync(old, 'utf8'), bundleText: readFileSync(bundle, 'utf8') };
}

const refused = (r: CliRun, message: string) => {
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(message);
  expect(r.stderr).not.toMatch(STACK_TRACE);
};

describe('an output that is also an input or another output is refused (exit 2), nothing written', () => {
  it('scan --record X --output X: the bundle was replaced by the report', async () => {
    const { root, scan } = await reports();
    const both = path.join(root, 'same.json');
    refused(
      await runMain([...scan, '--record', both, '--output', both]),
      `--record ${both} is the same file as --output ${both}`,
    );
    expect(existsSync(both)).toBe(false);
  });

  it('scan --replay B --output B (also spelt another way, or through a linked folder): the bundle was lost', async () => {
    const { root, scan, bundle, bundleText } = await reports();
    await symlink(root, path.join(root, 'stick'));
    for (const output of [bundle, path.relative(process.cwd(), bundle), path.join(root, 'stick', 'pc.bundle.json')])
      refused(await runMain([...scan, '--replay', bundle, '--output', output]), 'is the same file as --replay');
    expect(readFileSync(bundle, 'utf8')).toBe(bundleText);
  });

  it('compare, pack and summary never write over the reports they read', async () => {
    const { root, old, oldText } = await reports();
    refused(await runMain(['compare', old, old, '--output', old]), `--output ${old} is the same file as the input`);
    refused(await runMain(['pack', old, '--output', old]), 'is the same file as the input');
    refused(await runMain(['summary', old, '--format', 'json', '--output', old]), 'is the same file as the input');
    expect(readFileSync(old, 'utf8')).toBe(oldText);
    expect(readdirSync(root).sort()).toEqual(['old.json', 'pc.bundle.json', 'rules']);
  });

  it('different files, and /dev/null twice, are still written', async () => {
    const { root, scan, bundle } = await reports();
    const out = path.join(root, 'new.json');
    expect((await runMain([...scan, '--replay', bundle, '--output', out])).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).machine.replayed).toBe(true);
    expect((await runMain([...scan, '--record', '/dev/null', '--output', '/dev/null'])).code).toBe(0);
  });
});

// The stick's reports/ folder also holds bundles: collect.cmd saves `reports\<computer>-<date>.bundle.json` there
// (docs/usb-stick.md), and `scan --record` makes them. `shop-audit summary E:\reports`, the round's next step, was
// exit 2 ("not a valid shop-audit report") for the whole folder once one was there.
describe("summary of a stick's reports folder holding bundles", () => {
  it('passes over a bundle in a folder, saying so; a bundle named alone is still refused', async () => {
    const { root, bundle } = await reports();
    const r = await runMain(['summary', root, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).rows).toHaveLength(1);
    expect(r.stderr).toContain(`${bundle}: a replay bundle, not a report (`);
    refused(await runMain(['summary', bundle]), `${bundle}: not a valid shop-audit report`);
  });

  it('passes over a damaged report or a file that is not UTF-8 in a folder, saying so; named alone, exit 2', async () => {
    const { root, oldText } = await reports();
    const damaged = path.join(root, 'damaged.json');
    writeFileSync(damaged, oldText.slice(0, 500));
    writeFileSync(path.join(root, 'notes.json'), Buffer.from('{"n": "\xbf\xcd"}', 'latin1'));
    const r = await runMain(['summary', root, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).rows).toHaveLength(1);
    expect(r.stderr).toContain(`${damaged}: not a JSON report`);
    expect(r.stderr).toContain(`${path.join(root, 'notes.json')}:1:8: not UTF-8 text`);
    expect(r.stderr.match(/: left out$/gm)).toHaveLength(3);
    refused(await runMain(['summary', damaged]), `${damaged}: not a JSON report`);
  });
});

// compare, pack and summary wrote --output their own way: /dev/null (which --help and scan accept) was refused
// as "not a regular file", and a full USB stick was "internal error … please report this" (exit 3) instead of
// scan's "could not save …: no space left on the device". One writer for every command now. Built in a private
// mount namespace: a tmpfs of 64 KiB filled up is a real full disk.

needsRoot({ '/usr/bin/unshare': 'util-linux' }).describe(
  'compare, pack and summary write --output as scan does',
  () => {
    it('into /dev/null, and a full disk is exit 3 with ENOSPC, the earlier file kept', async () => {
      const { root, old } = await reports();
      const cli = `${process.execPath} ${path.join(REPO, 'bin', 'shop-audit.js')}`;
      const script = `
set -u
mkdir ${root}/full && mount -t tmpfs -o size=64k tmpfs ${root}/full
echo EARLIER > ${root}/full/c.txt
head -c 200000 /dev/zero > ${root}/full/fill 2>/dev/null
${cli} compare ${old} ${old} --output /dev/null; echo "null=$? $(stat -c %F /dev/null)"
${cli} pack ${old} --output /dev/null; echo "packnull=$?"
${cli} compare ${old} ${old} --format html --output ${root}/full/c.txt; echo "full=$? $(cat ${root}/full/c.txt)"
${cli} summary ${old} --format html --output ${root}/full/c.txt; echo "summaryfull=$?"
ls -A ${root}/full | tr '\\n' ' '`;
      const r = spawnSync('/usr/bin/unshare', ['-m', '--propagation', 'private', '/bin/sh', '-c', script], {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, NO_COLOR: '1', LANG: 'C.UTF-8', LC_ALL: '' },
      });
      expect(r.stdout).toContain('null=0 character special file');
      expect(r.stdout).toContain('packnull=0');
      expect(r.stdout).toContain('full=3 EARLIER');
      expect(r.stdout).toContain('summaryfull=3');
      expect(r.stderr).toContain(`shop-audit: could not save ${root}/full/c.txt: no space left on the device (ENOSPC)`);
      expect(r.stderr).not.toContain('internal error');
      expect(r.stdout).toMatch(/^c\.txt fill $/m);
    }, 60_000);
  },
);

// --timeout took only decimal digits (Number() reads "0x3c" as 60, "1e2" as 100, "" as 0), but --windows-timeout and
// --data-time-budget still went through Number(): `--windows-timeout 0x3c` ran with 60 s, `--data-time-budget 1e3`
// read documents for 1000 s. Every number option now takes decimal digits only.
describe('number options take decimal digits only', () => {
  it('--windows-timeout and --data-time-budget refuse hexadecimal and exponents (exit 2)', async () => {
    for (const [option, value] of [
      ['--windows-timeout', '0x3c'],
      ['--windows-timeout', '1e2'],
      ['--windows-timeout', ' '],
      ['--data-time-budget', '1e3'],
      ['--data-time-budget', '0x10'],
    ]) {
      const r = await runMain(['scan', option!, value!, '--quick']);
      expect(r.code, `${option} ${value}`).toBe(2);
      expect(r.stderr).toContain(`${option} takes a number of seconds, written in decimal digits`);
      expect(r.stdout).toBe('');
    }
  });
});

// An unset variable in a script (`shop-audit scan --replay "$BUNDLE"`) gives an empty value, which was taken as no
// option at all: the "replay" scanned this PC and said so nowhere but in its host name, an empty --output printed
// the report, an empty --data-path searched the current folder. Each is exit 2 now, nothing scanned.
describe('an empty file or folder option is a usage error', () => {
  it('scan, probes, compare, pack and summary', async () => {
    const { old } = await reports();
    for (const args of [
      ['scan', '--replay', ''],
      ['scan', '--output', ''],
      ['scan', '--record', ''],
      ['scan', '--data-path', ''],
      ['scan', '--rules', ''],
      ['probes', '--replay', ''],
      ['compare', old, old, '--output', ''],
      ['pack', old, '--before', ''],
      ['summary', old, '--output', ''],
    ]) {
      const r = await runMain(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(`${args[args.length - 2]} needs a file or folder name; it was empty`);
      expect(r.stdout).toBe('');
    }
  });
});

// The technician's terminal is in a folder that no longer exists (the USB stick was pulled out and put back, or the
// folder deleted from another window): a relative --output could not be resolved, and shop-audit said "internal
// error … please report this" (exit 3). A usage error now, saying what is wrong, before anything is scanned.
describe('the current folder no longer exists', () => {
  it('a relative path is exit 2 with what to do; an absolute one still works', async () => {
    const root = await makeRoot({ '/rules/test.yaml': RULES });
    const cli = `${process.execPath} ${path.join(REPO, 'bin', 'shop-audit.js')}`;
    const scan = `${cli} scan --no-bundled-rules --rules ${root}/rules --quiet`;
    const script = `mkdir ${root}/gone && cd ${root}/gone && rmdir ${root}/gone
${scan} --output report.txt; echo "relative=$?"
${scan} --output ${root}/report.txt; echo "absolute=$?"`;
    const r = spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stdout).toContain('relative=2');
    expect(r.stdout).toContain('absolute=0');
    expect(r.stderr).toContain('the current folder no longer exists');
    expect(r.stderr).not.toContain('internal error');
    expect(readdirSync(root).sort()).toEqual(['report.txt', 'rules']);
  });
});

describe('an output name that ends with a slash', () => {
  it('names a folder: exit 2, no file made (it made a file named like the folder)', async () => {
    const { root, scan } = await reports();
    const folder = `${path.join(root, 'reports')}/`;
    refused(await runMain([...scan, '--output', folder]), 'that names a folder; give a file name');
    refused(await runMain([...scan, '--record', folder]), 'that names a folder');
    expect(existsSync(path.join(root, 'reports'))).toBe(false);
  });
});

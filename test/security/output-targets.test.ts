import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { expect, it } from 'vitest';
import { REPO, makeRoot } from '../helpers/host.js';
import { ruleFile, systemRule } from '../helpers/rules.js';
import { needsRoot } from '../helpers/tools.js';

// Issue 13, class 3: as root, --output /dev/null replaced /dev/null with a regular file. Only a
// regular file (or nothing) is ever replaced; a device or pipe is written into; a full device is
// exit 3 with ENOSPC. Built for real in a private mount namespace with its own /dev (tmpfs and
// mknod), so the machine's /dev is never at risk.

const RULES = ruleFile(systemRule('test.os-known', '{ fact: osId, exists: true }'));

/** Runs `script` (sh) in a private mount namespace whose /dev is a fresh tmpfs with real device nodes. */
function inPrivateDev(script: string) {
  const setup = [
    'set -u',
    'mount -t tmpfs -o mode=755 tmpfs /dev',
    'mknod -m 666 /dev/null c 1 3 && mknod -m 666 /dev/zero c 1 5 && mknod -m 666 /dev/full c 1 7',
    'mknod -m 666 /dev/random c 1 8 && mknod -m 666 /dev/urandom c 1 9',
    'ln -s /proc/self/fd /dev/fd && ln -s /proc/self/fd/1 /dev/stdout && ln -s /proc/self/fd/2 /dev/stderr',
  ].join('\n');
  const r = spawnSync('/usr/bin/unshare', ['-m', '--propagation', 'private', '/bin/sh', '-c', `${setup}\n${script}`], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

needsRoot({ '/usr/bin/unshare': 'util-linux' }).describe(
  'report and bundle targets that are not regular files (private /dev)',
  () => {
    const cli = `${process.execPath} ${path.join(REPO, 'bin', 'shop-audit.js')}`;

    it('/dev/null stays a device, for --output and --record; /dev/full is exit 3 with ENOSPC', async () => {
      const root = await makeRoot({ '/rules/test.yaml': RULES });
      const scan = `${cli} scan --no-bundled-rules --rules ${root}/rules --quiet`;
      const r = inPrivateDev(`
${scan} --output /dev/null; echo "null=$? $(stat -c %F /dev/null)"
${scan} --record /dev/null > /dev/null; echo "record=$? $(stat -c %F /dev/null)"
${scan} --output /dev/full 2> ${root}/full.err; echo "full=$? $(stat -c %F /dev/full)"
${scan} --record /dev/full > /dev/null 2>> ${root}/full.err; echo "recordfull=$? $(stat -c %F /dev/full)"
cat ${root}/full.err
ls -A /dev | tr '\\n' ' '`);
      expect(r.stdout).toContain('null=0 character special file');
      expect(r.stdout).toContain('record=0 character special file');
      expect(r.stdout).toContain('full=3 character special file');
      expect(r.stdout).toContain('recordfull=3 character special file');
      expect(r.stdout).toContain('could not save /dev/full: no space left on the device (ENOSPC)');
      // No temporary file was left in /dev either.
      expect(r.stdout).toMatch(/^fd full null random stderr stdout urandom zero $/m);
    }, 60_000);

    it('/dev/stdout gets the report and stays a link; a folder, a socket and a link to a file are exit 2', async () => {
      const root = await makeRoot({
        '/rules/test.yaml': RULES,
        '/secret.conf': 'keep me\n',
        '/planted.txt': { link: '../secret.conf' },
      });
      const scan = `${cli} scan --no-bundled-rules --rules ${root}/rules --quiet`;
      // A socket file, bound by this process for the length of the script.
      const socket = createServer();
      await new Promise<void>((resolve) => socket.listen(path.join(root, 'sock'), resolve));
      const r = inPrivateDev(`
${scan} --output /dev/stdout > ${root}/out.txt; echo "stdout=$? $(stat -c %F /dev/stdout) $(grep -c 'Result: PASSED' ${root}/out.txt)"
${scan} --output ${root} 2>/dev/null; echo "folder=$?"
${scan} --output ${root}/planted.txt 2>/dev/null; echo "planted=$? $(cat ${root}/secret.conf) $(stat -c %F ${root}/planted.txt)"
${scan} --output ${root}/sock 2>/dev/null; echo "socket=$? $(stat -c %F ${root}/sock)"`);
      socket.close();
      // The text report states its verdict twice: in the summary at the top and at the end.
      expect(r.stdout).toContain('stdout=0 symbolic link 2');
      expect(r.stdout).toContain('folder=2');
      expect(r.stdout).toContain('planted=2 keep me symbolic link');
      expect(r.stdout).toContain('socket=2 socket');
    }, 60_000);

    it('a named pipe: written into when a program reads it, exit 2 when none does (never a hang)', async () => {
      const root = await makeRoot({ '/rules/test.yaml': RULES });
      const scan = `${cli} scan --no-bundled-rules --rules ${root}/rules --quiet`;
      const r = inPrivateDev(`
mkfifo ${root}/pipe
${scan} --output ${root}/pipe 2>/dev/null; echo "noreader=$? $(stat -c %F ${root}/pipe)"
cat ${root}/pipe > ${root}/got.txt & reader=$!
sleep 0.3
${scan} --output ${root}/pipe; echo "reader=$? $(stat -c %F ${root}/pipe)"
wait $reader; grep -c 'Result: PASSED' ${root}/got.txt`);
      expect(r.stdout).toContain('noreader=2 fifo');
      expect(r.stdout).toContain('reader=0 fifo');
      expect(r.stdout).toMatch(/^2$/m);
    }, 60_000);
  },
);

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLiveHost } from '../../src/host/live.js';
import { parseNetShare } from '../../src/probes/windows/fallback-parse.js';
import { makeRoot } from '../helpers/host.js';
import { sample } from '../helpers/windows-samples.js';

// On Chinese Windows, net.exe, reg.exe and manage-bde write redirected output in the OEM code page
// 936 (GBK). The GBK bytes here are made from the real zh-CN sample by this machine's iconv (glibc):
// Node's TextEncoder only writes UTF-8. /bin/cat then prints them as a Windows tool would.

const zh = sample('net-share__zh-CN-print-share-wrapped-remark.txt');
const gbk = execFileSync('/usr/bin/iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: zh });

describe('live host: output in the OEM code page', () => {
  it('net-share__zh-CN-print-share-wrapped-remark.txt in GBK: decoded with encoding gbk it is the sample again, and parses', async () => {
    expect(gbk.length).toBeLessThan(Buffer.byteLength(zh)); // two bytes per Chinese character, not three: really GBK
    const root = await makeRoot({ '/net-share.txt': gbk });
    const host = await createLiveHost({ elevated: false, env: {} });
    const file = path.join(root, 'net-share.txt');
    const r = await host.exec('/bin/cat', [file], { encoding: 'gbk' });
    expect(r).toEqual({ status: 'exited', exitCode: 0, stdout: zh, stderr: '' });
    expect(parseNetShare(r.status === 'exited' ? r.stdout : '')?.find((s) => s.name === 'print$')?.remark).toBe(
      '打印机驱动程序',
    );
    // Read as UTF-8 (the default) the Chinese is lost: why the fallback asks for the code page.
    const asUtf8 = await host.exec('/bin/cat', [file]);
    expect(asUtf8.status === 'exited' && asUtf8.stdout).not.toContain('打印机驱动程序');
  });

  it('net-share__zh-CN-print-share-wrapped-remark.txt in UTF-8 (a console switched with chcp 65001): read as UTF-8 even when gbk is asked for', async () => {
    const root = await makeRoot({ '/net-share.txt': zh });
    const host = await createLiveHost({ elevated: false, env: {} });
    expect(await host.exec('/bin/cat', [path.join(root, 'net-share.txt')], { encoding: 'gbk' })).toEqual({
      status: 'exited',
      exitCode: 0,
      stdout: zh,
      stderr: '',
    });
  });

  it('the DOS code pages TextDecoder lacks (437 US, 850 Western, 852 Central European): decoded as glibc iconv encodes them', async () => {
    const texts: Record<string, string> = {
      CP437: 'Ça fait déjà ½ — ░▒▓ │┤ αß',
      CP850: 'Domänenprofil-Einstellungen: Ausführung Ø å ÿ',
      CP852: 'Zapora sieciowa Włączony – Ustawienia profilu publicznego: Łódź ąęśćż',
    };
    const host = await createLiveHost({ elevated: false, env: {} });
    for (const [page, text] of Object.entries(texts)) {
      const bytes = execFileSync('/usr/bin/iconv', ['-f', 'UTF-8', '-t', `${page}//TRANSLIT`], { input: text });
      const expected = execFileSync('/usr/bin/iconv', ['-f', page, '-t', 'UTF-8'], { input: bytes }).toString('utf8');
      expect(bytes.length, page).toBe([...expected].length);
      const root = await makeRoot({ '/out.txt': bytes });
      const r = await host.exec('/bin/cat', [path.join(root, 'out.txt')], { encoding: `ibm${page.slice(2)}` });
      expect(r, page).toEqual({ status: 'exited', exitCode: 0, stdout: expected, stderr: '' });
    }
  });

  it('an encoding this Node cannot decode is a failed command, not a crash', async () => {
    const host = await createLiveHost({ elevated: false, env: {} });
    expect(await host.exec('/bin/true', [], { encoding: 'cp-no-such-page' })).toEqual({
      status: 'failed',
      message: 'this build of Node cannot decode cp-no-such-page',
    });
  });
});

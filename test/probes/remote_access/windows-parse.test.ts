import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseQuser, quserSessions } from '../../../src/probes/remote_access/windows-parse.js';
import { REPO, SAMPLES } from '../../helpers/host.js';

const lines = (text: string) => text.split(/\r?\n/);
const sample = (name: string) => lines(readFileSync(path.join(SAMPLES, 'windows', name), 'utf8'));
const fixture = (name: string) => lines(readFileSync(path.join(REPO, 'test/fixtures/remote_access', name), 'utf8'));
// What arrives when quser writes GBK and PowerShell reads it as UTF-8: every Chinese word garbled.
const garbled = (text: readonly string[]) => text.map((l) => l.replace(/[^\x00-\x7f]/g, '\uFFFD\uFFFD'));

describe('parseQuser', () => {
  it('quser__en-server2008r2-rdp-no-header-plus-idle.txt: three Remote Desktop sessions, no header, a misaligned line', () => {
    expect(parseQuser(sample('quser__en-server2008r2-rdp-no-header-plus-idle.txt'))).toEqual([
      { id: '30', connection: 'remote-desktop', current: false },
      { id: '42', connection: 'remote-desktop', current: false },
      { id: '55', connection: 'remote-desktop', current: false },
    ]);
  });

  it('quser__en-server2008r2-rdp-no-header-plus-idle.txt with long zh-CN dates (2023年11月7日) or Hungarian/Korean ones (2020. 11. 12.): the same sessions', () => {
    const text = sample('quser__en-server2008r2-rdp-no-header-plus-idle.txt').join('\n');
    const expected = parseQuser(lines(text));
    const longZh = text.replace(
      /(\d{2})\/(\d{2})\/(\d{4})/g,
      (_, d: string, m: string, y: string) => `${y}年${Number(m)}月${Number(d)}日`,
    );
    const spaced = text.replace(
      /(\d{2})\/(\d{2})\/(\d{4})/g,
      (_, d: string, m: string, y: string) => `${y}. ${m}. ${d}.`,
    );
    expect(longZh).toContain('2020年11月12日 11:23');
    expect(spaced).toContain('2020. 11. 12. 11:23');
    expect(expected).toHaveLength(3);
    expect(parseQuser(lines(longZh))).toEqual(expected);
    expect(parseQuser(lines(spaced))).toEqual(expected);
  });

  it('quser__zh-CN-blog-2015-three-disconnected-one-rdp-current.txt: disconnected sessions have no session name; ">" marks the current one', () => {
    const expected = [
      { id: '3', connection: 'disconnected', current: false },
      { id: '4', connection: 'disconnected', current: false },
      { id: '5', connection: 'disconnected', current: false },
      { id: '6', connection: 'remote-desktop', current: true },
    ];
    const text = fixture('quser__zh-CN-blog-2015-three-disconnected-one-rdp-current.txt');
    expect(parseQuser(text)).toEqual(expected);
    // The translated header and state words are never read: garbled, the answer is the same.
    expect(parseQuser(garbled(text))).toEqual(expected);
  });

  it('quser__zh-CN-ctf-writeup-console-plus-rdp-current.txt: one at the console, one over Remote Desktop; no user name in the answer', () => {
    const sessions = parseQuser(fixture('quser__zh-CN-ctf-writeup-console-plus-rdp-current.txt'));
    expect(sessions).toEqual([
      { id: '1', connection: 'console', current: false },
      { id: '2', connection: 'remote-desktop', current: true },
    ]);
    expect(JSON.stringify(sessions)).not.toMatch(/yuxuan|zhangxin/);
  });

  it('reads user names with a space, connected and disconnected', () => {
    // The zh-CN blog lines with the user name changed to two words (Windows allows spaces in names).
    const [header, disconnected, , , current] = fixture(
      'quser__zh-CN-blog-2015-three-disconnected-one-rdp-current.txt',
    );
    expect(
      parseQuser([
        header!,
        disconnected!.replace('administrator', 'shop owner   '),
        current!.replace('administrator', 'shop owner   '),
      ]),
    ).toEqual([
      { id: '3', connection: 'disconnected', current: false },
      { id: '6', connection: 'remote-desktop', current: true },
    ]);
  });

  it('refuses a line it cannot read rather than guessing, and takes only the first line as a header', () => {
    const text = fixture('quser__zh-CN-ctf-writeup-console-plus-rdp-current.txt');
    expect(parseQuser([...text, 'Error 0x000006BA enumerating sessionnames'])).toBeNull();
    expect(parseQuser([text[1]!, text[0]!])).toBeNull();
    // The ID must be a number.
    expect(parseQuser([text[0]!, text[1]!.replace(' 1  ', ' x  ')])).toBeNull();
    expect(parseQuser([])).toEqual([]);
  });
});

describe('quserSessions', () => {
  const console1 = fixture('quser__zh-CN-as-system-exit-1-console-only.txt');

  it('quser__zh-CN-as-system-exit-1-console-only.txt: run as SYSTEM quser exits 1 with its list intact, and the list counts', () => {
    expect(quserSessions({ exitCode: 1, lines: console1, inSession: false })).toEqual({
      sessions: [{ id: '1', connection: 'console', current: false }],
    });
  });

  it('a non-zero exit with no list is "nobody signed in" only for a scan outside any session', () => {
    expect(quserSessions({ exitCode: 1, lines: [], inSession: false })).toEqual({ sessions: [] });
    expect(quserSessions({ exitCode: 1, lines: [''], inSession: true })).toEqual({
      reason: 'quser exited with code 1 and listed no session, not even the one this scan runs in',
    });
    expect(quserSessions({ exitCode: 1, lines: [], inSession: null })).toEqual({
      reason: 'quser exited with code 1 and listed no session',
    });
    expect(quserSessions({ exitCode: 0, lines: console1.slice(0, 1), inSession: true })).toEqual({
      reason: 'quser listed no session and no error',
    });
    expect(quserSessions({ exitCode: 0, lines: ['garbage', 'more garbage'], inSession: true })).toEqual({
      reason: 'quser printed a line shop-audit cannot read',
    });
  });
});

// Handwritten lines in quser's layout (USERNAME SESSIONNAME ID STATE IDLE LOGON-TIME), each at an edge
// between a Remote Desktop session, the console and a disconnected one.
describe("parseQuser at its edges (handwritten in quser's layout)", () => {
  const HEADER = ' USERNAME              SESSIONNAME        ID  STATE   IDLE TIME  LOGON TIME';
  const table: [string, { id: string; connection: string; current: boolean }][] = [
    [
      '>shop                  RDP-Tcp#12          2  Active          .  12/11/2020 9:15 AM',
      { id: '2', connection: 'remote-desktop', current: true },
    ],
    [
      ' shop                  CONSOLE             1  Active       none  2020-11-12 09:15',
      { id: '1', connection: 'console', current: false },
    ],
    [
      ' shop                  ica-tcp#3           4  Active          5  12.11.2020 09:15',
      { id: '4', connection: 'other', current: false },
    ],
    [
      ' shop                                      5  Disc            5  2015/8/5 10:00',
      { id: '5', connection: 'disconnected', current: false },
    ],
    [
      '   >shop               rdp-tcp#0          15  Active          .  8/5/2015 10:00',
      { id: '15', connection: 'remote-desktop', current: true },
    ],
    [
      ' shop                  services            0  Disc            .  8/5/2015 10:00',
      { id: '0', connection: 'disconnected', current: false },
    ],
  ];
  it.each(table)('%s', (line, session) => {
    expect(parseQuser([HEADER, line])).toEqual([session]);
  });
  it('a line with no user name before its ID, or no date after the first line, is unreadable', () => {
    expect(parseQuser([HEADER, ' 2  Active  .  12/11/2020 9:15'])).toBeNull();
    expect(parseQuser([HEADER, ' shop rdp-tcp#1 2 Active . yesterday'])).toBeNull();
    // One token before the ID is the user name alone: a disconnected session, which has no session name.
    expect(parseQuser([HEADER, ' shop  2  Disc  .  12/11/2020'])).toEqual([
      { id: '2', connection: 'disconnected', current: false },
    ]);
    expect(parseQuser([' shop  x  2  Active  .  12/11/2020', ''])).toEqual([
      { id: '2', connection: 'disconnected', current: false },
    ]);
    expect(parseQuser([HEADER, ' shop  x  2  Active  .  12/11/20200'])).toBeNull();
    expect(parseQuser([' shop  x  2  Active  .  12/11/20200'])).toEqual([]);
  });
  it('sessions listed: the list counts whatever the exit code and the session', () => {
    const lines = [HEADER, table[0]![0]];
    expect(quserSessions({ exitCode: 0, lines, inSession: null })).toEqual({ sessions: [table[0]![1]] });
    expect(quserSessions({ exitCode: 1, lines, inSession: true })).toEqual({ sessions: [table[0]![1]] });
    expect(quserSessions({ exitCode: 5, lines: [HEADER], inSession: false })).toEqual({ sessions: [] });
    expect(quserSessions({ exitCode: 0, lines: [], inSession: false })).toEqual({
      reason: 'quser listed no session and no error',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { createReplayHost } from '../../../src/host/bundle.js';
import type { Host } from '../../../src/host/types.js';
import { collectPersonalData } from '../../../src/probes/personal_data/collect.js';
import type { PersonalDataFacts } from '../../../src/probes/personal_data/facts.js';
import { movedUserFolders, shellFolderPlaces } from '../../../src/probes/personal_data/folders.js';
import { REGISTRY_ANSWERS, keyName } from '../../../src/probes/windows/registry.js';
// @ts-expect-error a plain JavaScript script shared with the benchmark
import { customerRows, makeXlsx } from '../../../scripts/make-pii-corpus.mjs';
import { withDocuments } from '../../helpers/documents.js';
import { makeRoot, rootHost } from '../../helpers/host.js';
import { NOW } from '../../helpers/personal-data.js';
import { exited, reg, wineOutput } from '../../helpers/windows-fallback.js';
import { SHOP_AT_CONSOLE, SHOP_FOLDERS_AT_DEFAULT, windowsBundle } from '../../helpers/windows-samples.js';

// Windows keeps the person's Desktop, Documents and Downloads where User Shell Folders says: moved to D:\ (Properties >
// Location, as shop PCs with a small C: have them), into OneDrive (Known Folder Move), onto a server. A customer list
// on such a Desktop passed clean while only C:\Users\<name>\Desktop was walked.

const USER_SHELL_FOLDERS = keyName(REGISTRY_ANSWERS.userShellFolders);
const USER_SESSION = keyName(REGISTRY_ANSWERS.userSession);
const DOWNLOADS = '{374DE290-123F-4565-9164-39C4925E467B}';
const OPTIONS = { deep: false, now: NOW, personalData: { paths: [], timeBudgetSeconds: 20 } };
const BASE = { systemDrive: 'C:', bitLockerVolumes: [], bitLockerShell: null, pageFiles: [] };

/** The values of one key of a regedit export (.reg): text, and hex(2) (REG_EXPAND_SZ) as its UTF-16LE text. */
function regExport(text: string, key: string): Record<string, string> {
  const block =
    text
      .replace(/\\\r?\n\s*/g, '')
      .split(/\r?\n\[/)
      .find((b) => b.startsWith(`${key}]`)) ?? '';
  const values: Record<string, string> = {};
  for (const [, name, data] of block.matchAll(/^"([^"]+)"=(.*)$/gm)) {
    values[name!] = data!.startsWith('hex(2):')
      ? Buffer.from(
          data!
            .slice(7)
            .split(',')
            .map((h) => Number.parseInt(h, 16)),
        )
          .toString('utf16le')
          .replace(/\0+$/, '')
      : data!.replace(/^"|"$/g, '').replace(/\\\\/g, '\\');
  }
  return values;
}

const collect = async (host: Host) =>
  (await collectPersonalData(host, OPTIONS)) as { facts: PersonalDataFacts; unknown: Record<string, string> };

describe("User Shell Folders' values decoded (pure)", () => {
  const session = SHOP_FOLDERS_AT_DEFAULT.userSession;
  const machine = (name: string) => ({ SystemDrive: 'C:' })[name];

  it("expands Windows' defaults with the person's own session (not the scanning account's), any case", () => {
    const places = shellFolderPlaces(
      { Desktop: '%userprofile%\\Desktop', Personal: '%SystemDrive%\\Users\\shop\\Documents\\', [DOWNLOADS]: null },
      session,
      machine,
    );
    expect(places).toEqual([
      { source: 'desktop', path: 'C:\\Users\\shop\\Desktop' },
      { source: 'documents', path: 'C:\\Users\\shop\\Documents' },
    ]);
  });

  it('says a network folder and a variable not known as gaps, never walks or drops them', () => {
    const places = shellFolderPlaces(
      { Desktop: '\\\\nas\\shop\\Desktop', Personal: '%OneDrive%\\Documents', [DOWNLOADS]: 'Downloads' },
      session,
      machine,
    );
    expect(places).toEqual([
      { source: 'desktop', path: '\\\\nas\\shop\\Desktop', gap: expect.stringMatching(/network folder/) },
      { source: 'documents', path: '%OneDrive%\\Documents', gap: expect.stringMatching(/%OneDrive%/) },
      { source: 'downloads', path: 'Downloads', gap: expect.stringMatching(/not a full path/) },
    ]);
  });

  it('reads a long path (\\\\?\\D:\\…) as the local folder it is', () => {
    expect(shellFolderPlaces({ Desktop: '\\\\?\\D:\\桌面' }, session, machine)).toEqual([
      { source: 'desktop', path: 'D:\\桌面' },
    ]);
  });
});

describe("the person's folders read by reg.exe when PowerShell cannot run (Wine 8's real output)", () => {
  it("finds Windows' default places of Desktop, Documents and Downloads, expanded with the session's USERPROFILE", async () => {
    const bundle = windowsBundle({}, { elevated: false });
    bundle.commands = [
      reg(USER_SHELL_FOLDERS, exited(wineOutput('reg-query-user-shell-folders__this-debian12-wine-8-exit0.txt'))),
      reg(USER_SESSION, exited(wineOutput('reg-query-volatile-environment__this-debian12-wine-8-exit0.txt'))),
    ];
    const moved = await movedUserFolders(createReplayHost(bundle), OPTIONS);
    expect(moved.gap).toBeNull();
    expect(moved.places.filter((p) => !p.source.match(/wechat|qq|wecom|dingtalk/))).toEqual([
      { source: 'desktop', path: 'C:\\users\\root\\Desktop' },
      { source: 'documents', path: 'C:\\users\\root\\Documents' },
      { source: 'downloads', path: 'C:\\users\\root\\Downloads' },
    ]);
  });

  it('a handwritten OneDrive Known Folder Move (Chinese OneDrive: 桌面), a server share and an unknown variable', async () => {
    const bundle = windowsBundle({}, { elevated: false });
    bundle.commands = [
      reg(
        USER_SHELL_FOLDERS,
        exited(wineOutput('reg-query-user-shell-folders__handwritten-onedrive-kfm-network-zh.txt')),
      ),
      reg(USER_SESSION, exited(wineOutput('reg-query-volatile-environment__this-debian12-wine-8-exit0.txt'))),
    ];
    bundle.dirs['C:\\Users'] = { status: 'ok', entries: ['shop'] };
    const home = await rootHost(
      await makeRoot({ '/Desktop/note.txt': 'hello', '/OneDrive/桌面/会员名单.xlsx': makeXlsx(customerRows(12)) }),
    );
    const { facts, unknown } = await collect(withDocuments(createReplayHost(bundle), 'C:\\Users\\shop', home));
    expect(facts.files!.map((f) => f.path)).toEqual(['C:\\Users\\shop\\OneDrive\\桌面\\会员名单.xlsx']);
    expect(facts.folders!.filter((f) => f.status === 'unreadable')).toEqual([
      {
        path: '\\\\nas\\shop\\文档',
        source: 'documents',
        status: 'unreadable',
        reason: expect.stringMatching(/network/),
      },
      {
        path: '%OneDriveConsumer%\\下载',
        source: 'downloads',
        status: 'unreadable',
        reason: expect.stringMatching(/%OneDriveConsumer%/),
      },
    ]);
    expect(facts.complete).toBeNull();
    expect(unknown.complete).toMatch(/2 folders could not be read/);
  });
});

describe('folders moved to D: on a Chinese Windows (a published regedit export; replayed answers, generated documents)', () => {
  const published = wineOutput('user-shell-folders__zh-CN-moved-to-d-drive.reg');
  const moved = regExport(
    published,
    'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders',
  );

  it('the export holds D:\\桌面, D:\\文档 and D:\\下载', () => {
    expect([moved.Desktop, moved.Personal, moved[DOWNLOADS]]).toEqual(['D:\\桌面', 'D:\\文档', 'D:\\下载']);
  });

  const scan = async (facts: Record<string, unknown>, elevated: boolean) => {
    const bundle = windowsBundle({ ...BASE, ...facts }, { elevated });
    bundle.dirs['C:\\Users'] = { status: 'ok', entries: ['shop', 'tech'] };
    const c = await rootHost(await makeRoot({ '/Users/shop/Desktop/note.txt': 'hello' }));
    const d = await rootHost(
      await makeRoot({
        '/桌面/会员名单.xlsx': makeXlsx(customerRows(12)),
        '/文档/WeChat Files/wxid_abc123/FileStorage/File/2025-05/快递单.xlsx': makeXlsx(customerRows(12)),
      }),
    );
    return collect(withDocuments(withDocuments(createReplayHost(bundle), 'C:', c), 'D:', d));
  };
  const userShellFolders = { Desktop: moved.Desktop, Personal: moved.Personal, [DOWNLOADS]: moved[DOWNLOADS] };

  it("finds the customer list on the moved Desktop and WeChat's files in the moved Documents", async () => {
    const { facts, unknown } = await scan({ userShellFolders, userSession: SHOP_FOLDERS_AT_DEFAULT.userSession }, true);
    expect(facts.files!.map((f) => f.path).sort()).toEqual([
      'D:\\文档\\WeChat Files\\wxid_abc123\\FileStorage\\File\\2025-05\\快递单.xlsx',
      'D:\\桌面\\会员名单.xlsx',
    ]);
    expect(facts.files!.find((f) => f.path.includes('WeChat'))).toBeDefined();
    expect(unknown.complete).toBeUndefined();
  });

  it("an elevated scan reads the folders of the person at the screen, not the technician's", async () => {
    const technician = { ...SHOP_AT_CONSOLE, scanSid: 'S-1-5-21-1907407323-3790588764-1508052843-1001' };
    const { facts } = await scan(
      { consoleUser: technician, userShellFolders, userSession: SHOP_FOLDERS_AT_DEFAULT.userSession },
      true,
    );
    expect(facts.files!.map((f) => f.path)).toContain('D:\\桌面\\会员名单.xlsx');
  });

  it("finds another account's list in its Chinese OneDrive's 桌面, whose registry is not loaded", async () => {
    const bundle = windowsBundle({ ...BASE, userShellFolders, userSession: SHOP_FOLDERS_AT_DEFAULT.userSession });
    bundle.dirs['C:\\Users'] = { status: 'ok', entries: ['shop', 'clerk'] };
    const c = await rootHost(
      await makeRoot({ '/Users/clerk/OneDrive/桌面/会员名单.xlsx': makeXlsx(customerRows(12)) }),
    );
    const d = await rootHost(await makeRoot({ '/桌面/note.txt': 'hello' }));
    const { facts } = await collect(withDocuments(withDocuments(createReplayHost(bundle), 'C:', c), 'D:', d));
    expect(facts.files!.map((f) => f.path)).toEqual(['C:\\Users\\clerk\\OneDrive\\桌面\\会员名单.xlsx']);
  });

  it('where the folders are not read (nobody at the screen of an elevated scan), the scan says it is incomplete', async () => {
    const nobody = { scanSid: SHOP_AT_CONSOLE.scanSid, consoleSid: null };
    const { facts, unknown } = await scan(
      { consoleUser: nobody, userShellFolders, userSession: SHOP_FOLDERS_AT_DEFAULT.userSession },
      true,
    );
    expect(facts.files).toEqual([]);
    expect(facts.complete).toBeNull();
    expect(unknown.complete).toMatch(/where Desktop, Documents and Downloads are was not read \(nobody is signed in/);
  });
});

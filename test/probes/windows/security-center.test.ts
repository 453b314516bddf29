import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeProductState,
  type PresenceEvidence,
  productPresence,
  undocumentedProductState,
} from '../../../src/probes/windows/security-center.js';
import { REPO } from '../../helpers/host.js';

const fixture = (folder: string, name: string) =>
  JSON.parse(readFileSync(path.join(REPO, 'test/fixtures', folder, name), 'utf8')) as {
    states: Record<string, unknown>[];
  };

describe('Security Center productState of antivirus products (anti_malware/productstate__handwritten-documented-format-values.json)', () => {
  const { states } = fixture('anti_malware', 'productstate__handwritten-documented-format-values.json') as {
    states: {
      productState: number;
      described: string;
      realTime: boolean | null;
      upToDate: boolean | null;
      microsoft: boolean;
    }[];
  };

  it.each(states)('$productState ($described)', (s) => {
    expect(decodeProductState(s.productState)).toEqual({
      on: s.realTime,
      upToDate: s.upToDate,
      microsoft: s.microsoft,
    });
  });

  it('expired (0x3000) is not protecting; a definitions nibble no source describes is unknown', () => {
    expect(decodeProductState(0x43000)).toEqual({ on: false, upToDate: true, microsoft: false });
    expect(decodeProductState(0x41020).upToDate).toBeNull();
  });
});

describe('Security Center productState of firewall products (firewall/firewallproduct-productstate__handwritten-documented-format-values.json)', () => {
  const { states } = fixture('firewall', 'firewallproduct-productstate__handwritten-documented-format-values.json') as {
    states: { productState: number; described: string; on: boolean | null; microsoft: boolean }[];
  };

  it.each(states)('$productState ($described)', (s) => {
    expect(decodeProductState(s.productState)).toMatchObject({ on: s.on, microsoft: s.microsoft });
  });

  it('names the value it cannot explain in decimal and hex', () => {
    expect(undocumentedProductState(81920)).toContain('81920 (0x14000)');
  });
});

describe('productPresence: is a registered product really on this PC (edges found by mutation testing)', () => {
  // F-Secure's registration as fusioninventory-agent#501 shows it (pathToSignedProductExe); the evidence beside it is
  // handwritten: whether that file is there, the running programs (names without .exe), the services.
  const EXE = 'C:\\Program Files (x86)\\F-Secure\\Anti-Virus\\fsavwsch.exe';
  const FOLDER = 'C:\\Program Files (x86)\\F-Secure\\Anti-Virus\\';
  const nothing: PresenceEvidence = { exe: EXE, exeExists: false, processes: ['explorer'], services: [] };
  const service = (startMode: string, command: string | null) => ({ startMode, command });

  it('its program file, its program running (any case) or an automatic service started from its folder shows it', () => {
    const cases: [string, PresenceEvidence, { present: boolean | null; why: string }][] = [
      ['file there', { ...nothing, exeExists: true }, { present: true, why: `its program ${EXE} is on this PC` }],
      [
        'running',
        { ...nothing, processes: ['explorer', 'FSAVWSCH'] },
        { present: true, why: 'its program fsavwsch.exe is running' },
      ],
      [
        'automatic service, quoted, another case',
        { ...nothing, services: [service('Auto', `"${FOLDER.toUpperCase()}FSMA32.EXE" /service`)] },
        { present: true, why: `an automatic service runs from its folder ${FOLDER}` },
      ],
      [
        'automatic service, unquoted',
        { ...nothing, services: [service('Manual', null), service('Auto', `${FOLDER}fsma32.exe`)] },
        { present: true, why: `an automatic service runs from its folder ${FOLDER}` },
      ],
    ];
    for (const [what, evidence, answer] of cases) expect([what, productPresence(evidence)]).toEqual([what, answer]);
  });

  it('a manual service, one from a folder whose name only starts the same, another program running: not present', () => {
    const gone = {
      present: false,
      why: `registered with Security Center but not present: its program ${EXE} is gone and it is not running`,
    };
    for (const evidence of [
      nothing,
      { ...nothing, services: [service('Manual', `"${FOLDER}fsma32.exe"`)] },
      { ...nothing, services: [service('Auto', 'C:\\Program Files (x86)\\F-Secure\\Anti-Virus2\\fsma32.exe')] },
      { ...nothing, services: [service('Auto', `x${FOLDER}fsma32.exe`)] },
      { ...nothing, processes: ['fsavwsch.exe', 'fsavwschx', 'Anti-Virus\\fsavwsch'] },
    ])
      expect(productPresence(evidence)).toEqual(gone);
  });

  it('nothing shows it and its file could not be checked: unknown, saying what was not read', () => {
    const unknown = (unread: string) => ({
      present: null,
      why: `registered with Security Center, but nothing on this PC shows it is installed (no program file to check${unread})`,
    });
    // Windows Defender registers windowsdefender:// (get-ciminstance-antivirusproduct__en-thm-vm-…): no file, no folder.
    const defender = { exe: 'windowsdefender://', exeExists: null, processes: ['MsMpEng'], services: [] };
    expect(productPresence(defender)).toEqual(unknown(''));
    expect(productPresence({ ...defender, exe: '  ', processes: null })).toEqual(
      unknown('; running programs not read'),
    );
    expect(productPresence({ ...defender, exe: null, services: null })).toEqual(unknown('; services not read'));
    expect(productPresence({ ...defender, processes: null, services: null })).toEqual(
      unknown('; running programs and services not read'),
    );
    expect(productPresence({ ...nothing, exeExists: null })).toEqual(unknown(''));
    // Services not read, or an automatic one without a command line, are no evidence (and no crash).
    expect(productPresence({ ...nothing, exeExists: null, services: null })).toEqual(unknown('; services not read'));
    expect(productPresence({ ...nothing, exeExists: null, services: [service('Auto', null)] })).toEqual(unknown(''));
  });

  it('a path with blanks around it is read without them', () => {
    expect(productPresence({ ...nothing, exe: ` ${EXE} `, processes: ['fsavwsch'] })).toEqual({
      present: true,
      why: 'its program fsavwsch.exe is running',
    });
  });
});

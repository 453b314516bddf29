import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { networkServices } from '../../../src/probes/network_services/index.js';
import { makeRoot, REPO, rootHost } from '../../helpers/host.js';
import { listenInNetns } from '../../helpers/netns.js';
import { scanWith } from '../../helpers/scan.js';

/**
 * A temporary root whose /proc/net is the listener's namespace (/proc/PID/net) and whose /proc lists
 * only the listener (its real /proc/PID), so the owners are looked up among real open files.
 */
async function pcWithListener(pid: number, elevated: boolean) {
  const root = await makeRoot({
    '/etc/os-release': await readFile(
      path.join(REPO, 'test/fixtures/os_support/os-release__this-debian12-etc.txt'),
      'utf8',
    ),
    '/proc/net': { link: `/proc/${pid}/net` },
    [`/proc/${pid}`]: { link: `/proc/${pid}` },
  });
  return rootHost(root, { elevated });
}

describe('network_services on Linux: a real listener in a private network namespace', () => {
  it('as root: Redis port on 0.0.0.0 found with its program; loopback and a plain port are not risky', async () => {
    const pid = await listenInNetns({
      tcp: [
        ['0.0.0.0', 6379],
        ['127.0.0.1', 3306],
        ['::', 8080],
      ],
      udp: [['0.0.0.0', 137]],
    });
    const out = await networkServices.collect.linux(await pcWithListener(pid, true));
    expect(out.unknown).toEqual({});
    expect(out.facts.listeners!.map((l) => [l.name, l.service])).toEqual([
      ['NetBIOS: udp 0.0.0.0:137 (node)', 'NetBIOS'],
      ['Redis: tcp 0.0.0.0:6379 (node)', 'Redis'],
      ['tcp [::]:8080', null],
    ]);
  });

  it('not root: the same sockets, owners not looked up', async () => {
    const pid = await listenInNetns({ tcp: [['0.0.0.0', 6379]] });
    const out = await networkServices.collect.linux(await pcWithListener(pid, false));
    expect(out.facts.listeners).toEqual([
      {
        name: 'Redis: tcp 0.0.0.0:6379',
        protocol: 'tcp',
        address: '0.0.0.0',
        port: 6379,
        program: null,
        service: 'Redis',
        firewallBlocks: false,
      },
    ]);
    expect(out.facts.source).toContain('need root');
  });

  it('whole scans: Redis on 0.0.0.0 fails the rule, Redis on 127.0.0.1 passes', async () => {
    const rule = 'network-services.no-risky-service-open';
    const open = await listenInNetns({ tcp: [['0.0.0.0', 6379]] });
    const failed = (await scanWith(await pcWithListener(open, true), { replayed: false })).results.find(
      (r) => r.id === rule,
    )!;
    expect(failed.status).toBe('fail');
    expect(JSON.stringify(failed)).toContain('Redis: tcp 0.0.0.0:6379 (node)');
    const local = await listenInNetns({
      tcp: [
        ['127.0.0.1', 6379],
        ['0.0.0.0', 8080],
      ],
    });
    const passed = (await scanWith(await pcWithListener(local, true), { replayed: false })).results.find(
      (r) => r.id === rule,
    )!;
    expect(passed.status).toBe('pass');
  });

  it('a /proc/net file that cannot be read makes the facts unknown, never an empty list', async () => {
    const root = await makeRoot({ '/proc/net/tcp': 'not the kernel layout\n' });
    const out = await networkServices.collect.linux(await rootHost(root));
    expect(out.facts.listeners).toBeNull();
    expect(out.unknown.listeners).toMatch(/tcp is not in the layout/);
  });
});

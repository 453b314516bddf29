import path from 'node:path';
import { expect } from 'vitest';
import { type LoginAccount, succeedIf } from '../../../src/probes/login_password/parse.js';
import { makeRoot } from '../../helpers/host.js';
import { runInNamespace } from '../../helpers/namespace.js';
import { needs } from '../../helpers/tools.js';

// succeedIf decides which accounts a login screen's `auth sufficient pam_succeed_if.so …` line lets in without a
// password. Each condition is put to this machine's pam_succeed_if through pamtester, in a private mount namespace
// where a temporary /etc (accounts, groups, the test's PAM service) lies over this machine's:
//   auth sufficient pam_succeed_if.so CONDITION
//   auth requisite  pam_deny.so
// gets in exactly when the condition holds, and succeedIf must say the same.

const tools = needs({ '/usr/bin/pamtester': 'pamtester', '/usr/bin/unshare': 'util-linux' });

const PASSWD =
  'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\nbob:x:1001:1001::/home/bob:/bin/sh\n';
const GROUP = 'root:x:0:\nalice:x:1000:\nbob:x:1001:\nshop:x:990:alice,root\n';
const SHADOW = 'root:*:20000:0:99999:7:::\nalice:!:20000:0:99999:7:::\nbob:!:20000:0:99999:7:::\n';
const ACCOUNTS: LoginAccount[] = [
  { name: 'root', uid: 0, gid: 0, shell: '/bin/bash', groups: new Set(['root', 'shop']) },
  { name: 'alice', uid: 1000, gid: 1000, shell: '/bin/bash', groups: new Set(['alice', 'shop']) },
  { name: 'bob', uid: 1001, gid: 1001, shell: '/bin/sh', groups: new Set(['bob']) },
];
const CONDITIONS = [
  ...['<', 'lt', '<=', 'le', 'eq', '>=', 'ge', '>', 'gt', 'ne'].flatMap((test) => [
    `uid ${test} 1000`,
    `gid ${test} 1001`,
  ]),
  'user = alice',
  'user != alice',
  'login = bob',
  'user in bob:alice',
  'user notin bob:alice',
  'user ingroup shop',
  'user notingroup shop',
  'login ingroup shop:root',
  'login notingroup shop:root',
  'shell = /bin/sh',
  'shell != /bin/sh',
  'service = shoptest',
  'service in login:gdm',
  'quiet uid >= 1000 user notingroup shop',
  'uid >= 1000 quiet_success user != bob',
  'use_uid user = root',
  // use_uid: pamtester runs as root, as the login services do; root is in the group shop here.
  'use_uid user ingroup shop',
  'use_uid shell = /bin/bash',
  'use_uid uid ne 0',
  'debug uid < 1',
  'quiet_fail uid >= 1000',
  'audit gid < 1001',
];

tools.it(
  'every condition decides as the real pam_succeed_if does, for root, a member of a group and another user',
  async () => {
    const root = await makeRoot({
      '/etc/passwd': PASSWD,
      '/etc/group': GROUP,
      '/etc/shadow': SHADOW,
      // Written again for each condition by the script below.
      '/etc/pam.d/shoptest': '',
    });
    // One namespace for every condition and account: a shell writes the service file for each condition, then asks
    // pamtester for each account (a program started from the test's process costs far more than one from a shell).
    const script = [
      'for condition in "$@"; do',
      '  printf \'auth sufficient pam_succeed_if.so %s\\nauth requisite pam_deny.so\\n\' "$condition" > /etc/pam.d/shoptest',
      `  for user in ${ACCOUNTS.map((a) => a.name).join(' ')}; do`,
      '    if /usr/bin/pamtester shoptest "$user" authenticate < /dev/null > /dev/null 2>&1; then echo in; else echo out; fi',
      '  done',
      'done',
    ].join('\n');
    const pam = runInNamespace({}, '/bin/sh', ['-c', script, 'sh', ...CONDITIONS], '', {
      '/etc': path.join(root, 'etc'),
    });
    const answers = pam.stdout.split('\n').filter(Boolean);
    expect(answers, pam.stderr).toHaveLength(CONDITIONS.length * ACCOUNTS.length);
    const disagree: string[] = [];
    const outcomes = { in: 0, out: 0 };
    for (const [c, condition] of CONDITIONS.entries()) {
      for (const [a, account] of ACCOUNTS.entries()) {
        const ours = succeedIf(condition.split(' '), account, 'shoptest', ACCOUNTS[0]!);
        const real = answers[c * ACCOUNTS.length + a] === 'in';
        outcomes[real ? 'in' : 'out']++;
        if (ours !== real) disagree.push(`${condition} for ${account.name}: pam says ${real}, succeedIf ${ours}`);
      }
    }
    expect(disagree).toEqual([]);
    // Both answers came from PAM: the service file was read, and conditions went each way.
    expect(outcomes.in).toBeGreaterThan(20);
    expect(outcomes.out).toBeGreaterThan(20);
  },
);

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';
import { makeRoot } from '../helpers/host.js';

// A careless technician names the wrong file: `sudo shop-audit scan --replay /etc/shadow` (tab completion), or a
// JSON file that holds a password where a report was meant. V8's JSON.parse quotes the text around its error
// (`Unexpected token 'r', "root:$6$ab"... is not valid JSON`), and shop-audit passed that on to the terminal: part
// of a hash or a password in an error, and in any log of it. Errors now say where (line:column), not what.

const SHADOW = 'root:$6$Sa1tSa1t$HaShHaShHaSh:20228:0:99999:7:::\n';
const CONFIG = '{"user": "shop", "password": "Secr3tPw" oops}\n';

describe('an error about a file that is not JSON quotes none of it', () => {
  it('scan --replay, compare, summary and pack', async () => {
    const root = await makeRoot({ '/shadow': SHADOW, '/config.json': CONFIG });
    for (const file of [path.join(root, 'shadow'), path.join(root, 'config.json')]) {
      for (const args of [
        ['scan', '--replay', file],
        ['compare', file, file],
        ['summary', file],
        ['pack', file],
      ]) {
        const r = await runMain(args);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.stderr).toContain(file);
        for (const secret of ['$6$', 'Sa1t', 'HaSh', 'Secr3t', 'root:'])
          expect(r.stderr, `${args.join(' ')}: ${r.stderr}`).not.toContain(secret);
      }
    }
    const replay = await runMain(['scan', '--replay', path.join(root, 'config.json')]);
    expect(replay.stderr).toContain(`${path.join(root, 'config.json')}:1:41: not a valid replay bundle`);
  });
});

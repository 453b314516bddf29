import type { Host } from '../../host/types.js';
import { unreadable } from '../tools.js';
import { answerTaker, type Answer, type Collector } from '../types.js';
import type { __ProbeName__Facts } from './facts.js';
import { parseFirstValue } from './parse.js';

const HOSTNAME_FILE = '/etc/hostname';

/** The name in /etc/hostname, or why there is none. */
async function readName(host: Host): Promise<Answer<string>> {
  const file = await host.readFile(HOSTNAME_FILE);
  if (file.status !== 'ok') return { ok: false, reason: unreadable(host, HOSTNAME_FILE, file) };
  const name = parseFirstValue(file.text);
  return name === null ? { ok: false, reason: `${HOSTNAME_FILE} names no host` } : { ok: true, value: name };
}

export const collectLinux: Collector<__ProbeName__Facts> = async (host) => {
  const unknown: Record<string, string> = {};
  const take = answerTaker(unknown);
  return { facts: { name: take('name', await readName(host)) }, unknown };
};

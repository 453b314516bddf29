import type { Host } from '../../host/types.js';
import { MACOS_TOOL, refused, run } from '../macos/commands.js';
import { answerTaker, type Answer, type Collector } from '../types.js';
import type { __ProbeName__Facts } from './facts.js';
import { parseFirstValue } from './parse.js';

/** The name `hostname` prints, or why there is none. */
async function readName(host: Host): Promise<Answer<string>> {
  const answer = await run(host, MACOS_TOOL.hostname, []);
  if (!answer.ok) return answer;
  const name = answer.value.exitCode === 0 ? parseFirstValue(answer.value.stdout) : null;
  return name === null ? { ok: false, reason: refused(MACOS_TOOL.hostname, [], answer.value) } : { ok: true, value: name };
}

export const collectMacos: Collector<__ProbeName__Facts> = async (host) => {
  const unknown: Record<string, string> = {};
  const take = answerTaker(unknown);
  return { facts: { name: take('name', await readName(host)) }, unknown };
};

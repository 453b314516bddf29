import { answerTaker, type Collector } from '../types.js';
import { windowsAnswers } from '../windows/answers.js';
import type { __ProbeName__Facts } from './facts.js';

// Windows facts come from the scan's one PowerShell script (probes/windows/script.ts): ask for the
// answers this probe needs by name; a new answer is added to the script and its contract (document.ts).
export const collectWindows: Collector<__ProbeName__Facts> = async (host, options) => {
  const { computerName } = await windowsAnswers(host, ['computerName'], options);
  const unknown: Record<string, string> = {};
  const take = answerTaker(unknown);
  return { facts: { name: take('name', computerName) }, unknown };
};

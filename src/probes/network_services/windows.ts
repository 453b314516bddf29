import type { Collector, ProbeOutput } from '../types.js';
import { windowsAnswers } from '../windows/answers.js';
import type { NetworkServicesFacts } from './facts.js';
import { isLoopbackText, toListeners } from './parse.js';

export const collectWindows: Collector<NetworkServicesFacts> = async (host, options): Promise<ProbeOutput<NetworkServicesFacts>> => {
  const { listeningSockets: answer, readWith } = await windowsAnswers(host, ['listeningSockets'], options);
  if (!answer.ok)
    return {
      facts: { listeners: null, source: null },
      unknown: { listeners: answer.reason, source: answer.reason },
      readWith,
    };
  const sockets = answer.value.map((s) => ({ ...s, loopback: isLoopbackText(s.address) }));
  return {
    facts: { listeners: toListeners(sockets), source: 'Get-NetTCPConnection -State Listen, Get-NetUDPEndpoint' },
    unknown: {},
    readWith,
  };
};

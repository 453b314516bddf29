import type { Collector, ProbeOutput } from '../types.js';
import { windowsAnswers } from '../windows/answers.js';
import type { WifiFacts } from './facts.js';
import { unknownWifi, wifiOutput } from './output.js';
import { netshRefusal, parseNetshInterfaces } from './parse.js';

const SOURCE = 'netsh wlan show interfaces';

export const collectWindows: Collector<WifiFacts> = async (host, options): Promise<ProbeOutput<WifiFacts>> => {
  const { wlanInterfaces: answer, readWith } = await windowsAnswers(host, ['wlanInterfaces'], options);
  if (!answer.ok) return { ...unknownWifi(answer.reason), readWith };
  const connections = parseNetshInterfaces(answer.value.lines);
  if (!connections) {
    const why = netshRefusal(answer.value.lines) ?? `${SOURCE} printed nothing`;
    return { ...unknownWifi(`${why} (exit code ${answer.value.exitCode})`), readWith };
  }
  // None connected: no interface is, there is none, or the WLAN AutoConfig service (without which Windows joins no
  // wireless network) does not run; netsh's message says which, in the display language.
  return { ...wifiOutput(connections, SOURCE), readWith };
};

import { notOnThisPc, type Collector, type ProbeOutput } from '../types.js';
import { windowsAnswers } from '../windows/answers.js';
import type { WifiFacts } from './facts.js';
import { parseNetshInterfaces, weakest } from './parse.js';

const SOURCE = 'netsh wlan show interfaces';

export const collectWindows: Collector<WifiFacts> = async (host, options): Promise<ProbeOutput<WifiFacts>> => {
  const { wlanInterfaces: answer, readWith } = await windowsAnswers(host, ['wlanInterfaces'], options);
  const unknownAll = (reason: string) => ({
    facts: { onWifi: null, security: null, securityText: null, source: null },
    unknown: { onWifi: reason, security: reason, securityText: reason, source: reason },
    readWith,
  });
  if (!answer.ok) return unknownAll(answer.reason);
  const connections = parseNetshInterfaces(answer.value.lines);
  if (!connections) return unknownAll(`${SOURCE} printed nothing (exit code ${answer.value.exitCode})`);
  const worst = weakest(connections);
  if (!worst) {
    // No interface is connected, there is none, or the WLAN AutoConfig service (without which Windows joins no
    // wireless network) does not run: netsh's message says which, in the display language.
    const why = notOnThisPc('the PC is not connected to a wireless network');
    return {
      facts: { onWifi: false, security: null, securityText: null, source: SOURCE },
      unknown: { security: why, securityText: why },
      readWith,
    };
  }
  return {
    facts: { onWifi: true, security: worst.security, securityText: worst.text, source: SOURCE },
    unknown:
      worst.security === null ? { security: `netsh names a security shop-audit does not know: ${worst.text}` } : {},
    readWith,
  };
};

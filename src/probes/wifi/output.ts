import { notOnThisPc, type ProbeOutput } from '../types.js';
import type { WifiFacts } from './facts.js';
import { weakest, type Connection } from './parse.js';

// The probe's output from what each OS's tool said, the same way on every OS.

/** Every fact unknown, for one reason. */
export function unknownWifi(reason: string): ProbeOutput<WifiFacts> {
  return {
    facts: { onWifi: null, security: null, securityText: null, source: null },
    unknown: { onWifi: reason, security: reason, securityText: reason, source: reason },
  };
}

/** Not on a wireless network (why: no adapter, not connected): the rule does not apply. */
export function notOnWifi(why: string, source: string): ProbeOutput<WifiFacts> {
  const absent = notOnThisPc(why);
  return {
    facts: { onWifi: false, security: null, securityText: null, source },
    unknown: { security: absent, securityText: absent },
  };
}

/** The connected networks (the weakest counts), or not on Wi-Fi when there is none. */
export function wifiOutput(connections: readonly Connection[], source: string): ProbeOutput<WifiFacts> {
  const worst = weakest(connections);
  if (!worst) return notOnWifi('the PC is not connected to a wireless network', source);
  return {
    facts: { onWifi: true, security: worst.security, securityText: worst.text, source },
    unknown: worst.security === null ? { security: `${source} names a security shop-audit does not know` } : {},
  };
}

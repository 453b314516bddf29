import { describeFailure, type Host } from '../../host/types.js';
import { parseOsRelease } from './parse.js';

/**
 * os-release(5): /etc/os-release wins, /usr/lib/os-release is the fallback. Null with the reason when neither
 * can be read.
 */
export async function readOsRelease(
  host: Host,
): Promise<{ release: Record<string, string>; reason: null } | { release: null; reason: string }> {
  const [etc, usr] = await Promise.all([host.readFile('/etc/os-release'), host.readFile('/usr/lib/os-release')]);
  if (etc.status === 'ok') return { release: parseOsRelease(etc.text), reason: null };
  if (usr.status === 'ok') return { release: parseOsRelease(usr.text), reason: null };
  return { release: null, reason: `os-release: ${describeFailure(etc)}` };
}

import { antiMalware } from './anti_malware/index.js';
import { autorun } from './autorun/index.js';
import { backups } from './backups/index.js';
import { autostart } from './autostart/index.js';
import { diskEncryption } from './disk_encryption/index.js';
import { firewall } from './firewall/index.js';
import { networkServices } from './network_services/index.js';
import { loginPassword } from './login_password/index.js';
import { logsKept } from './logs_kept/index.js';
import { openShares } from './open_shares/index.js';
import { osSupport } from './os_support/index.js';
import { passwordPolicy } from './password_policy/index.js';
import { personalData } from './personal_data/index.js';
import { remoteAccess } from './remote_access/index.js';
import { screenLock } from './screen_lock/index.js';
import { system } from './system/index.js';
import { wifi } from './wifi/index.js';
import { usbStorage } from './usb_storage/index.js';
import type { Probe } from './types.js';

/** Every probe shop-audit knows. A new probe is one folder plus one line here. */
export const PROBES: readonly Probe[] = [
  system,
  loginPassword,
  passwordPolicy,
  screenLock,
  diskEncryption,
  openShares,
  remoteAccess,
  firewall,
  antiMalware,
  autorun,
  autostart,
  osSupport,
  personalData,
  networkServices,
  wifi,
  usbStorage,
  logsKept,
  backups,
];

export function findProbe(id: string): Probe | undefined {
  return PROBES.find((p) => p.id === id);
}

/** Every probe's redactor in turn: what a --record bundle may keep of a file or a command's output. */
export function redactSecrets(kind: 'file' | 'command', key: string, text: string): string {
  return PROBES.reduce((current, probe) => (probe.redact ? probe.redact(kind, key, current) : current), text);
}

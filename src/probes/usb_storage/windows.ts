import { answerTaker, type Answer, type Collector } from '../types.js';
import { windowsAnswers } from '../windows/answers.js';
import { regNumber, type AnswerOf } from '../windows/document.js';
import { defenderRealTime, registeredProductOn, type PresenceEvidence } from '../windows/security-center.js';
import { NOTHING_RESTRICTS, type UsbStorageFacts } from './facts.js';
import { devicesSeen } from './parse.js';

/** Services\USBSTOR Start 4: the driver is disabled, so no USB stick is opened. */
const DRIVER_DISABLED = 4;

interface Policies {
  storageMachine: AnswerOf<'removableStorageMachine'>;
  storageUser: AnswerOf<'removableStorageUser'>;
  disksMachine: AnswerOf<'removableDisksMachine'>;
  disksUser: AnswerOf<'removableDisksUser'>;
  driver: AnswerOf<'usbStorDriver'>;
  bitLocker: AnswerOf<'bitLockerRemovablePolicy'>;
}

type Restriction = Pick<UsbStorageFacts, 'storageBlocked' | 'writeBlocked' | 'executeBlocked' | 'restrictedBy'>;

/**
 * The restrictions Windows applies to USB sticks: a Removable Storage Access policy of the machine or of
 * the signed-in person (a value of 1 denies), the USBSTOR driver's start type, and BitLocker To Go's
 * "deny write access to removable drives not protected by BitLocker".
 */
export function usbRestriction(p: Policies): Restriction {
  const on = (value: string | number | null | undefined) => regNumber(value) === 1;
  const reasons: string[] = [];
  const driverOff = regNumber(p.driver?.Start) === DRIVER_DISABLED;
  if (driverOff) reasons.push('the USB storage driver is disabled (USBSTOR Start = 4)');
  const denyAll = on(p.storageMachine?.Deny_All) || on(p.storageUser?.Deny_All);
  if (denyAll) reasons.push('policy "All removable storage classes: Deny all access"');
  const disks = (name: 'Deny_Read' | 'Deny_Write' | 'Deny_Execute') =>
    on(p.disksMachine?.[name]) || on(p.disksUser?.[name]);
  for (const name of ['Deny_Read', 'Deny_Write', 'Deny_Execute'] as const)
    if (disks(name)) reasons.push(`policy "Removable Disks: ${name.replace('_', ' ').toLowerCase()} access"`);
  const bitLockerToGo = on(p.bitLocker?.RDVDenyWriteAccess);
  if (bitLockerToGo) reasons.push('BitLocker To Go is required for writing (RDVDenyWriteAccess = 1)');
  const storageBlocked = driverOff || denyAll || (disks('Deny_Read') && disks('Deny_Write'));
  return {
    storageBlocked,
    writeBlocked: storageBlocked || disks('Deny_Write') || bitLockerToGo,
    executeBlocked: storageBlocked || disks('Deny_Read') || disks('Deny_Execute'),
    restrictedBy: reasons.length > 0 ? reasons.join('; ') : null,
  };
}

/**
 * Whether files opened from a stick are checked as they are opened: a Security Center antivirus that is
 * on (Defender or another) and still on this PC (a registration an uninstalled product left keeps its last
 * state: security-center.ts); without Security Center (Windows Server), Defender's own real-time status.
 */
export function removableScanned(
  products: Answer<AnswerOf<'antivirusProducts'>>,
  defender: Answer<AnswerOf<'defenderStatus'>>,
  evidence: Omit<PresenceEvidence, 'exe' | 'exeExists'>,
): Answer<boolean> {
  if (products.ok && products.value.length > 0) {
    const read = products.value.map((p) => registeredProductOn(p, evidence));
    if (read.some((p) => p.on === true)) return { ok: true, value: true };
    const unsure = read.find((p) => p.on === null);
    if (unsure)
      return {
        ok: false,
        reason:
          unsure.state.on === null
            ? 'Security Center shows a product in a state it does not explain'
            : `an antivirus is ${unsure.presence.why}`,
      };
    return { ok: true, value: false };
  }
  if (!defender.ok) return products.ok ? defender : products;
  // Only Defender as the antivirus in force checks files: not passive beside another one, nor in EDR block mode.
  const realTime = defenderRealTime(defender.value);
  return realTime === null
    ? { ok: false, reason: 'Microsoft Defender left part of its real-time state unreported' }
    : { ok: true, value: realTime };
}

export const collectWindows: Collector<UsbStorageFacts> = async (host, options) => {
  const a = await windowsAnswers(
    host,
    [
      'removableStorageMachine',
      'removableStorageUser',
      'removableDisksMachine',
      'removableDisksUser',
      'usbStorDriver',
      'bitLockerRemovablePolicy',
      'antivirusProducts',
      'defenderStatus',
      'processes',
      'services',
      'usbStorageDevices',
      'usbStorageHistory',
    ],
    options,
  );
  const unknown: Record<string, string> = {};
  const take = answerTaker(unknown);
  // A policy that could not be read leaves every restriction unknown: any one of them may deny.
  const policyFailures: Record<string, string> = {};
  const policy = answerTaker(policyFailures);
  const policies: Policies = {
    storageMachine: policy('storageMachine', a.removableStorageMachine),
    storageUser: policy('storageUser', a.removableStorageUser),
    disksMachine: policy('disksMachine', a.removableDisksMachine),
    disksUser: policy('disksUser', a.removableDisksUser),
    driver: policy('driver', a.usbStorDriver),
    bitLocker: policy('bitLocker', a.bitLockerRemovablePolicy),
  };
  const failure = Object.values(policyFailures)[0];
  const restriction: Restriction = failure
    ? { storageBlocked: null, writeBlocked: null, executeBlocked: null, restrictedBy: null }
    : usbRestriction(policies);
  if (failure) for (const key of Object.keys(restriction)) unknown[key] = failure;
  else if (restriction.restrictedBy === null) unknown.restrictedBy = NOTHING_RESTRICTS;
  const kinds = take('devices', a.usbStorageDevices);
  // The dates are for the report only: without them the devices are still listed, their dates null.
  const history = a.usbStorageHistory.ok ? a.usbStorageHistory.value : null;
  return {
    facts: {
      ...restriction,
      scanned: take(
        'scanned',
        removableScanned(a.antivirusProducts, a.defenderStatus, {
          processes: a.processes.ok ? a.processes.value : null,
          services: a.services.ok ? a.services.value : null,
        }),
      ),
      devices: kinds && devicesSeen(kinds, history),
    },
    unknown,
    readWith: a.readWith,
  };
};

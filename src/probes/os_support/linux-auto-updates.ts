import { describeFailure, type Host } from '../../host/types.js';
import { systemUnitStates } from '../linux/systemd.js';
import { unitStateStartsAtBoot } from '../linux/parse.js';
import { readFiles } from '../tools.js';
import type { Answer } from '../types.js';
import { aptConfigParts, originAllowsSecurity, parseAptConfig } from './apt-config.js';
import { dnfApplyUpdates, type AutoUpdates } from './auto-updates.js';

const UNATTENDED_UPGRADE = '/usr/bin/unattended-upgrade';
const APT_CONF_D = '/etc/apt/apt.conf.d';
const APT_CONF = '/etc/apt/apt.conf';
/** apt's systemd timers: one refreshes the package lists, the other runs unattended-upgrade. */
const APT_TIMERS = ['apt-daily.timer', 'apt-daily-upgrade.timer'];
const DNF_AUTOMATIC_CONF = '/etc/dnf/automatic.conf';
/** dnf-automatic-install.timer installs whatever automatic.conf says; the others only when it says apply_updates. */
const DNF_INSTALL_TIMER = 'dnf-automatic-install.timer';
const DNF_TIMERS = ['dnf-automatic.timer', 'dnf5-automatic.timer'];

/**
 * Why unattended-upgrades would install no security update: its origins (Origins-Pattern, and the older
 * Allowed-Origins) are empty — a `#clear` with nothing after it, or 50unattended-upgrades removed — or none of
 * them lets the security suite through. Null when one does.
 */
function securityOrigins(lists: Map<string, string[]>): string | null {
  const patterns = lists.get('unattended-upgrade::origins-pattern') ?? [];
  const allowed = lists.get('unattended-upgrade::allowed-origins') ?? [];
  const names = 'Unattended-Upgrade::Origins-Pattern and Allowed-Origins';
  if (patterns.length + allowed.length === 0)
    return `${names} name no origin in ${APT_CONF_D}: unattended-upgrades installs nothing`;
  const security =
    patterns.some((p) => originAllowsSecurity(p, 'pattern')) || allowed.some((a) => originAllowsSecurity(a, 'allowed'));
  return security ? null : `${names} name no security origin in ${APT_CONF_D}: security updates are not installed`;
}

/** apt: unattended-upgrades installed, switched on in apt's configuration, and its timers enabled. */
async function aptAutoUpdates(host: Host): Promise<Answer<AutoUpdates>> {
  if ((await host.stat(UNATTENDED_UPGRADE)).status !== 'ok')
    return {
      ok: true,
      value: { automatic: false, evidence: `unattended-upgrades is not installed (${UNATTENDED_UPGRADE})` },
    };
  const dir = await host.listDir(APT_CONF_D);
  if (dir.status !== 'ok' && dir.status !== 'missing')
    return { ok: false, reason: `${APT_CONF_D}: ${describeFailure(dir)}` };
  const parts = dir.status === 'ok' ? aptConfigParts(dir.entries).map((n) => `${APT_CONF_D}/${n}`) : [];
  // apt reads the parts first and apt.conf last.
  const { files, failures } = await readFiles(host, [...parts, APT_CONF]);
  if (failures.length > 0) return { ok: false, reason: `cannot read ${failures.join(', ')}` };
  const config = parseAptConfig(files);
  if (!config.ok) return config;
  const { options, lists } = config.value;
  // apt.systemd.daily, which runs unattended-upgrade, exits at once when APT::Periodic::Enable is 0.
  if (/^0+$/.test(options.get('apt::periodic::enable') ?? ''))
    return {
      ok: true,
      value: { automatic: false, evidence: `APT::Periodic::Enable is "0" in ${APT_CONF_D}: apt never runs by itself` },
    };
  for (const name of ['Update-Package-Lists', 'Unattended-Upgrade']) {
    const value = options.get(`apt::periodic::${name.toLowerCase()}`);
    if (value === undefined || value === '0')
      return {
        ok: true,
        value: {
          automatic: false,
          evidence:
            `APT::Periodic::${name} is ${value === undefined ? 'not set' : '"0"'} in ${APT_CONF_D}: ` +
            'unattended-upgrades does not run',
        },
      };
  }
  const origins = securityOrigins(lists);
  if (origins) return { ok: true, value: { automatic: false, evidence: origins } };
  const timers = await systemUnitStates(host, APT_TIMERS);
  if (!timers.ok) return timers;
  for (const timer of APT_TIMERS) {
    const state = timers.value.get(timer);
    if (!state || !unitStateStartsAtBoot(timer, state))
      return {
        ok: true,
        value: { automatic: false, evidence: `${timer} is ${state ?? 'not installed'}: apt never runs by itself` },
      };
  }
  return {
    ok: true,
    value: {
      automatic: true,
      evidence:
        'unattended-upgrades installed, APT::Periodic::Unattended-Upgrade on, a security origin allowed, ' +
        'apt-daily-upgrade.timer enabled',
    },
  };
}

/** dnf: dnf-automatic's timer that installs, or its timer with apply_updates = yes. */
async function dnfAutoUpdates(host: Host): Promise<Answer<AutoUpdates>> {
  const timers = await systemUnitStates(host, [DNF_INSTALL_TIMER, ...DNF_TIMERS]);
  if (!timers.ok) return timers;
  const enabled = (unit: string) => unitStateStartsAtBoot(unit, timers.value.get(unit) ?? '');
  if (enabled(DNF_INSTALL_TIMER))
    return { ok: true, value: { automatic: true, evidence: `${DNF_INSTALL_TIMER} enabled` } };
  const timer = DNF_TIMERS.find(enabled);
  if (!timer) return { ok: true, value: { automatic: false, evidence: 'no dnf-automatic timer is enabled' } };
  const conf = await host.readFile(DNF_AUTOMATIC_CONF);
  if (conf.status !== 'ok' && conf.status !== 'missing')
    return { ok: false, reason: `${DNF_AUTOMATIC_CONF}: ${describeFailure(conf)}` };
  // dnf-automatic's own default is apply_updates = no.
  const apply = conf.status === 'ok' ? (dnfApplyUpdates(conf.text) ?? false) : false;
  return {
    ok: true,
    value: {
      automatic: apply,
      evidence:
        `${timer} enabled, apply_updates ${apply ? 'yes' : 'no'} in ${DNF_AUTOMATIC_CONF}` +
        (apply ? '' : ': updates are only downloaded'),
    },
  };
}

/** Whether security updates install by themselves, by the package manager the PC has. */
export function linuxAutoUpdates(host: Host, apt: boolean, dnf: boolean): Promise<Answer<AutoUpdates>> {
  if (apt) return aptAutoUpdates(host);
  if (dnf) return dnfAutoUpdates(host);
  return Promise.resolve({
    ok: false,
    reason: 'no apt or dnf found: whether updates install by themselves is not known',
  });
}

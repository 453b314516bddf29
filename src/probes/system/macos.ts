import { MACOS_TOOL, refused, run, underSudo } from '../macos/commands.js';
import { REASON, type Collector } from '../types.js';
import type { SystemFacts } from './index.js';
import { parseAppleLanguages, parseSwVers } from './macos-parse.js';

export const collectMacos: Collector<SystemFacts> = async (host) => {
  const [swVers, kernel, hostname, languages] = await Promise.all([
    run(host, MACOS_TOOL.swVers, []),
    run(host, MACOS_TOOL.uname, ['-r']),
    run(host, MACOS_TOOL.hostname, []),
    run(host, MACOS_TOOL.defaults, ['read', '-g', 'AppleLanguages']),
  ]);
  const unknown: Record<string, string> = { windowsFactsFrom: REASON.notOnThisOs };
  const facts: SystemFacts = { hostname: null, osName: null, osVersion: null, osId: 'macos', kernel: null, displayLanguage: null, windowsFactsFrom: null };

  const versionReason = !swVers.ok ? swVers.reason : refused(MACOS_TOOL.swVers, [], swVers.value);
  const fields = swVers.ok && swVers.value.exitCode === 0 ? parseSwVers(swVers.value.stdout) : null;
  const product = fields?.get('ProductName');
  const version = fields?.get('ProductVersion');
  const build = fields?.get('BuildVersion');
  // A .0 release prints no patch number ("10.13"), which is the version as Apple names it.
  if (product && version) facts.osName = `${product} ${version}`;
  else unknown.osName = fields ? 'sw_vers printed no ProductName / ProductVersion' : versionReason;
  if (version) facts.osVersion = build ? `${version} (build ${build})` : version;
  else unknown.osVersion = fields ? 'sw_vers printed no ProductVersion' : versionReason;

  const firstLine = (r: typeof kernel, command: string, args: string[]): { value: string | null; reason: string } => {
    if (!r.ok) return { value: null, reason: r.reason };
    const line = r.value.stdout.trim().split('\n')[0]?.trim();
    return r.value.exitCode === 0 && line ? { value: line, reason: '' } : { value: null, reason: refused(command, args, r.value) };
  };
  const k = firstLine(kernel, MACOS_TOOL.uname, ['-r']);
  if (k.value) facts.kernel = `Darwin ${k.value}`;
  else unknown.kernel = k.reason;
  const h = firstLine(hostname, MACOS_TOOL.hostname, []);
  if (h.value) facts.hostname = h.value;
  else unknown.hostname = h.reason;

  if (underSudo(host)) unknown.displayLanguage = 'run under sudo: the language setting read would be root\'s, not the desktop user\'s';
  else if (!languages.ok) unknown.displayLanguage = languages.reason;
  else {
    facts.displayLanguage = languages.value.exitCode === 0 ? parseAppleLanguages(languages.value.stdout) : null;
    if (facts.displayLanguage === null) unknown.displayLanguage = refused(MACOS_TOOL.defaults, ['read', '-g', 'AppleLanguages'], languages.value);
  }
  return { facts, unknown };
};

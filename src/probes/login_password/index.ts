import type { Probe } from '../types.js';
import { facts } from './facts.js';
import { collectLinux } from './linux.js';
import { collectMacos } from './macos.js';
import { collectWindows } from './windows.js';
import { redactPasswordFields } from './parse.js';

export const loginPassword = {
  id: 'login_password',
  title: { en: 'Login password', 'zh-CN': '登录密码' },
  facts,
  collect: { linux: collectLinux, macos: collectMacos, windows: collectWindows },
  // /etc/shadow holds password hashes (and so does /etc/passwd on old systems): keep only their kind.
  redact: (kind, key, text) =>
    kind === 'file' && (key === '/etc/shadow' || key === '/etc/passwd') ? redactPasswordFields(text) : text,
} satisfies Probe<typeof facts>;

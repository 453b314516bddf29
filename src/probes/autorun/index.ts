import { REASON, type Collector, type Probe } from '../types.js';
import { facts, type AutorunFacts } from './facts.js';
import { collectWindows, unknownAutorun } from './windows.js';

/** macOS and Linux have no AutoRun: they never run a program from inserted media by themselves. */
const collectNotOnThisOs: Collector<AutorunFacts> = async () => unknownAutorun(REASON.notOnThisOs);

/**
 * AutoRun and AutoPlay: whether Windows starts or offers what is on a USB stick or disc by itself. Its rule
 * applies to Windows alone.
 */
export const autorun = {
  id: 'autorun',
  title: { en: 'AutoRun and AutoPlay', 'zh-CN': '自动运行和自动播放' },
  facts,
  collect: { windows: collectWindows, macos: collectNotOnThisOs, linux: collectNotOnThisOs },
} satisfies Probe<typeof facts>;

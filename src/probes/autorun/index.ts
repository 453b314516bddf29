import { z } from 'zod';
import { REASON, type Collector, type Probe } from '../types.js';
import { collectWindows, unknownAutorun } from './windows.js';

const facts = z.object({
  /** AutoRun never runs the commands of a drive's autorun.inf by itself, on any kind of drive. */
  autorunOff: z.boolean().nullable(),
  /** Where autorunOff comes from: a policy value (machine or user), or the Windows default. */
  autorunSource: z.string().nullable(),
  /** AutoPlay neither offers nor starts anything when a USB stick, disc or phone is plugged in. */
  autoplayOff: z.boolean().nullable(),
  /** Where autoplayOff comes from: the "Turn off AutoPlay" policy or the user's AutoPlay switch. */
  autoplaySource: z.string().nullable(),
  /** The NoDriveTypeAutoRun bit mask Windows applies (0xFF: every kind of drive; Windows' default 0x91 when unset). */
  noDriveTypeAutoRun: z.number().int().nullable(),
});

export type AutorunFacts = z.infer<typeof facts>;

/** macOS and Linux have no AutoRun: they never run a program from inserted media by themselves. */
const collectNotOnThisOs: Collector<AutorunFacts> = async () => unknownAutorun(REASON.notOnThisOs);

/** AutoRun and AutoPlay: whether Windows starts or offers what is on a USB stick or disc by itself. Its rule applies to Windows alone. */
export const autorun = {
  id: 'autorun',
  title: { en: 'AutoRun and AutoPlay', 'zh-CN': '自动运行和自动播放' },
  facts,
  collect: { windows: collectWindows, macos: collectNotOnThisOs, linux: collectNotOnThisOs },
} satisfies Probe<typeof facts>;

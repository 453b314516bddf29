import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import type { Report } from './model.js';
import { renderText } from './text.js';

export interface RenderOptions {
  color: boolean;
  /** Columns of the terminal the text report goes to (80 when it goes to a file or a pipe). */
  width?: number;
}

/** Renderers by format name: each is a pure function of the report. */
export const RENDERERS = {
  text: (report: Report, options: RenderOptions) => renderText(report, options),
  json: (report: Report) => renderJson(report),
  html: (report: Report) => renderHtml(report),
  junit: (report: Report) => renderJunit(report),
} as const;

export type Format = keyof typeof RENDERERS;
export const FORMATS = Object.keys(RENDERERS) as Format[];

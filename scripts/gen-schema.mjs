// Writes schema/report.schema.json from the report model (run after a build: npm run schema).
import { mkdirSync, writeFileSync } from 'node:fs';
import { reportJsonSchema } from '../dist/report/model.js';

mkdirSync(new URL('../schema/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('../schema/report.schema.json', import.meta.url),
  JSON.stringify(reportJsonSchema(), null, 2) + '\n',
);

// The output formats of `scan -o`.
import { jsonReporter } from './json.js';
import type { Reporter } from './report.js';
import { tableReporter } from './table.js';

export const OUTPUT_FORMATS = ['table', 'json', 'yaml', 'sarif', 'junit'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const reporters: Partial<Record<OutputFormat, Reporter>> = {
  table: tableReporter,
  json: jsonReporter,
};

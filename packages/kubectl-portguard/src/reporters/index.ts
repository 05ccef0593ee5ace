// The output formats of `scan -o`, each a plain function of the results.
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import type { Reporter } from './report.js';
import { sarifReporter } from './sarif.js';
import { tableReporter } from './table.js';
import { yamlReporter } from './yaml.js';

export const OUTPUT_FORMATS = ['table', 'json', 'yaml', 'sarif', 'junit'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const reporters: Record<OutputFormat, Reporter> = {
  table: tableReporter,
  json: jsonReporter,
  yaml: yamlReporter,
  sarif: sarifReporter,
  junit: junitReporter,
};

export type { Reporter, ReportInput } from './report.js';

// `-o yaml`: the same document as `-o json`, written as YAML.
import { stringify } from 'yaml';
import { toReportObject } from './json.js';
import type { ReportInput } from './report.js';

export function yamlReporter(input: ReportInput): string {
  // Findings share object refs: without aliasDuplicateObjects=false they would print as &a1/*a1.
  return stringify(toReportObject(input), { aliasDuplicateObjects: false, lineWidth: 0 });
}

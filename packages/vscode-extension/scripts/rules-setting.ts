// Generates the `portguard.rules` setting of package.json from core's rule registry; `--write` updates the file.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules } from '@portguard/core';

const SEVERITIES = ['high', 'medium', 'low', 'info', 'off'];

/**
 * The JSON schema of `portguard.rules`: one property per rule of the registry, each with its
 * description and default severity, so the Settings editor and settings.json complete every rule.
 */
export function rulesSetting(): Record<string, unknown> {
  const names = rules.map((r) => `\`${r.meta.name}\``).join(', ');
  return {
    type: 'object',
    default: {},
    markdownDescription: `Per-rule severity (\`high\`, \`medium\`, \`low\`, \`info\`) or \`off\`, e.g. \`{ "host-pid": "off", "loadbalancer-node-ports": "info" }\`. Overrides the workspace's \`.portguard.yaml\`. Rules: ${names}.`,
    properties: Object.fromEntries(
      rules.map((r) => [
        r.meta.name,
        {
          type: 'string',
          enum: SEVERITIES,
          markdownDescription: `${r.meta.description} Default: \`${r.meta.severity}\`.`,
        },
      ]),
    ),
    additionalProperties: false,
    scope: 'resource',
  };
}

export const packageJsonPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json');

if (process.argv.includes('--write')) {
  const pkg = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
  pkg.contributes.configuration.properties['portguard.rules'] = rulesSetting();
  writeFileSync(packageJsonPath, `${JSON.stringify(pkg, null, 2)}\n`);
  console.log(`wrote portguard.rules (${rules.length} rules) into ${packageJsonPath}`);
}

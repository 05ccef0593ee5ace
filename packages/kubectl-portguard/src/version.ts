// The plugin's own version, read from its package.json (the same file in src/ and dist/ layouts).
import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The `version` of kubectl-portguard's package.json, e.g. `0.1.0`. */
export function packageVersion(): string {
  cached ??= (
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    }
  ).version;
  return cached;
}

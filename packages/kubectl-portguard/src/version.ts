// The plugin's own version: stamped into the bundle by scripts/bundle.mjs, else read from package.json and git.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What `kubectl portguard version` reports. */
export interface BuildInfo {
  /** kubectl-portguard's package.json version, e.g. `0.1.0`. */
  version: string;
  /** The git commit it was built from (12 hex digits), `unknown` outside a clone. */
  commit: string;
  /** The Node.js running it, e.g. `v20.19.0` (the single executable's embedded one). */
  node: string;
}

/** Set by esbuild's `define` in a bundle (`{version, commit}`); undefined when run from a clone. */
declare const PORTGUARD_BUILD: { version: string; commit: string } | undefined;

let version: string | undefined;

/** The `version` of kubectl-portguard's package.json, e.g. `0.1.0`. */
export function packageVersion(): string {
  version ??=
    typeof PORTGUARD_BUILD !== 'undefined'
      ? PORTGUARD_BUILD.version
      : (
          JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
            version: string;
          }
        ).version;
  return version;
}

/** The commit of the clone this file is in: asks git, only when a command wants it. */
function cloneCommit(): string {
  try {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 2000,
    }).trim();
  } catch {
    return 'unknown';
  }
}

/** Version, commit and Node.js version, for `version` and bug reports. */
export function buildInfo(): BuildInfo {
  const commit = typeof PORTGUARD_BUILD !== 'undefined' ? PORTGUARD_BUILD.commit : cloneCommit();
  return { version: packageVersion(), commit, node: process.version };
}

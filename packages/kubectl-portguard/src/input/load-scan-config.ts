// Loads the config a scan runs with: `--config FILE` (relative to the scan's cwd) or the nearest one.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, resolveConfig, type PortguardConfig } from '@portguard/core';
import { UserError } from '../io.js';
import { describeFsError } from './collect-files.js';

/**
 * `--config` is read relative to `cwd` (not the process's), and named in errors as the user
 * typed it: `error: ci/pg.yaml: cannot read config file: no such file or directory`.
 */
export function loadScanConfig(cwd: string, explicit: string | undefined): PortguardConfig {
  if (explicit === undefined) return resolveConfig(cwd);
  let text: string;
  try {
    text = readFileSync(resolve(cwd, explicit), 'utf8');
  } catch (e) {
    throw new UserError(`${explicit}: cannot read config file: ${describeFsError(e)}`);
  }
  return loadConfig(text, explicit);
}

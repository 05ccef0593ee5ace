// Finds `.portguard.yaml` in a folder or its parents, as eslint and prettier do.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { defaultConfig, type PortguardConfig } from './config.js';
import { ConfigError, loadConfig } from './load-config.js';

export const CONFIG_FILE_NAMES = ['.portguard.yaml', '.portguard.yml'];

/** The path of the nearest config file at or above `dir`, or undefined. */
export function findConfigFile(dir: string): string | undefined {
  let cur = resolve(dir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const p = join(cur, name);
      if (existsSync(p)) return p;
    }
    const parent = dirname(cur);
    if (parent === cur) return undefined;
    cur = parent;
  }
}

/** Loads `explicit` if given (it must exist), else the nearest config above `cwd`, else defaults. */
export function resolveConfig(cwd: string, explicit?: string): PortguardConfig {
  const file = explicit ?? findConfigFile(cwd);
  if (!file) return defaultConfig();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(
      file,
      1,
      `cannot read config file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  return loadConfig(text, file);
}

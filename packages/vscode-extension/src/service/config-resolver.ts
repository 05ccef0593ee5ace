// Finds and loads the `.portguard.yaml` that applies to a file, re-read when it changes.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import {
  ConfigError,
  defaultConfig,
  findConfigFile,
  loadConfig,
  type PortguardConfig,
} from '@portguard/core';
import { applySettings, defaultSettings, type Settings } from './settings.js';

/** The config for a file, and the error of its config file if it could not be used. */
export interface ResolvedConfig {
  config: PortguardConfig;
  /** The config file in effect (or the broken one), absolute. */
  file?: string;
  error?: ConfigError;
  /**
   * With `error`: what is used instead, the file's last valid settings (read before the typo, in
   * this session) or, when it never loaded, the defaults.
   */
  fallback?: 'last-valid' | 'defaults';
}

/**
 * Resolves configs per folder, caching until `invalidate()`. An unsaved config file open in the
 * editor is read from its buffer (`setOverride`). A broken config file yields its last valid
 * settings (else the defaults) plus its error, which the server shows on that file and notes on
 * the manifests: one typo there must not drop the team's exemptions without a word.
 */
export class ConfigResolver {
  private settings: Settings = defaultSettings();
  private folders: string[] = [];
  private readonly overrides = new Map<string, string>();
  private readonly cache = new Map<string, ResolvedConfig>();
  /** The last settings each config file loaded without error, by absolute path. */
  private readonly lastValid = new Map<string, PortguardConfig>();

  setSettings(settings: Settings): void {
    this.settings = settings;
    this.cache.clear();
  }

  setWorkspaceFolders(folders: readonly string[]): void {
    this.folders = [...folders];
    this.cache.clear();
  }

  /** Use `text` instead of the disk for the config at `path` (undefined: back to the disk). */
  setOverride(path: string, text: string | undefined): void {
    if (text === undefined) this.overrides.delete(path);
    else this.overrides.set(path, text);
    this.cache.clear();
  }

  invalidate(): void {
    this.cache.clear();
  }

  /** The config for a file at `filePath` (undefined for an unsaved buffer: the first folder's). */
  configFor(filePath: string | undefined): ResolvedConfig {
    const dir = filePath ? dirname(filePath) : (this.folders[0] ?? process.cwd());
    const cached = this.cache.get(dir);
    if (cached) return cached;
    const resolved = this.load(dir);
    this.cache.set(dir, resolved);
    return resolved;
  }

  /** Every config file that failed to load, by absolute path (for diagnostics on them). */
  errors(): Map<string, ResolvedConfig & { file: string; error: ConfigError }> {
    const out = new Map<string, ResolvedConfig & { file: string; error: ConfigError }>();
    for (const r of this.cache.values())
      if (r.error && r.file)
        out.set(r.file, r as ResolvedConfig & { file: string; error: ConfigError });
    return out;
  }

  private load(dir: string): ResolvedConfig {
    const file = this.explicitFile(dir) ?? findConfigFile(dir);
    if (!file) return { config: applySettings(defaultConfig(), this.settings) };
    try {
      const text = this.overrides.get(file) ?? readFileSync(file, 'utf8');
      const loaded = loadConfig(text, file);
      this.lastValid.set(file, loaded);
      return { config: applySettings(loaded, this.settings), file };
    } catch (e) {
      const error =
        e instanceof ConfigError
          ? e
          : new ConfigError(file, 1, `cannot read config file: ${(e as Error).message}`);
      const last = this.lastValid.get(file);
      return {
        config: applySettings(last ?? defaultConfig(), this.settings),
        file,
        error,
        fallback: last ? 'last-valid' : 'defaults',
      };
    }
  }

  private explicitFile(dir: string): string | undefined {
    const f = this.settings.configFile;
    if (!f) return undefined;
    if (isAbsolute(f)) return f;
    const folder =
      this.folders.find((w) => dir === w || dir.startsWith(w.endsWith('/') ? w : `${w}/`)) ??
      this.folders[0] ??
      dir;
    return resolve(folder, f);
  }
}

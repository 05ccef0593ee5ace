// The editor settings of portguard (`portguard.*`), read defensively from whatever a client sends.
import { findRule, isSeverity, type PortguardConfig, type Severity } from '@portguard/core';

/** What an editor may set; every field optional, as LSP clients send partial objects. */
export interface Settings {
  /** Per-rule severity or `off`; overrides the workspace's `.portguard.yaml`. */
  rules: Record<string, Severity | 'off'>;
  /** Namespace label key(s) naming the tenant; replaces the config file's when non-empty. */
  tenantLabels: string[];
  /** Path of the config file, absolute or relative to the workspace folder; empty: nearest `.portguard.yaml`. */
  configFile: string;
}

export function defaultSettings(): Settings {
  return { rules: {}, tenantLabels: [], configFile: '' };
}

/** The settings plus the problems found in them, each a one-line message naming the key. */
export interface ReadSettings {
  settings: Settings;
  problems: string[];
}

/**
 * Reads `portguard` settings as sent by `workspace/configuration`, `didChangeConfiguration` or
 * `initializationOptions`. A bad value is skipped with a problem; the valid ones beside it count.
 * @example readSettings({ rules: { 'host-pid': 'off' }, tenantLabel: 'tenant' })
 */
export function readSettings(raw: unknown): ReadSettings {
  const settings = defaultSettings();
  const problems: string[] = [];
  if (raw === null || raw === undefined) return { settings, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { settings, problems: ['portguard settings: expected an object'] };
  }
  const r = raw as Record<string, unknown>;
  if (r.rules !== undefined && r.rules !== null) {
    if (typeof r.rules !== 'object' || Array.isArray(r.rules)) {
      problems.push('portguard.rules: expected an object of rule name to severity or "off"');
    } else {
      for (const [name, value] of Object.entries(r.rules as Record<string, unknown>)) {
        if (!findRule(name)) problems.push(`portguard.rules.${name}: unknown rule`);
        else if (value === 'off' || value === false) settings.rules[name] = 'off';
        else if (isSeverity(value)) settings.rules[name] = value;
        else
          problems.push(
            `portguard.rules.${name}: bad value ${JSON.stringify(value)} (expected high, medium, low, info or off)`,
          );
      }
    }
  }
  const label = r.tenantLabel ?? r.tenantLabels;
  if (typeof label === 'string') {
    if (label.trim()) settings.tenantLabels = [label.trim()];
  } else if (Array.isArray(label) && label.every((l) => typeof l === 'string')) {
    settings.tenantLabels = label.map((l) => l.trim()).filter(Boolean);
  } else if (label !== undefined && label !== null) {
    problems.push('portguard.tenantLabel: expected a string or a list of strings');
  }
  if (typeof r.configFile === 'string') settings.configFile = r.configFile.trim();
  else if (r.configFile !== undefined && r.configFile !== null)
    problems.push('portguard.configFile: expected a string');
  return { settings, problems };
}

/** The config file's settings with the editor's on top: a user's override wins over the team's file. */
export function applySettings(config: PortguardConfig, settings: Settings): PortguardConfig {
  return {
    ...config,
    rules: { ...config.rules, ...settings.rules },
    tenantLabels: settings.tenantLabels.length > 0 ? settings.tenantLabels : config.tenantLabels,
  };
}

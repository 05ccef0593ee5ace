// Reads and validates `.portguard.yaml`; every mistake names the file, line and key.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { isSeverity } from '../severity.js';
import { findRule, rules as allRules } from '../rules/index.js';
import { describeYamlError } from '../parse/error-message.js';
import { closest, didYouMean } from './did-you-mean.js';
import { parseGatewayRef } from './gateway-ref.js';
import { readAllowances } from './read-allowances.js';
import {
  DEFAULT_SYSTEM_NAMESPACES,
  defaultConfig,
  type Exemption,
  type PortguardConfig,
} from './config.js';

/** Where in the config file a problem is, 1-based as the CLI prints positions. */
export interface ConfigErrorRange {
  start: { line: number; column: number };
  end: { line: number; column: number };
}

/**
 * A config file that cannot be used; `message` is one line: `file:line: problem`. `range` is the
 * offending key or value (editors underline it), `suggestion` the text that would replace it
 * (the known name a misspelt one is closest to: a quick-fix).
 */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
    readonly range?: ConfigErrorRange,
    readonly suggestion?: string,
  ) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'ConfigError';
  }
}

const TOP_KEYS = [
  'rules',
  'exemptions',
  'allow',
  'tenantLabel',
  'tenantLabels',
  'systemNamespaces',
  'gateway',
];
const EXEMPTION_KEYS = ['namespace', 'kind', 'name', 'image', 'rules', 'reason'];

/** Parses the text of a config file. Throws ConfigError on any unknown key or bad value. */
export function loadConfig(text: string, file: string): PortguardConfig {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const rangeOf = (from: number, to: number): ConfigErrorRange => {
    const start = lc.linePos(from);
    const end = lc.linePos(Math.max(from, to));
    return {
      start: { line: start.line, column: start.col },
      end: { line: end.line, column: end.col },
    };
  };
  const lineOf = (node: Node | null | undefined) =>
    node?.range ? lc.linePos(node.range[0]).line : 1;
  const fail: Fail = (node, problem, suggestion) => {
    const range = node?.range ? rangeOf(node.range[0], node.range[1]) : undefined;
    throw new ConfigError(file, range?.start.line ?? 1, problem, range, suggestion);
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const range = rangeOf(e.pos[0], e.pos[1]);
    throw new ConfigError(file, range.start.line, describeYamlError(e, text), range);
  }
  const config = defaultConfig();
  config.file = file;
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return config;
  if (!isMap(root)) fail(root, 'expected a mapping of settings');

  for (const pair of (root as any).items as Pair<Node, Node>[]) {
    const key = String((pair.key as any)?.value);
    const value = pair.value;
    switch (key) {
      case 'rules': {
        if (!isMap(value))
          fail(
            value ?? pair.key,
            'key "rules": expected a mapping of rule name to severity or off',
          );
        for (const rp of (value as any).items as Pair<Node, Node>[]) {
          const name = String((rp.key as any)?.value);
          if (!findRule(name))
            fail(
              rp.key,
              `key "rules.${name}": unknown rule${didYouMean(name, ruleNames())}`,
              closest(name, ruleNames()),
            );
          let v: unknown = isScalar(rp.value) ? rp.value.value : undefined;
          if (isMap(rp.value)) {
            const sev = rp.value.items.find((p: any) => p.key?.value === 'severity');
            const extra = rp.value.items.find((p: any) => p.key?.value !== 'severity');
            if (extra)
              fail(
                extra.key as Node,
                `key "rules.${name}.${(extra.key as any)?.value}": unknown key (expected severity)`,
              );
            v = isScalar(sev?.value) ? sev.value.value : undefined;
          }
          if (v === false) v = 'off';
          if (v !== 'off' && !isSeverity(v)) {
            fail(
              rp.value ?? rp.key,
              `key "rules.${name}": bad value ${JSON.stringify(v)} (expected high, medium, low, info or off)`,
            );
          }
          config.rules[name] = v as PortguardConfig['rules'][string];
        }
        break;
      }
      case 'exemptions': {
        if (!isSeq(value)) fail(value ?? pair.key, 'key "exemptions": expected a list');
        ((value as any).items as Node[]).forEach((item, i) => {
          config.exemptions.push(readExemption(item, `exemptions[${i}]`, fail));
        });
        break;
      }
      case 'allow':
        config.allow = readAllowances(value, file, lineOf, fail);
        break;
      case 'tenantLabel':
      case 'tenantLabels': {
        const labels = stringList(value, key, fail, key === 'tenantLabel');
        config.tenantLabels = labels;
        break;
      }
      case 'systemNamespaces': {
        const list = stringList(value, key, fail, false);
        config.systemNamespaces = [...new Set([...DEFAULT_SYSTEM_NAMESPACES, ...list])];
        break;
      }
      case 'gateway': {
        const ref =
          isScalar(value) && typeof value.value === 'string'
            ? parseGatewayRef(value.value)
            : 'expected NAMESPACE/NAME of the shared Gateway';
        if (typeof ref === 'string') fail(value ?? pair.key, `key "gateway": ${ref}`);
        config.gateway = ref as Exclude<typeof ref, string>;
        break;
      }
      default:
        fail(
          pair.key,
          `unknown key "${key}"${didYouMean(key, TOP_KEYS)} (expected one of ${TOP_KEYS.join(', ')})`,
          closest(key, TOP_KEYS),
        );
    }
  }
  return config;
}

function ruleNames(): string[] {
  return allRules.map((r) => r.meta.name);
}

type Fail = (node: Node | null | undefined, problem: string, suggestion?: string) => never;

function stringList(value: Node | null, key: string, fail: Fail, allowScalar: boolean): string[] {
  if (allowScalar && isScalar(value) && typeof value.value === 'string' && value.value)
    return [value.value];
  if (!isSeq(value))
    return fail(
      value,
      `key "${key}": expected ${allowScalar ? 'a string or ' : ''}a list of strings`,
    );
  return (value.items as Node[]).map((n) => {
    if (!isScalar(n) || typeof n.value !== 'string' || !n.value)
      return fail(n, `key "${key}": expected a non-empty string`);
    return n.value;
  });
}

function readExemption(item: Node, where: string, fail: Fail): Exemption {
  if (!isMap(item))
    return fail(
      item,
      `key "${where}": expected a mapping with namespace, kind, name, image, rules and reason`,
    );
  const out: Partial<Exemption> = {};
  for (const p of item.items as Pair<Node, Node>[]) {
    const k = String((p.key as any)?.value);
    if (!EXEMPTION_KEYS.includes(k))
      fail(
        p.key,
        `key "${where}.${k}": unknown key${didYouMean(k, EXEMPTION_KEYS)} (expected one of ${EXEMPTION_KEYS.join(', ')})`,
        closest(k, EXEMPTION_KEYS),
      );
    if (k === 'rules') {
      const list =
        isScalar(p.value) && typeof p.value.value === 'string'
          ? [p.value.value]
          : stringList(p.value, `${where}.rules`, fail, false);
      list.forEach((r, i) => {
        if (r === 'all' || findRule(r)) return;
        const item = isSeq(p.value) ? (p.value.items[i] as Node) : p.value;
        fail(
          item,
          `key "${where}.rules": unknown rule "${r}"${didYouMean(r, ruleNames())}`,
          closest(r, ruleNames()),
        );
      });
      out.rules = list.includes('all') ? undefined : list;
    } else {
      if (!isScalar(p.value) || typeof p.value.value !== 'string' || !p.value.value) {
        fail(p.value ?? p.key, `key "${where}.${k}": expected a non-empty string`);
      }
      (out as any)[k] = (p.value as any).value;
    }
  }
  if (!out.reason) fail(item, `key "${where}.reason": an exemption needs a reason`);
  if (!out.namespace && !out.kind && !out.name && !out.image && !out.rules) {
    fail(
      item,
      `key "${where}": an exemption needs at least one of namespace, kind, name, image or rules`,
    );
  }
  return out as Exemption;
}

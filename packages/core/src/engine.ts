// Runs the rules over a set of objects and turns their reports into findings.
import { defaultConfig, type PortguardConfig } from './config/config.js';
import { scanManifests } from './parse/scan-manifests.js';
import { rangeOf } from './parse/source-range.js';
import { formatPath } from './path.js';
import type { Report, Rule, RuleContext } from './rules/define-rule.js';
import { rules as allRules } from './rules/index.js';
import { compareSeverity } from './severity.js';
import { postureAdjuster } from './posture/adjust-findings.js';
import { isSystemNamespace, namespaceOf } from './posture/system-namespaces.js';
import { suppressionFor, type SuppressionContext } from './suppression.js';
import { tenantResolver } from './tenants.js';
import { allowanceLookup } from './allowances/lookup.js';
import {
  SEVERITIES,
  type Finding,
  type InputError,
  type ManifestObject,
  type ScanResult,
  type Severity,
  type SkippedFile,
} from './types.js';

export interface ScanOptions {
  config?: PortguardConfig;
  /** Honour `portguard.dev/ignore` on cluster objects themselves (file objects always count). */
  trustObjectAnnotations?: boolean;
  /** Run only these rules (defaults to the registry). */
  rules?: readonly Rule[];
  /** The namespace of objects that name none (`-n`, else `default`), for tenant allowances. */
  defaultNamespace?: string;
  /**
   * Objects that shape the findings of others (see `isContextObject`) without being checked
   * themselves, in the workspace's order (the checked objects' own context objects included):
   * an editor checks one document against its workspace's Namespaces this way.
   */
  context?: readonly ManifestObject[];
  /** What cluster-wide findings are reported on: the context's name, `-` for files (default). */
  clusterName?: string;
}

/**
 * The kinds whose objects change other objects' findings: Namespaces (tenants, namespace
 * suppression, Capsule), NetworkPolicies (posture), Capsule Tenants (allowances). Checking one
 * object with these of its workspace as `context` gives its findings in the whole workspace.
 */
export function isContextObject(o: ManifestObject): boolean {
  const kind = o.value.kind;
  return kind === 'Namespace' || kind === 'NetworkPolicy' || kind === 'Tenant';
}

function withContext(
  objects: readonly ManifestObject[],
  context: readonly ManifestObject[] | undefined,
): readonly ManifestObject[] {
  if (!context?.length) return objects;
  // The context in its own order, last: where two Namespaces share a name, the later one wins
  // (as in one scan of everything), so the context must be given in the workspace's order.
  const inContext = new Set(context);
  return [...objects.filter((o) => !inContext.has(o)), ...context];
}

/** A file's text to scan; `file` is the name findings and errors carry. */
export interface FileInput {
  file: string;
  text: string;
}

/** Runs every enabled rule over `objects` (from files, a cluster, or both). */
export function scanObjects(
  objects: readonly ManifestObject[],
  options: ScanOptions = {},
): Pick<ScanResult, 'findings' | 'suppressed'> {
  const config = options.config ?? defaultConfig();
  const known = withContext(objects, options.context);
  const tenantOf = tenantResolver(known, config);
  const adjust = postureAdjuster(known, config);
  const allowances = allowanceLookup(known, config, tenantOf, options.defaultNamespace);
  const namespaces = new Map<string, ManifestObject>();
  for (const o of known)
    if (o.value.kind === 'Namespace' && o.ref.name) namespaces.set(o.ref.name, o);
  const sctx: SuppressionContext = {
    config,
    namespaces,
    trustObjectAnnotations: options.trustObjectAnnotations ?? false,
  };
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];

  for (const rule of options.rules ?? allRules) {
    const setting = config.rules[rule.meta.name];
    if (setting === 'off') continue;
    const severity: Severity = setting ?? rule.meta.severity;
    const context: RuleContext = {
      tenantOf,
      isSystemNamespace: (ns) => isSystemNamespace(ns, config),
      clusterName: options.clusterName ?? '-',
      allowances,
      report(report) {
        const tenant =
          report.scope === 'cluster' ? undefined : tenantOf(namespaceOf(report.object));
        const finding = adjust(toFinding(rule, severity, report, tenant), report);
        const suppression =
          suppressionFor(
            report.object,
            rule.meta.name,
            sctx,
            typeof report.data?.image === 'string' ? report.data.image : undefined,
          ) ??
          (report.allowance?.inside
            ? { kind: 'external' as const, reason: report.allowance.reason }
            : undefined);
        if (suppression) suppressed.push({ ...finding, suppressed: suppression });
        else findings.push(finding);
      },
    };
    if (rule.scope === 'object') for (const o of objects) rule.check(o, context);
    else rule.checkAll(objects, context);
  }
  findings.sort(byLocation);
  suppressed.sort(byLocation);
  return { findings, suppressed };
}

/**
 * Parses and scans files together, so conflicts across files are found. `objects` holds every
 * object; those no rule can flag are read lazily (their `value` is parsed again on access).
 */
export function scanFiles(files: readonly FileInput[], options: ScanOptions = {}): ScanResult {
  const objects: ManifestObject[] = [];
  const candidates: ManifestObject[] = [];
  const errors: InputError[] = [];
  const skipped: SkippedFile[] = [];
  for (const f of files) {
    const scanned = scanManifests(f.text, f.file);
    for (const o of scanned.objects) objects.push(o);
    for (const o of scanned.candidates) candidates.push(o);
    for (const e of scanned.errors) errors.push(e);
    if (scanned.skipped) skipped.push(scanned.skipped);
  }
  // Documents that hold no word a built-in rule reads cannot be flagged by one: the rules see the
  // others only. A rule from elsewhere may read anything, so it sees every object.
  const foreign = options.rules?.some((r) => !allRules.includes(r)) ?? false;
  const { findings, suppressed } = scanObjects(foreign ? objects : candidates, options);
  return {
    findings,
    suppressed,
    objects,
    errors,
    skipped,
    summary: summarize(objects.length, findings, suppressed),
  };
}

export function summarize(
  objects: number,
  findings: readonly Finding[],
  suppressed: readonly Finding[],
): ScanResult['summary'] {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) bySeverity[f.severity]++;
  return { objects, findings: findings.length, suppressed: suppressed.length, bySeverity };
}

function toFinding(
  rule: Rule,
  severity: Severity,
  report: Report,
  tenant: string | undefined,
): Finding {
  const { object } = report;
  const finding: Finding = {
    rule: rule.meta.name,
    severity,
    message: report.message,
    object: object.ref,
    path: formatPath(report.path),
    pathSegments: report.path,
  };
  if (tenant !== undefined) finding.tenant = tenant;
  if (object.source) {
    finding.file = object.source.file.file;
    const range = rangeOf(object.source, report.path);
    if (range) finding.range = range;
  }
  if (object.podCount !== undefined) finding.podCount = object.podCount;
  if (report.related?.length) {
    finding.related = report.related.map((r) => ({
      object: r.object.ref,
      path: formatPath(r.path),
      message: r.message,
      ...(r.object.source
        ? { file: r.object.source.file.file, range: rangeOf(r.object.source, r.path) }
        : {}),
    }));
  }
  if (report.data) finding.data = report.data;
  if (report.allowance) finding.allowance = report.allowance;
  return finding;
}

/** Files in order, then by position; cluster objects by namespace/name; then severity. */
function byLocation(a: Finding, b: Finding): number {
  if (a.file !== undefined && b.file !== undefined) {
    if (a.file !== b.file) return a.file < b.file ? -1 : 1;
    return (a.range?.offset[0] ?? 0) - (b.range?.offset[0] ?? 0) || a.rule.localeCompare(b.rule);
  }
  if (a.file === undefined && b.file === undefined) {
    return (
      (a.object.namespace ?? '').localeCompare(b.object.namespace ?? '') ||
      a.object.name.localeCompare(b.object.name) ||
      compareSeverity(a.severity, b.severity) ||
      a.rule.localeCompare(b.rule)
    );
  }
  return a.file === undefined ? 1 : -1;
}

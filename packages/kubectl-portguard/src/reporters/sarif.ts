// `-o sarif`: SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, any SARIF viewer).
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import {
  docsUrl,
  rules as registry,
  type Finding,
  type ObjectRef,
  type Severity,
  type SourceRange,
} from '@portguard/core';
import { packageVersion } from '../version.js';
import type { ReportInput } from './report.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Relative URIs in the log are relative to this base: the folder the scan ran in. */
export const SRCROOT = '%SRCROOT%';
export const STDIN_FILE = '<stdin>';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = {
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub code scanning ranks security results by this CVSS-like score (high is 7.0–8.9). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

export function sarifReporter(input: ReportInput): string {
  return `${JSON.stringify(toSarifLog(input), null, 2)}\n`;
}

/**
 * The SARIF log as an object: one run (one per cluster in a fleet scan, its context in
 * `automationDetails.id`), every registered rule, a result per finding.
 */
export function toSarifLog(input: ReportInput): Sarif.Log {
  const runs = input.clusters
    ? input.clusters.map((c) => {
        const run = c.ok
          ? toRun({
              ...input,
              result: clusterResult(input.result, c.context),
              warnings: c.warnings,
            })
          : toRun({ ...input, result: failedResult(c.context, c.error), warnings: [] });
        run.automationDetails = { id: c.context };
        return run;
      })
    : [toRun(input)];
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs };
}

/** One cluster's part of a fleet result: its findings tagged with `cluster`, as the report shows them. */
function clusterResult(merged: ReportInput['result'], context: string): ReportInput['result'] {
  const mine = (f: { cluster?: string }) => f.cluster === context;
  return {
    ...merged,
    findings: merged.findings.filter(mine),
    suppressed: merged.suppressed.filter(mine),
    errors: merged.errors.filter(mine),
    skipped: [],
  };
}

function failedResult(context: string, message: string): ReportInput['result'] {
  return {
    findings: [],
    suppressed: [],
    objects: [],
    errors: [{ file: `cluster ${context}`, cluster: context, message }],
    skipped: [],
    summary: {
      objects: 0,
      findings: 0,
      suppressed: 0,
      bySeverity: { high: 0, medium: 0, low: 0, info: 0 },
    },
  };
}

function toRun({ result, warnings, cwd }: ReportInput): Sarif.Run {
  const descriptors = ruleDescriptors([...result.findings, ...result.suppressed]);
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const results = [
    ...result.findings.map((f) => toResult(f, index, cwd)),
    ...result.suppressed.map((f) => toResult(f, index, cwd)),
  ];
  const notifications: Sarif.Notification[] = [
    ...result.errors.map((e) =>
      e.cluster !== undefined
        ? { level: 'error' as const, message: { text: `cluster ${e.cluster}: ${e.message}` } }
        : {
            level: 'error' as const,
            message: { text: e.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: artifactLocation(e.file, cwd),
                  ...(e.line !== undefined
                    ? {
                        region: {
                          startLine: e.line,
                          ...(e.column !== undefined ? { startColumn: e.column } : {}),
                        },
                      }
                    : {}),
                },
              },
            ],
          },
    ),
    ...result.skipped.map((s) => ({
      level: 'note' as const,
      message: { text: `skipped: ${s.reason}` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(s.file, cwd) } }],
    })),
    ...warnings.map((w) => ({ level: 'warning' as const, message: { text: w } })),
  ];
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: 'portguard',
        semanticVersion: packageVersion(),
        informationUri: 'https://github.com/portguard/portguard',
        rules: descriptors,
      },
    },
    invocations: [
      {
        executionSuccessful: result.errors.length === 0,
        ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
      },
    ],
    columnKind: 'utf16CodeUnits',
    results,
  };
  if (cwd) run.originalUriBaseIds = { [SRCROOT]: { uri: folderUri(cwd) } };
  return run;
}

/** Every rule of the registry (so `ruleIndex` is stable), plus any other rule a finding names. */
function ruleDescriptors(findings: readonly Finding[]): Sarif.ReportingDescriptor[] {
  const out: Sarif.ReportingDescriptor[] = registry.map(({ meta }) => ({
    id: meta.name,
    name: meta.name,
    shortDescription: { text: meta.description },
    fullDescription: { text: meta.rationale },
    helpUri: meta.docsUrl,
    help: { text: `${meta.description} ${meta.rationale} See ${meta.docsUrl}` },
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: {
      tags: ['security', 'kubernetes'],
      precision: 'very-high',
      'security-severity': SECURITY_SEVERITY[meta.severity],
    },
  }));
  for (const f of findings) {
    if (out.some((d) => d.id === f.rule)) continue;
    out.push({
      id: f.rule,
      name: f.rule,
      shortDescription: { text: f.rule },
      helpUri: docsUrl(f.rule),
      defaultConfiguration: { level: LEVEL[f.severity] },
      properties: { tags: ['security', 'kubernetes'] },
    });
  }
  return out;
}

function toResult(f: Finding, index: Map<string, number>, cwd?: string): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: f.rule,
    ruleIndex: index.get(f.rule),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [location(f.object, f.path, f.file, f.range, cwd)],
    partialFingerprints: { 'portguard/v1': fingerprint(f) },
    properties: {
      severity: f.severity,
      path: f.path,
      ...(f.tenant !== undefined ? { tenant: f.tenant } : {}),
      ...(f.system ? { system: true } : {}),
      ...(f.podCount !== undefined ? { podCount: f.podCount } : {}),
      ...(f.rendered
        ? {
            rendered: {
              by: f.rendered.by,
              ...(f.rendered.from !== undefined ? { from: f.rendered.from } : {}),
            },
          }
        : {}),
      'security-severity': SECURITY_SEVERITY[f.severity],
    },
  };
  if (f.related?.length) {
    result.relatedLocations = f.related.map((r, i) => ({
      id: i + 1,
      ...location(r.object, r.path, r.file, r.range, cwd),
      message: { text: r.message },
    }));
  }
  if (f.suppressed) {
    result.suppressions = [
      {
        kind: f.suppressed.kind,
        status: 'accepted',
        ...(f.suppressed.reason ? { justification: f.suppressed.reason } : {}),
      },
    ];
  }
  return result;
}

/** A file finding has a physical and a logical location; a live-cluster one only a logical one. */
function location(
  object: ObjectRef,
  path: string,
  file: string | undefined,
  range: SourceRange | undefined,
  cwd?: string,
): Sarif.Location {
  const logicalLocations = [
    { name: object.name, fullyQualifiedName: `${objectName(object)}/${path}`, kind: 'resource' },
  ];
  if (file === undefined) return { logicalLocations };
  const region = range && {
    startLine: range.start.line,
    startColumn: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
  };
  const loc: Sarif.Location = {
    physicalLocation: {
      artifactLocation: artifactLocation(file, cwd),
      ...(region ? { region } : {}),
    },
    logicalLocations,
  };
  return loc;
}

/** `Deployment/team-a/web`, or `Namespace/team-a` for cluster-scoped objects. */
export function objectName(o: ObjectRef): string {
  return `${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/**
 * A file as SARIF wants it: a percent-encoded URI relative to %SRCROOT% when it lies below the
 * scan folder (`deploy/web%20app.yaml`), an absolute `file://` URI otherwise, and no URI at all
 * for stdin (it has no name a viewer could open).
 */
export function artifactLocation(file: string, cwd?: string): Sarif.ArtifactLocation {
  if (file === STDIN_FILE) return { description: { text: 'standard input' } };
  const abs = cwd ? resolve(cwd, file) : isAbsolute(file) ? file : undefined;
  const rel = cwd && abs ? relative(cwd, abs) : isAbsolute(file) ? undefined : file;
  if (rel !== undefined && rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) {
    return { uri: encodePath(rel.split(/[\\/]/)), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(abs ?? file).href };
}

function encodePath(segments: string[]): string {
  return segments.map(encodeURIComponent).join('/');
}

function folderUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** Stable across runs and line moves: rule, object and field, not the position. */
function fingerprint(f: Finding): string {
  return createHash('sha256')
    .update(`${f.rule}\0${objectName(f.object)}\0${f.path}`)
    .digest('hex')
    .slice(0, 32);
}

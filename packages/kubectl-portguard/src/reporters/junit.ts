// `-o junit`: one testcase per scanned object, a <failure> per finding, for CI test tabs.
import { isClusterObject, type Finding, type ObjectRef } from '@portguard/core';
import type { ReportInput } from './report.js';
import { escapeXmlText, openTag } from './xml.js';

interface TestCase {
  classname: string;
  name: string;
  file?: string;
  failures: Finding[];
  error?: string;
  skipped?: string;
}

interface Suite {
  name: string;
  cases: TestCase[];
}

/**
 * Files scans get a suite per file, live-cluster scans a suite per namespace. A testcase's
 * classname is `kind/namespace` (just `kind` for cluster-scoped objects), its name the object's.
 * A file that failed to parse is a testcase with an <error>; a skipped template one with <skipped>.
 */
export function junitReporter({ result, mode, clusters }: ReportInput): string {
  const suites = new Map<string, Suite>();
  const cases = new Map<string, TestCase>();
  const suiteFor = (name: string) => {
    let s = suites.get(name);
    if (!s) suites.set(name, (s = { name, cases: [] }));
    return s;
  };
  // A fleet has a suite per cluster (its context), the others a suite per file or namespace.
  const suiteName = (ref: ObjectRef, file: string | undefined, cluster: string | undefined) =>
    cluster !== undefined
      ? cluster
      : isClusterObject(ref)
        ? '(whole cluster)'
        : mode === 'files' && file !== undefined
          ? file
          : (ref.namespace ?? '(cluster-scoped)');
  const caseFor = (ref: ObjectRef, file: string | undefined, cluster?: string) => {
    const key = `${cluster ?? ''}\0${file ?? ''}\0${ref.apiVersion}\0${ref.kind}\0${ref.namespace ?? ''}\0${ref.name}`;
    let c = cases.get(key);
    if (!c) {
      c = { classname: classname(ref), name: ref.name, file, failures: [] };
      cases.set(key, c);
      suiteFor(suiteName(ref, file, cluster)).cases.push(c);
    }
    return c;
  };

  if (clusters) {
    for (const c of clusters) {
      suiteFor(c.context);
      if (c.ok) for (const o of c.result.objects) caseFor(o.ref, undefined, c.context);
    }
  } else {
    for (const o of result.objects) caseFor(o.ref, o.source?.file.file);
  }
  // A rendered object is one testcase under the name it was scanned as (its folder), wherever
  // each finding's value is written; the failure text names that place.
  for (const f of result.findings) {
    caseFor(f.object, f.rendered?.input ?? f.file, f.cluster).failures.push(f);
  }
  for (const e of result.errors) {
    if (e.cluster !== undefined) {
      suiteFor(e.cluster).cases.push({
        classname: 'cluster',
        name: e.cluster,
        failures: [],
        error: `cluster ${e.cluster}: ${e.message}`,
      });
      continue;
    }
    suiteFor(e.file).cases.push({
      classname: 'file',
      name: e.file,
      file: e.file,
      failures: [],
      error: `${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ${e.message}`,
    });
  }
  for (const s of result.skipped) {
    suiteFor(s.file).cases.push({
      classname: 'file',
      name: s.file,
      file: s.file,
      failures: [],
      skipped: s.reason,
    });
  }

  const all = [...suites.values()];
  const count = (cs: TestCase[]) => ({
    tests: cs.length,
    failures: cs.filter((c) => c.failures.length > 0).length,
    errors: cs.filter((c) => c.error !== undefined).length,
    skipped: cs.filter((c) => c.skipped !== undefined).length,
  });
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(openTag('testsuites', { name: 'portguard', ...count(all.flatMap((s) => s.cases)) }));
  for (const s of all) {
    lines.push(`  ${openTag('testsuite', { name: s.name, ...count(s.cases) })}`);
    for (const c of s.cases) lines.push(...testcase(c));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function testcase(c: TestCase): string[] {
  const attrs = { classname: c.classname, name: c.name, file: c.file };
  if (c.failures.length === 0 && c.error === undefined && c.skipped === undefined) {
    return [`    ${openTag('testcase', attrs, true)}`];
  }
  const out = [`    ${openTag('testcase', attrs)}`];
  for (const f of c.failures) {
    out.push(
      `      ${openTag('failure', { message: f.message, type: f.rule })}${escapeXmlText(failureBody(f))}</failure>`,
    );
  }
  if (c.error !== undefined) {
    out.push(`      ${openTag('error', { message: c.error, type: 'input-error' }, true)}`);
  }
  if (c.skipped !== undefined)
    out.push(`      ${openTag('skipped', { message: c.skipped }, true)}`);
  out.push('    </testcase>');
  return out;
}

function failureBody(f: Finding): string {
  const at =
    f.file && f.range
      ? `${f.file}:${f.range.start.line}:${f.range.start.column}`
      : (f.file ?? f.path);
  return `${f.severity} ${f.rule} at ${at} (${f.path}): ${f.message}`;
}

function classname(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}` : ref.kind;
}

// `-o sarif`: valid against the official SARIF 2.1.0 schema, with the fields code scanning reads.
import assert from 'node:assert/strict';
import { rules } from '@portguard/core';
import type * as Sarif from 'sarif';
import { artifactLocation, toSarifLog, sarifReporter } from '../../src/reporters/sarif.js';
import { sarifSchemaErrors } from '../helpers/sarif-schema.js';
import {
  EXEMPT_LEGACY,
  scanClusterObjects,
  scanTexts,
  TEAM_A_WEB,
  TEAM_B_AGENT,
} from '../helpers/scan-texts.js';

const fileResult = () =>
  scanTexts(
    [
      { file: 'deploy/web.yaml', text: TEAM_A_WEB },
      { file: 'deploy/agent.yaml', text: TEAM_B_AGENT },
      { file: 'deploy/bad.yaml', text: 'kind: Pod\nmetadata: {name: x\n' },
      {
        file: 'chart/templates/d.yaml',
        text: 'kind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
      },
    ],
    EXEMPT_LEGACY,
  );

function run(log: Sarif.Log): Sarif.Run {
  assert.equal(log.runs.length, 1);
  return log.runs[0];
}

describe('sarif reporter', () => {
  it('is valid SARIF 2.1.0 for file findings, suppressions, errors and skipped files', () => {
    const text = sarifReporter({
      result: fileResult(),
      warnings: ['w'],
      mode: 'files',
      color: false,
      cwd: '/repo',
    });
    assert.deepEqual(sarifSchemaErrors(JSON.parse(text)), []);
  });

  it('is valid SARIF 2.1.0 for live-cluster findings (logical locations only) and for no findings', () => {
    const cluster = scanClusterObjects([
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'edge', namespace: 'team-c' },
        spec: { type: 'NodePort', ports: [{ port: 80 }] },
      },
    ]);
    const log = toSarifLog({ result: cluster, warnings: [], mode: 'cluster', color: false });
    assert.deepEqual(sarifSchemaErrors(log), []);
    assert.deepEqual(run(log).results?.[0].locations, [
      {
        logicalLocations: [
          { name: 'edge', fullyQualifiedName: 'Service/team-c/edge/spec.type', kind: 'resource' },
        ],
      },
    ]);
    const empty = toSarifLog({ result: scanTexts([]), warnings: [], mode: 'files', color: false });
    assert.deepEqual(sarifSchemaErrors(empty), []);
    assert.deepEqual(run(empty).results, []);
  });

  it('the schema check itself rejects what SARIF 2.1.0 forbids', () => {
    const log = toSarifLog({ result: fileResult(), warnings: [], mode: 'files', color: false });
    const broken = JSON.parse(JSON.stringify(log));
    broken.runs[0].results[0].level = 'critical';
    broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    delete broken.runs[0].tool.driver.name;
    assert.equal(sarifSchemaErrors(broken).length >= 3, true, sarifSchemaErrors(broken).join('\n'));
  });

  it('describes every rule of the registry in driver.rules, results point at them by index', () => {
    const r = run(toSarifLog({ result: fileResult(), warnings: [], mode: 'files', color: false }));
    const driver = r.tool.driver;
    assert.equal(driver.name, 'portguard');
    assert.deepEqual(
      driver.rules?.map((d) => d.id),
      rules.map((x) => x.meta.name),
    );
    const hostPort = driver.rules?.find((d) => d.id === 'host-port');
    assert.deepEqual(
      {
        short: hostPort?.shortDescription?.text,
        helpUri: hostPort?.helpUri,
        level: hostPort?.defaultConfiguration?.level,
      },
      {
        short: rules[0].meta.description,
        helpUri: 'https://github.com/portguard/portguard/blob/main/docs/rules/host-port.md',
        level: 'error',
      },
    );
    for (const res of r.results ?? []) assert.equal(driver.rules?.[res.ruleIndex!].id, res.ruleId);
  });

  it('maps severities to levels, regions to 1-based lines and columns, files to %SRCROOT% URIs', () => {
    const r = run(
      toSarifLog({ result: fileResult(), warnings: [], mode: 'files', color: false, cwd: '/repo' }),
    );
    const brief = (r.results ?? []).map((x) => {
      const p = x.locations?.[0].physicalLocation;
      const g = p?.region;
      return `${x.ruleId} ${x.level} ${p?.artifactLocation?.uriBaseId}:${p?.artifactLocation?.uri}:${g?.startLine}:${g?.startColumn}-${g?.endLine}:${g?.endColumn}${x.suppressions ? ` suppressed(${x.suppressions.map((s) => `${s.kind}: ${s.justification}`).join()})` : ''}`;
    });
    assert.deepEqual(brief, [
      'host-port-conflict warning %SRCROOT%:deploy/agent.yaml:17:15-17:29',
      'host-port error %SRCROOT%:deploy/web.yaml:14:15-14:29',
      'host-port-conflict warning %SRCROOT%:deploy/web.yaml:14:15-14:29',
      'host-port error %SRCROOT%:deploy/agent.yaml:17:15-17:29 suppressed(inSource: approved in SEC-42)',
      'nodeport-service error %SRCROOT%:deploy/agent.yaml:25:3-25:17 suppressed(external: migrating to an Ingress)',
    ]);
    assert.deepEqual(r.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///repo/' } });
  });

  it('carries severity, path, tenant and the system-namespace mark as result properties', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: probe, namespace: kube-system}\nspec:\n  hostNetwork: true\n';
    const r = run(
      toSarifLog({
        result: scanTexts([{ file: 'p.yaml', text }]),
        warnings: [],
        mode: 'files',
        color: false,
      }),
    );
    const { severity, path, tenant, system } = r.results?.[0].properties ?? {};
    assert.deepEqual(
      { severity, path, tenant, system },
      { severity: 'medium', path: 'spec.hostNetwork', tenant: 'kube-system', system: true },
    );
  });

  it('points a conflict at the other side with relatedLocations', () => {
    const r = run(toSarifLog({ result: fileResult(), warnings: [], mode: 'files', color: false }));
    const conflict = r.results?.find((x) => x.ruleId === 'host-port-conflict');
    assert.deepEqual(
      conflict?.relatedLocations?.map((l) => ({
        id: l.id,
        uri: l.physicalLocation?.artifactLocation?.uri,
        line: l.physicalLocation?.region?.startLine,
        object: l.logicalLocations?.[0].fullyQualifiedName,
      })),
      [
        {
          id: 1,
          uri: 'deploy/web.yaml',
          line: 14,
          object: 'Deployment/team-a/web/spec.template.spec.containers[0].ports[0].hostPort',
        },
      ],
    );
  });

  it('reports input errors and skipped templates as tool notifications; errors mark the run unsuccessful', () => {
    const inv = run(
      toSarifLog({
        result: fileResult(),
        warnings: ['namespace x: forbidden'],
        mode: 'files',
        color: false,
      }),
    ).invocations?.[0];
    assert.equal(inv?.executionSuccessful, false);
    assert.deepEqual(
      inv?.toolExecutionNotifications?.map((n) => ({
        level: n.level,
        uri: n.locations?.[0].physicalLocation?.artifactLocation?.uri,
        line: n.locations?.[0].physicalLocation?.region?.startLine,
      })),
      [
        { level: 'error', uri: 'deploy/bad.yaml', line: 3 },
        { level: 'note', uri: 'chart/templates/d.yaml', line: undefined },
        { level: 'warning', uri: undefined, line: undefined },
      ],
    );
  });

  describe('artifactLocation', () => {
    const cases: [string, string | undefined, Sarif.ArtifactLocation][] = [
      ['deploy/web.yaml', '/repo', { uri: 'deploy/web.yaml', uriBaseId: '%SRCROOT%' }],
      [
        'deploy/my app#1.yaml',
        '/repo',
        { uri: 'deploy/my%20app%231.yaml', uriBaseId: '%SRCROOT%' },
      ],
      ['/repo/x/y.yaml', '/repo', { uri: 'x/y.yaml', uriBaseId: '%SRCROOT%' }],
      ['../other/y.yaml', '/repo/sub', { uri: 'file:///repo/other/y.yaml' }],
      ['/etc/k8s/z.yaml', '/repo', { uri: 'file:///etc/k8s/z.yaml' }],
      ['deploy/web.yaml', undefined, { uri: 'deploy/web.yaml', uriBaseId: '%SRCROOT%' }],
      ['<stdin>', '/repo', { description: { text: 'standard input' } }],
    ];
    for (const [file, cwd, expected] of cases) {
      it(`${file} (cwd ${cwd})`, () => assert.deepEqual(artifactLocation(file, cwd), expected));
    }
  });
});

// `-o junit`: well-formed XML, one testcase per object, a <failure> per finding.
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { junitReporter } from '../../src/reporters/junit.js';
import { escapeXml } from '../../src/reporters/xml.js';
import { scanClusterObjects, scanTexts, TEAM_A_WEB, TEAM_B_AGENT } from '../helpers/scan-texts.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['testsuite', 'testcase', 'failure'].includes(name),
});

function parse(xml: string) {
  assert.equal(XMLValidator.validate(xml), true);
  return parser.parse(xml).testsuites;
}

describe('junit reporter', () => {
  it('has a suite per file, a testcase per object, a failure per finding, errors and skipped files', () => {
    const result = scanTexts([
      { file: 'deploy/web.yaml', text: TEAM_A_WEB },
      { file: 'deploy/agent.yaml', text: TEAM_B_AGENT },
      { file: 'deploy/bad.yaml', text: 'kind: [\n' },
      { file: 'chart/t.yaml', text: 'name: {{ .Release.Name }}\n' },
    ]);
    const doc = parse(junitReporter({ result, warnings: [], mode: 'files', color: false }));
    assert.deepEqual(
      { tests: doc.tests, failures: doc.failures, errors: doc.errors, skipped: doc.skipped },
      { tests: '5', failures: '3', errors: '1', skipped: '1' },
    );
    const cases = doc.testsuite.flatMap((s: any) =>
      s.testcase.map(
        (c: any) =>
          `${s.name} | ${c.classname} ${c.name}: ${(c.failure ?? []).map((f: any) => f.type).join(',')}${c.error ? ' ERROR' : ''}${c.skipped ? ' SKIPPED' : ''}`,
      ),
    );
    assert.deepEqual(cases, [
      'deploy/web.yaml | Deployment/team-a web: host-port,host-port-conflict',
      'deploy/agent.yaml | DaemonSet/team-b agent: host-port-conflict',
      'deploy/agent.yaml | Service/team-b legacy: nodeport-service',
      'deploy/bad.yaml | file deploy/bad.yaml:  ERROR',
      'chart/t.yaml | file chart/t.yaml:  SKIPPED',
    ]);
    const first = doc.testsuite[0].testcase[0].failure[0];
    assert.equal(first.message, 'container "app" uses hostPort 8080');
    assert.equal(
      first['#text'],
      'high host-port at deploy/web.yaml:14:15 (spec.template.spec.containers[0].ports[0].hostPort): container "app" uses hostPort 8080',
    );
  });

  it('groups live-cluster objects by namespace; a cluster-scoped object has its kind as classname', () => {
    const result = scanClusterObjects([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-c' } },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'edge', namespace: 'team-c' },
        spec: { type: 'NodePort', ports: [{ port: 80 }] },
      },
    ]);
    const doc = parse(junitReporter({ result, warnings: [], mode: 'cluster', color: false }));
    assert.deepEqual(
      doc.testsuite.map((s: any) => [
        s.name,
        s.testcase.map((c: any) => `${c.classname} ${c.name}`),
      ]),
      [
        ['(cluster-scoped)', ['Namespace team-c']],
        ['team-c', ['Service/team-c edge']],
        ['(whole cluster)', ['Cluster -']],
      ],
    );
  });

  it('escapes names and messages from hostile manifests into well-formed XML', () => {
    const text = TEAM_A_WEB.replace('name: app', 'name: "a<b>&\\"c\\u0007]]>"').replace(
      'name: web',
      'name: "w&<x>"',
    );
    const result = scanTexts([{ file: 'we"ird&<.yaml', text }]);
    const xml = junitReporter({ result, warnings: [], mode: 'files', color: false });
    const doc = parse(xml);
    const c = doc.testsuite[0].testcase[0];
    assert.equal(doc.testsuite[0].name, 'we"ird&<.yaml');
    assert.equal(c.name, 'w&<x>');
    assert.match(c.failure[0].message, /^container "a<b>&"c\uFFFD\]\]>" uses hostPort 8080$/);
  });

  it('escapeXml: markup characters, newlines kept as character references, forbidden characters replaced', () => {
    assert.equal(
      escapeXml(`<a href="x">&'\n\u0000`),
      '&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#10;\uFFFD',
    );
  });
});

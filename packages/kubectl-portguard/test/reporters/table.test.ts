// `-o table`: grouped, wrapped to the width, coloured only when asked, safe against hostile names.
import assert from 'node:assert/strict';
import { tableReporter } from '../../src/reporters/table.js';
import { wrapWords } from '../../src/reporters/wrap.js';
import { printable } from '../../src/reporters/printable.js';
import { scanClusterObjects, scanTexts, TEAM_A_WEB, TEAM_B_AGENT } from '../helpers/scan-texts.js';

const files = () =>
  scanTexts([
    { file: 'deploy/web.yaml', text: TEAM_A_WEB },
    { file: 'deploy/agent.yaml', text: TEAM_B_AGENT },
    { file: 'chart/t.yaml', text: 'a: {{ x }}\n' },
  ]);

describe('table reporter', () => {
  it('groups by file and object, wraps messages at 80 columns when the width is unknown', () => {
    assert.equal(
      tableReporter({ result: files(), warnings: [], mode: 'files', color: false }),
      `deploy/agent.yaml
  DaemonSet team-b/agent
    17:15  MEDIUM  host-port-conflict  hostPort 8080/TCP is also requested by
                   Deployment team-a/web of another tenant
  Service team-b/legacy
    25:3   HIGH    nodeport-service  Service "legacy" is of type NodePort and
                   opens a port on every node

deploy/web.yaml
  Deployment team-a/web
    14:15  HIGH    host-port  container "app" uses hostPort 8080
    14:15  MEDIUM  host-port-conflict  hostPort 8080/TCP is also requested by
                   DaemonSet team-b/agent of another tenant

skipped chart/t.yaml: template (contains "{{"); render it first, e.g. helm
  template

4 findings (2 high, 2 medium) in 3 objects; 1 suppressed; 1 file skipped
`,
    );
  });

  it('starts the message under the rule when a narrow terminal leaves no room beside it', () => {
    const out = tableReporter({
      result: files(),
      warnings: [],
      mode: 'files',
      color: false,
      columns: 50,
    });
    assert.ok(out.split('\n').every((l) => l.length <= 50));
    assert.ok(
      out.includes(`    14:15  MEDIUM  host-port-conflict
                   hostPort 8080/TCP is also
                   requested by DaemonSet
                   team-b/agent of another tenant
`),
      out,
    );
  });

  it('groups live-cluster findings by namespace, with pod counts and the field path', () => {
    const result = scanClusterObjects(
      [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', namespace: 'team-c' },
          spec: { template: { spec: { hostNetwork: true, containers: [{ name: 'c' }] } } },
        },
      ],
      3,
    );
    assert.equal(
      tableReporter({
        result,
        warnings: ['cannot list pods in namespace kube-system: forbidden'],
        mode: 'cluster',
        color: false,
      }),
      `namespace team-c
  Deployment web (3 pods)
    HIGH    host-network  ${result.findings[0].message}
            at spec.template.spec.hostNetwork

warning: cannot list pods in namespace kube-system: forbidden

1 finding (1 high) in 1 object
`,
    );
  });

  it('heads live-cluster groups with the namespace and, where it differs, the tenant', () => {
    const result = scanClusterObjects([
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'shop-dev', labels: { 'capsule.clastix.io/tenant': 'shop' } },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'edge', namespace: 'shop-dev' },
        spec: { type: 'NodePort', ports: [{ port: 80 }] },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'edge', namespace: 'solo' },
        spec: { type: 'NodePort', ports: [{ port: 80 }] },
      },
    ]);
    const out = tableReporter({ result, warnings: [], mode: 'cluster', color: false });
    const headings = out.split('\n').filter((l) => /^\S/.test(l) && !/finding|exposure/.test(l));
    // The cluster-wide finding (no admission policy) is no tenant's: its own group, first.
    assert.deepEqual(headings, [
      'whole cluster',
      'namespace shop-dev (tenant shop)',
      'namespace solo',
    ]);
    assert.match(
      out,
      /^whole cluster\n {2}Cluster -\n {4}MEDIUM {2}service-exposure-unrestricted /m,
    );
    assert.match(out, /^namespace shop-dev \(tenant shop\)\n(.*\n)*? {2}Service edge\n/m);
  });

  it('marks findings in system namespaces apart', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: probe, namespace: kube-system}\nspec:\n  hostNetwork: true\n';
    const out = tableReporter({
      result: scanTexts([{ file: 'p.yaml', text }]),
      warnings: [],
      mode: 'files',
      color: false,
    });
    assert.match(out, /^ {2}Pod kube-system\/probe \[system namespace\]$/m);
  });

  it('says so when there is nothing to report', () => {
    assert.equal(
      tableReporter({ result: scanTexts([]), warnings: [], mode: 'files', color: false }),
      'No exposures found in 0 objects\n',
    );
  });

  it('colours severities and headings only when told to', () => {
    const plain = tableReporter({ result: files(), warnings: [], mode: 'files', color: false });
    const coloured = tableReporter({ result: files(), warnings: [], mode: 'files', color: true });
    assert.doesNotMatch(plain, /\u001b/);
    assert.match(coloured, /\u001b\[1;31mHIGH {2}\u001b\[0m/);
    assert.match(coloured, /\u001b\[33mMEDIUM\u001b\[0m/);
    assert.equal(coloured.replace(/\u001b\[[0-9;]*m/g, ''), plain);
  });

  it('prints control characters of hostile names as escapes, never raw', () => {
    const text = TEAM_A_WEB.replace('name: web', 'name: "web\\e[2J\\e]0;pwned\\a"');
    const out = tableReporter({
      result: scanTexts([{ file: 'x.yaml', text }]),
      warnings: [],
      mode: 'files',
      color: false,
    });
    assert.doesNotMatch(out, /[\u0000-\u0009\u000b-\u001f]/);
    assert.match(out, /Deployment team-a\/web\\x1b\[2J\\x1b\]0;pwned\\x07/);
  });
});

describe('wrapWords', () => {
  const cases: [string, number, string[], number?][] = [
    ['a bb ccc', 4, ['a bb', 'ccc']],
    ['a bb ccc', 80, ['a bb ccc']],
    ['abcdefghij', 4, ['abcd', 'efgh', 'ij']],
    ['x  y', 1, ['x', 'y']],
    ['', 10, ['']],
    ['aa bb cc', 5, ['aa', 'bb cc'], 2],
    ['abcdef gh', 4, ['ab', 'cdef', 'gh'], 2],
  ];
  for (const [text, width, lines, first] of cases) {
    it(`${JSON.stringify(text)} at ${width}${first ? `, first line ${first}` : ''}`, () =>
      assert.deepEqual(wrapWords(text, width, first), lines));
  }
});

describe('printable', () => {
  const cases: [string, string][] = [
    ['plain', 'plain'],
    ['a\u001b[31mb', 'a\\x1b[31mb'],
    ['line\nbreak\r', 'line\\x0abreak\\x0d'],
    ['\u202eevil', '\\u202eevil'],
    ['\u009b', '\\x9b'],
  ];
  for (const [input, output] of cases) {
    it(JSON.stringify(input), () => assert.equal(printable(input), output));
  }
});

// codeActions(): core's fixes per diagnostic, fix-all-of-rule, fixAll, matched on data not message.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixText } from '@portguard/core';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { LanguageService } from '../src/service/language-service.js';
import { readSettings } from '../src/service/settings.js';

const repoDocs = join(dirname(fileURLToPath(import.meta.url)), '../../../docs');

const TWO_PORTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web # the web tier
  namespace: team-a
spec:
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: nginx
          ports:
            - containerPort: 8080
              hostPort: 8080
            - containerPort: 8443
              hostPort: 8443
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: team-a
spec:
  selector: {app: other}
  ports:
    - port: 80
`;

function apply(doc: TextDocument, action: CodeAction): string {
  const edits = action.edit?.changes?.[doc.uri] ?? [];
  return TextDocument.applyEdits(doc, edits);
}

function setup(text = TWO_PORTS) {
  const service = new LanguageService();
  const doc = TextDocument.create('file:///ws/web.yaml', 'yaml', 1, text);
  const diagnostics = service.validate(doc);
  const actions = (d: Diagnostic, only?: string[], lazy = false) =>
    service.codeActions(doc, { range: d.range, context: { diagnostics: [d], only } }, lazy);
  return { service, doc, diagnostics, actions };
}

describe('codeActions', () => {
  it('offers the core fixes, the ignore annotation and fix-all-of-rule for a hostPort', () => {
    const { diagnostics, actions } = setup();
    assert.deepEqual(
      actions(diagnostics[0]).map((a) => [a.title, a.kind, a.isPreferred ?? false]),
      [
        ['Replace hostPort 8080 with a ClusterIP Service "web-portguard"', 'quickfix', true],
        [
          'Replace hostPort 8080 with a ClusterIP Service "web-portguard" and an Ingress "web-portguard"',
          'quickfix',
          false,
        ],
        [
          'Replace hostPort 8080 with a LoadBalancer Service "web-portguard" without node ports',
          'quickfix',
          false,
        ],
        ['Ignore host-port on Deployment/web (annotation portguard.dev/ignore)', 'quickfix', false],
        ['Fix all host-port problems in this file', 'quickfix', false],
      ],
    );
  });

  it('each fix yields text without that finding, comments kept', () => {
    const { service, doc, diagnostics, actions } = setup();
    for (const action of actions(diagnostics[0]).slice(0, 4)) {
      const fixed = TextDocument.create(doc.uri, 'yaml', 2, apply(doc, action));
      assert.ok(fixed.getText().includes('# the web tier'), action.title);
      const left = service.validate(fixed).map((d) => d.message);
      assert.ok(!left.includes('container "app" uses hostPort 8080'), `${action.title}: ${left}`);
    }
  });

  it('fix-all-of-rule fixes both ports, as kubectl portguard fix does for that rule', () => {
    const { service, doc, diagnostics, actions } = setup();
    const all = actions(diagnostics[0]).find((a) => a.data?.fix === 'all-of-rule')!;
    const fixed = apply(doc, all);
    assert.equal(fixed, fixText(TWO_PORTS, 'x.yaml').text);
    assert.deepEqual(service.validate(TextDocument.create(doc.uri, 'yaml', 2, fixed)), []);
  });

  it('source.fixAll.portguard only when asked for, with no diagnostics needed', () => {
    const { service, doc } = setup();
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    assert.deepEqual(service.codeActions(doc, { range, context: { diagnostics: [] } }), []);
    const [fixAll] = service.codeActions(doc, {
      range,
      context: { diagnostics: [], only: ['source'] },
    });
    assert.equal(fixAll.kind, 'source.fixAll.portguard');
    assert.equal(apply(doc, fixAll), fixText(TWO_PORTS, 'x.yaml').text);
  });

  it('on save (automatic), only when source.fixAll.portguard is named, not for a bare source.fixAll', () => {
    const { service, doc } = setup();
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const kinds = (only: string[]) =>
      service
        .codeActions(doc, { range, context: { diagnostics: [], only, triggerKind: 2 } })
        .map((a) => a.kind);
    assert.deepEqual(kinds(['source.fixAll']), []);
    assert.deepEqual(kinds(['source.fixAll.portguard']), ['source.fixAll.portguard']);
  });

  it('lazy actions carry data and no edit; resolve fills the same edit', () => {
    const { service, doc, diagnostics, actions } = setup();
    const eager = actions(diagnostics[1]);
    const lazy = actions(diagnostics[1], undefined, true);
    assert.equal(lazy.length, eager.length);
    lazy.forEach((a, i) => {
      assert.equal(a.edit, undefined);
      assert.deepEqual(service.resolveCodeAction(doc, a).edit, eager[i].edit, a.title);
    });
  });

  it('matches on data, not on the message; ignores other sources and stale findings', () => {
    const { diagnostics, actions } = setup();
    const renamed = { ...diagnostics[0], message: 'something else entirely' };
    assert.equal(actions(renamed).length, 5);
    assert.deepEqual(actions({ ...diagnostics[0], source: 'yaml' }), []);
    assert.deepEqual(actions({ ...diagnostics[0], data: { rule: 'host-port', id: 'gone' } }), []);
  });

  it('a client that drops data: matched on source, code and range instead', () => {
    const { diagnostics, actions } = setup();
    const bare = { ...diagnostics[0], data: undefined };
    assert.deepEqual(
      actions(bare).map((a) => a.data?.fix),
      actions(diagnostics[0]).map((a) => a.data?.fix),
    );
    const moved = { ...bare, range: diagnostics[1].range };
    assert.deepEqual(
      actions(moved).map((a) => a.data?.finding),
      actions(diagnostics[1]).map((a) => a.data?.finding),
    );
  });

  it('a client that sends no diagnostics: the fixes of the findings under the cursor', () => {
    const { service, doc, diagnostics } = setup();
    const at = (line: number, character: number) => {
      const range = { start: { line, character }, end: { line, character } };
      return service
        .codeActions(doc, { range, context: { diagnostics: [] } })
        .map((a) => a.data?.fix);
    };
    assert.deepEqual(at(15, 20), [
      'host-port/service',
      'host-port/ingress',
      'host-port/loadbalancer',
      'ignore/host-port',
      'all-of-rule',
    ]);
    assert.deepEqual(at(3, 4), []);
    assert.equal(diagnostics.length, 2);
  });

  it('a big file: fix-all-of-rule offered lazily only (its edit is costly to compute at every request)', () => {
    const big = Array.from(
      { length: 45 },
      (_, i) =>
        `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: a}\nspec:\n  containers:\n    - name: c\n      image: i\n      ports: [{containerPort: 80, hostPort: ${8000 + i}}]\n`,
    ).join('---\n');
    const { diagnostics, actions } = setup(big);
    const fixes = (lazy: boolean) =>
      actions(diagnostics[0], undefined, lazy).map((a) => a.data?.fix);
    assert.ok(fixes(true).includes('all-of-rule'));
    assert.ok(!fixes(false).includes('all-of-rule'));
    assert.ok(fixes(false).includes('ignore/host-port'));
  });

  it('a rule without a fix still gets the ignore annotation', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p, namespace: a}
spec:
  hostPID: true
  containers: [{name: c, image: i}]
`;
    const { diagnostics, actions } = setup(text);
    assert.deepEqual(
      actions(diagnostics[0]).map((a) => a.data?.fix),
      ['ignore/host-pid'],
    );
  });
});

describe('codeActions for every fixable rule', () => {
  const HOST_NETWORK = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: team-b}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      hostNetwork: true
      containers:
        - name: agent
          image: agent:1
          ports:
            - containerPort: 9100
`;
  const LOAD_BALANCER = `apiVersion: v1
kind: Service
metadata: {name: lb, namespace: team-a}
spec:
  type: LoadBalancer
  selector: {app: x}
  externalIPs: [10.0.0.1]
  ports:
    - port: 80
`;
  const cases: [string, string, Record<string, string[]>][] = [
    [
      'hostNetwork → Service',
      HOST_NETWORK,
      {
        'host-network': [
          'host-network/service',
          'host-network/loadbalancer',
          'ignore/host-network',
        ],
      },
    ],
    [
      'LoadBalancer node ports and externalIPs',
      LOAD_BALANCER,
      {
        'loadbalancer-node-ports': [
          'loadbalancer-node-ports/disable',
          'ignore/loadbalancer-node-ports',
        ],
        'external-ips': ['external-ips/remove', 'ignore/external-ips'],
      },
    ],
  ];
  for (const [name, text, expected] of cases) {
    it(`${name}: the fixes offered, each removing its finding`, () => {
      const { service, doc, diagnostics, actions } = setup(text);
      const offered: Record<string, string[]> = {};
      for (const d of diagnostics) {
        const list = actions(d);
        offered[String(d.code)] = list.map((a) => a.data?.fix);
        for (const a of list) {
          const fixed = TextDocument.create(doc.uri, 'yaml', 2, apply(doc, a));
          const left = service.validate(fixed).map((x) => x.code);
          assert.ok(!left.includes(d.code), `${a.data?.fix} left ${left}`);
        }
      }
      assert.deepEqual(offered, expected);
    });
  }
});

describe('codeActions with the shared Gateway of .portguard.yaml', () => {
  it('offers the Service + HTTPRoute variant once gateway: names it, and not before', () => {
    const service = new LanguageService();
    const doc = TextDocument.create('file:///ws/web.yaml', 'yaml', 1, TWO_PORTS);
    const titles = () => {
      const [d] = service.validate(doc);
      return service
        .codeActions(doc, { range: d.range, context: { diagnostics: [d] } })
        .map((a) => a.title);
    };
    assert.ok(!titles().some((t) => t.includes('HTTPRoute')));
    service.setSettings(readSettings({ configFile: '/ws/.portguard.yaml' }).settings);
    service.configChanged('/ws/.portguard.yaml', 'gateway: infra/shared\n');
    assert.ok(
      titles().includes(
        'Replace hostPort 8080 with a ClusterIP Service "web-portguard" and an HTTPRoute "web-portguard"',
      ),
      titles().join('\n'),
    );
  });
});

describe('hover', () => {
  it('adds to the diagnostic what it does not say: why, how to fix, the doc; nothing elsewhere', () => {
    const { service, doc } = setup();
    const hover = service.hover(doc, { line: 15, character: 16 });
    assert.ok(hover && typeof hover.contents === 'object' && 'value' in hover.contents);
    const text = hover.contents.value;
    assert.ok(!text.includes('uses hostPort 8080'), 'the diagnostic message is not repeated');
    assert.match(text, /^\*\*portguard `host-port`\*\* \(high\)\n\nA container /);
    assert.match(text, /\n\n\*\*Why it matters:\*\* /);
    // The remediation, from docs/rules/host-port.md's "How to fix", its code block left out.
    assert.match(
      text,
      /\n\n\*\*How to fix:\*\* Remove `hostPort` and reach the pod through a Service:\n\n- inside/,
    );
    assert.ok(!text.includes('```'));
    const link = /\[host-port documentation\]\((file:[^)]+)\)/.exec(text);
    assert.ok(link, text);
    assert.equal(fileURLToPath(link[1]), join(repoDocs, 'rules/host-port.md'));
    assert.equal(service.hover(doc, { line: 3, character: 4 }), null);
  });
});

describe('workspace', () => {
  const POD = (ns: string, port: number) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ${ns}}\nspec:\n  containers:\n    - name: c\n      image: i\n      ports: [{containerPort: ${port}, hostPort: ${port}}]\n`;

  it('finds conflicts with files on disk, related information pointing there; gone with the file', () => {
    const service = new LanguageService();
    service.setFile('file:///ws/b.yaml', `# other\n${POD('team-b', 9100)}`);
    const doc = TextDocument.create('file:///ws/a.yaml', 'yaml', 1, POD('team-a', 9100));
    const conflict = service.validate(doc).find((d) => d.code === 'host-port-conflict');
    assert.deepEqual(
      conflict?.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line]),
      [['file:///ws/b.yaml', 8]],
    );
    service.removeFile('file:///ws/b.yaml');
    assert.deepEqual(
      service.validate(doc).map((d) => d.code),
      ['host-port'],
    );
  });

  it('namespaces of one tenant (by label) do not conflict', () => {
    const service = new LanguageService();
    const ns = (n: string) =>
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${n}\n  labels: {capsule.clastix.io/tenant: acme}\n`;
    service.setFile('file:///ws/ns.yaml', `${ns('team-a')}---\n${ns('team-b')}`);
    service.setFile('file:///ws/b.yaml', POD('team-b', 9100));
    const doc = TextDocument.create('file:///ws/a.yaml', 'yaml', 1, POD('team-a', 9100));
    assert.deepEqual(
      service.validate(doc).map((d) => d.code),
      ['host-port'],
    );
  });
});

// Table of Helm templates and the line a rendered field maps to (or none, where a helper writes it).
import { strict as assert } from 'node:assert';
import { helmSourceAt, templateKeyOffsets } from '../../src/index.js';

const DAEMONSET = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: {{ include "x.fullname" . }}
spec:
  template:
    spec:
      {{- if .Values.hostNetwork }}
      hostNetwork: true
      {{- end }}
      containers:
        - name: agent
          ports:
            - name: metrics
              containerPort: {{ .Values.port }}
              {{- with .Values.hostPort }}
              hostPort: {{ . }}  # on every node
              {{- end }}
        - name: proxy
          ports:
            - containerPort: 8443
              hostPort: 8443
      strategy:
        type: RollingUpdate
`;

const TWO_SERVICES = `apiVersion: v1
kind: Service
spec:
  type: ClusterIP
---
apiVersion: v1
kind: Service
spec:
  type: {{ .Values.type }}
`;

const cases: {
  name: string;
  template: string;
  path: (string | number)[];
  rendered: unknown;
  ordinal?: number;
  want: string | undefined;
}[] = [
  {
    name: 'a literal key under its literal parents',
    template: DAEMONSET,
    path: ['spec', 'template', 'spec', 'hostNetwork'],
    rendered: { spec: { template: { spec: { hostNetwork: true } } } },
    want: 'hostNetwork: true',
  },
  {
    name: 'a templated value, the trailing comment left out',
    template: DAEMONSET,
    path: ['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'hostPort'],
    rendered: { spec: { template: { spec: { containers: [{ ports: [{ hostPort: 9100 }] }] } } } },
    want: 'hostPort: {{ . }}',
  },
  {
    name: 'the second container: the literal value that matches',
    template: DAEMONSET,
    path: ['spec', 'template', 'spec', 'containers', 1, 'ports', 0, 'hostPort'],
    rendered: {
      spec: { template: { spec: { containers: [{}, { ports: [{ hostPort: 8443 }] }] } } },
    },
    want: 'hostPort: 8443',
  },
  {
    name: 'a key written under other parents (strategy.type) is not spec.type',
    template: DAEMONSET,
    path: ['spec', 'type'],
    rendered: { spec: { type: 'NodePort' } },
    want: undefined,
  },
  {
    name: 'the second document of the template file',
    template: TWO_SERVICES,
    path: ['spec', 'type'],
    rendered: { spec: { type: 'NodePort' } },
    ordinal: 1,
    want: 'type: {{ .Values.type }}',
  },
  {
    name: 'a key that toYaml writes: no line',
    template: 'spec:\n  ports:\n    {{- toYaml .Values.ports | nindent 4 }}\n',
    path: ['spec', 'ports', 0, 'nodePort'],
    rendered: { spec: { ports: [{ nodePort: 30080 }] } },
    want: undefined,
  },
];

describe('templateKeyOffsets: the template line of a rendered field', () => {
  for (const c of cases) {
    it(c.name, () => {
      const o = templateKeyOffsets(c.template, c.path, c.rendered, c.ordinal);
      assert.equal(o && c.template.slice(o[0], o[1]), c.want);
    });
  }
});

describe('helmSourceAt: the # Source: of a document', () => {
  const text = `---\n# Source: a/templates/x.yaml\napiVersion: v1\nkind: A\n---\napiVersion: v1\nkind: B\n---\n# Source: a/templates/y.yaml\nkind: C\n`;
  const cases: [string, string | undefined][] = [
    ['kind: A', 'a/templates/x.yaml'],
    ['kind: B', undefined],
    ['kind: C', 'a/templates/y.yaml'],
  ];
  for (const [at, want] of cases) {
    it(`${at} → ${String(want)}`, () => assert.equal(helmSourceAt(text, text.indexOf(at)), want));
  }
});

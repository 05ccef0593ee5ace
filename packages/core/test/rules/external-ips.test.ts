// Table of external-ips cases: Services that claim externalIPs (CVE-2020-8554).
import { dedent, testRule } from '../helpers/rule-tester.js';

describe('rule external-ips', () => {
  testRule('external-ips', [
    {
      name: 'block list of externalIPs: the range covers the key',
      text: dedent(`
        apiVersion: v1
        kind: Service
        metadata: {name: mitm, namespace: team-b}
        spec:
          selector: {app: mitm}
          ports: [{port: 80}]
          externalIPs:
            - 203.0.113.10
            - 203.0.113.11
      `),
      findings: [
        {
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 15,
          message:
            'Service "mitm" claims externalIPs 203.0.113.10, 203.0.113.11 (CVE-2020-8554); use a LoadBalancer Service or an Ingress instead',
          path: 'spec.externalIPs',
        },
      ],
    },
    {
      name: 'flow list on a ClusterIP Service',
      text: dedent(`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec: {type: ClusterIP, ports: [{port: 80}], externalIPs: [198.51.100.7]}
      `),
      findings: [
        {
          line: 4,
          column: 46,
          endLine: 4,
          endColumn: 58,
          message:
            'Service "web" claims externalIPs 198.51.100.7 (CVE-2020-8554); use a LoadBalancer Service or an Ingress instead',
          path: 'spec.externalIPs',
        },
      ],
    },
    {
      name: 'empty, null or absent externalIPs are clean',
      text: dedent(`
        apiVersion: v1
        kind: Service
        metadata: {name: a}
        spec: {ports: [{port: 80}], externalIPs: []}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: b}
        spec: {ports: [{port: 80}], externalIPs: null}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: c}
        spec: {type: LoadBalancer, ports: [{port: 80}]}
      `),
      findings: [],
    },
    {
      name: 'JSON input',
      file: 'svc.json',
      text: dedent(`
        {
          "apiVersion": "v1",
          "kind": "Service",
          "metadata": {"name": "web", "namespace": "team-a"},
          "spec": {
            "ports": [{"port": 80}],
            "externalIPs": ["192.0.2.1"]
          }
        }
      `),
      findings: [
        {
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 19,
          message:
            'Service "web" claims externalIPs 192.0.2.1 (CVE-2020-8554); use a LoadBalancer Service or an Ingress instead',
          path: 'spec.externalIPs',
        },
      ],
    },
    {
      name: 'kind: List items',
      text: dedent(`
        apiVersion: v1
        kind: ServiceList
        items:
          - apiVersion: v1
            kind: Service
            metadata: {name: x, namespace: team-c}
            spec:
              externalIPs: ["10.0.0.5"]
      `),
      findings: [
        {
          line: 8,
          column: 7,
          endLine: 8,
          endColumn: 19,
          message:
            'Service "x" claims externalIPs 10.0.0.5 (CVE-2020-8554); use a LoadBalancer Service or an Ingress instead',
          path: 'spec.externalIPs',
          object: 'Service team-c/x',
        },
      ],
    },
  ]);
});

// Table of nodeport-service cases: Services of type NodePort, with and without explicit ports.
import { dedent, testRule } from '../helpers/rule-tester.js';

describe('rule nodeport-service', () => {
  testRule('nodeport-service', [
    {
      name: 'NodePort Service with explicit node ports',
      text: dedent(`
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: team-a
        spec:
          type: NodePort
          selector: {app: web}
          ports:
            - {name: http, port: 80, targetPort: 8080, nodePort: 30080}
            - {name: https, port: 443, targetPort: 8443, nodePort: "30443"}
      `),
      findings: [
        {
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 17,
          message:
            'Service "web" is of type NodePort and opens node ports 30080, 30443 on every node',
          path: 'spec.type',
        },
      ],
    },
    {
      name: 'NodePort Service with allocated node ports',
      text: dedent(`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          type: "NodePort"
          ports: [{port: 80}]
      `),
      findings: [
        {
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 19,
          message: 'Service "web" is of type NodePort and opens a port on every node',
          path: 'spec.type',
        },
      ],
    },
    {
      name: 'ClusterIP, headless, ExternalName, unset type and LoadBalancer are not NodePort',
      text: dedent(`
        apiVersion: v1
        kind: Service
        metadata: {name: a}
        spec: {type: ClusterIP, ports: [{port: 80}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: b}
        spec: {clusterIP: None, ports: [{port: 80}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: c}
        spec: {type: ExternalName, externalName: db.example.com}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: d}
        spec: {ports: [{port: 80}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: e}
        spec: {type: LoadBalancer, ports: [{port: 80, nodePort: 30001}]}
      `),
      findings: [],
    },
    {
      name: 'a custom resource called Service is not a core Service',
      text: dedent(`
        apiVersion: serving.knative.dev/v1
        kind: Service
        metadata: {name: hello}
        spec: {type: NodePort}
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
          "metadata": {"name": "web"},
          "spec": {"type": "NodePort", "ports": [{"port": 80, "nodePort": 31000}]}
        }
      `),
      findings: [
        {
          line: 5,
          column: 12,
          endLine: 5,
          endColumn: 30,
          message: 'Service "web" is of type NodePort and opens node port 31000 on every node',
          path: 'spec.type',
        },
      ],
    },
    {
      name: 'kind: List items',
      text: dedent(`
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: Service
            metadata: {name: np, namespace: team-b}
            spec:
              type: NodePort
              ports: [{port: 80, nodePort: 30080}]
      `),
      findings: [
        {
          line: 8,
          column: 7,
          endLine: 8,
          endColumn: 21,
          message: 'Service "np" is of type NodePort and opens node port 30080 on every node',
          path: 'spec.type',
          object: 'Service team-b/np',
        },
      ],
    },
  ]);
});

// Table of node-port-conflict cases: two Services that ask for the same explicit nodePort.
import { dedent, testRule } from '../helpers/rule-tester.js';

function service(ns: string, name: string, type: string, ports: string): string {
  return dedent(`
    apiVersion: v1
    kind: Service
    metadata: {name: ${name}, namespace: ${ns}}
    spec:
      type: ${type}
      ports: ${ports}
  `);
}

describe('rule node-port-conflict', () => {
  testRule('node-port-conflict', [
    {
      name: 'two Services of different namespaces ask for nodePort 30080',
      text: [
        service('team-a', 'web', 'NodePort', '[{port: 80, nodePort: 30080}]'),
        service('team-b', 'api', 'LoadBalancer', '[{port: 80, nodePort: "30080"}]'),
      ].join('---\n'),
      findings: [
        {
          line: 6,
          column: 22,
          endLine: 6,
          endColumn: 37,
          message: 'nodePort 30080 is also requested by Service team-b/api',
          path: 'spec.ports[0].nodePort',
          object: 'Service team-a/web',
        },
        {
          line: 13,
          column: 22,
          endLine: 13,
          endColumn: 39,
          message: 'nodePort 30080 is also requested by Service team-a/web',
          path: 'spec.ports[0].nodePort',
          object: 'Service team-b/api',
        },
      ],
    },
    {
      name: 'in the same namespace too: the API server refuses the second',
      text: [
        service('team-a', 'one', 'NodePort', '[{port: 80, nodePort: 30001}]'),
        service('team-a', 'two', 'NodePort', '[{port: 81, nodePort: 30001, protocol: UDP}]'),
      ].join('---\n'),
      findings: [
        {
          line: 6,
          column: 22,
          endLine: 6,
          endColumn: 37,
          message: 'nodePort 30001 is also requested by Service team-a/two',
          path: 'spec.ports[0].nodePort',
          object: 'Service team-a/one',
        },
        {
          line: 13,
          column: 22,
          endLine: 13,
          endColumn: 37,
          message: 'nodePort 30001 is also requested by Service team-a/one',
          path: 'spec.ports[0].nodePort',
          object: 'Service team-a/two',
        },
      ],
    },
    {
      name: 'one Service using a nodePort for TCP and UDP, distinct ports, allocated ports: clean',
      text: [
        service(
          'team-a',
          'dns',
          'NodePort',
          '[{port: 53, nodePort: 30053}, {port: 53, protocol: UDP, nodePort: 30053}]',
        ),
        service('team-b', 'web', 'NodePort', '[{port: 80, nodePort: 30054}]'),
        service('team-c', 'auto', 'NodePort', '[{port: 80}]'),
        service('team-d', 'auto', 'NodePort', '[{port: 80}]'),
      ].join('---\n'),
      findings: [],
    },
    {
      name: 'a nodePort on a ClusterIP Service is refused by the API server, so it takes no port',
      text: [
        service('team-a', 'stale', 'ClusterIP', '[{port: 80, nodePort: 30080}]'),
        service('team-b', 'web', 'NodePort', '[{port: 80, nodePort: 30080}]'),
      ].join('---\n'),
      findings: [],
    },
    {
      name: 'kind: List in JSON',
      file: 'list.json',
      text: dedent(`
        {"apiVersion": "v1", "kind": "List", "items": [
          {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a", "namespace": "x"},
           "spec": {"type": "NodePort", "ports": [{"port": 80, "nodePort": 31111}]}},
          {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "b", "namespace": "y"},
           "spec": {"type": "NodePort", "ports": [{"port": 80, "nodePort": 31111}]}}
        ]}
      `),
      findings: [
        {
          line: 3,
          column: 56,
          endLine: 3,
          endColumn: 73,
          message: 'nodePort 31111 is also requested by Service y/b',
          path: 'spec.ports[0].nodePort',
          object: 'Service x/a',
        },
        {
          line: 5,
          column: 56,
          endLine: 5,
          endColumn: 73,
          message: 'nodePort 31111 is also requested by Service x/a',
          path: 'spec.ports[0].nodePort',
          object: 'Service y/b',
        },
      ],
    },
  ]);
});

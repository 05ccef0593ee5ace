// Table of loadbalancer-node-ports cases: LoadBalancer Services that still allocate node ports.
import { dedent, testRule } from '../helpers/rule-tester.js';

const message = (name: string) =>
  `Service "${name}" is of type LoadBalancer and still allocates node ports (set allocateLoadBalancerNodePorts: false)`;

describe('rule loadbalancer-node-ports', () => {
  testRule('loadbalancer-node-ports', [
    {
      name: 'LoadBalancer without allocateLoadBalancerNodePorts: the range is the type',
      text: dedent(`
        apiVersion: v1
        kind: Service
        metadata: {name: lb, namespace: team-a}
        spec:
          type: LoadBalancer
          ports: [{port: 443, targetPort: 8443}]
      `),
      findings: [
        {
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 21,
          message: message('lb'),
          path: 'spec.type',
        },
      ],
    },
    {
      name: 'allocateLoadBalancerNodePorts: true: the range is that field',
      text: dedent(`
        apiVersion: v1
        kind: Service
        metadata: {name: lb}
        spec:
          type: LoadBalancer
          allocateLoadBalancerNodePorts: true
          ports: [{port: 443}]
      `),
      findings: [
        {
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 38,
          message: message('lb'),
          path: 'spec.allocateLoadBalancerNodePorts',
        },
      ],
    },
    {
      name: 'allocateLoadBalancerNodePorts: false, and other types, are clean',
      text: dedent(`
        apiVersion: v1
        kind: Service
        metadata: {name: a}
        spec: {type: LoadBalancer, allocateLoadBalancerNodePorts: false, ports: [{port: 443}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: b}
        spec: {type: NodePort, ports: [{port: 443}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: c}
        spec: {ports: [{port: 443}]}
      `),
      findings: [],
    },
    {
      name: 'JSON input',
      file: 'svc.json',
      text: '{"apiVersion":"v1","kind":"Service","metadata":{"name":"lb"},"spec":{"type":"LoadBalancer"}}',
      findings: [
        {
          line: 1,
          column: 70,
          endLine: 1,
          endColumn: 91,
          message: message('lb'),
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
          metadata: {name: lb, namespace: team-d}
          spec: {type: LoadBalancer}
      `),
      findings: [
        {
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 28,
          message: message('lb'),
          path: 'spec.type',
          object: 'Service team-d/lb',
        },
      ],
    },
  ]);
});

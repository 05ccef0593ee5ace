// Table of host-port-conflict cases: same port *and* protocol, other tenant, nodes that can overlap.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  defineRule,
  findRule,
  formatPath,
  hostPortsOf,
  nodesCanOverlap,
  parseManifests,
  scanFiles,
  scanObjects,
  type Rule,
} from '../../src/index.js';
import type { HostPortUse } from '../../src/host-ports.js';
import { MAX_RELATED, nameSome } from '../../src/name-some.js';
import { dedent, testRule } from '../helpers/rule-tester.js';

/** A Deployment asking for one hostPort; `extra` goes into the pod spec (one flow-map line). */
function deployment(ns: string, name: string, port: string, extra = ''): string {
  return dedent(`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: ${name}, namespace: ${ns}}
    spec:
      template:
        spec:
          ${extra || 'restartPolicy: Always'}
          containers:
            - name: app
              ports:
                - ${port}
  `);
}

describe('rule host-port-conflict', () => {
  testRule('host-port-conflict', [
    {
      name: 'two tenants ask for hostPort 8080/TCP',
      text: [
        deployment('team-a', 'web', '{containerPort: 80, hostPort: 8080}'),
        deployment('team-b', 'api', '{containerPort: 80, hostPort: "8080", protocol: tcp}'),
      ].join('---\n'),
      findings: [
        {
          line: 11,
          column: 35,
          endLine: 11,
          endColumn: 49,
          message: 'hostPort 8080/TCP is also requested by Deployment team-b/api of another tenant',
          path: 'spec.template.spec.containers[0].ports[0].hostPort',
          object: 'Deployment team-a/web',
        },
        {
          line: 23,
          column: 35,
          endLine: 23,
          endColumn: 51,
          message: 'hostPort 8080/TCP is also requested by Deployment team-a/web of another tenant',
          path: 'spec.template.spec.containers[0].ports[0].hostPort',
          object: 'Deployment team-b/api',
        },
      ],
    },
    {
      name: 'the same port with another protocol is no conflict',
      text: [
        deployment('team-a', 'dns', '{containerPort: 53, hostPort: 53, protocol: UDP}'),
        deployment('team-b', 'web', '{containerPort: 53, hostPort: 53}'),
      ].join('---\n'),
      findings: [],
    },
    {
      name: 'the same tenant (one namespace, or namespaces with one tenant label) is no conflict',
      text: [
        deployment('team-a', 'one', '{containerPort: 80, hostPort: 8080}'),
        deployment('team-a', 'two', '{containerPort: 80, hostPort: 8080}'),
        deployment('a-dev', 'three', '{containerPort: 80, hostPort: 9090}'),
        deployment('a-prod', 'four', '{containerPort: 80, hostPort: 9090}'),
        dedent(`
          apiVersion: v1
          kind: Namespace
          metadata: {name: a-dev, labels: {capsule.clastix.io/tenant: a}}
          ---
          apiVersion: v1
          kind: Namespace
          metadata: {name: a-prod, labels: {capsule.clastix.io/tenant: a}}
        `),
      ].join('---\n'),
      findings: [],
    },
    {
      name: "a hostNetwork pod binds its containerPorts: they collide with another tenant's hostPort",
      text: [
        deployment('monitoring', 'node-exporter', '{containerPort: 9100}', 'hostNetwork: true'),
        deployment('team-a', 'metrics', '{containerPort: 9100, hostPort: 9100}'),
      ].join('---\n'),
      findings: [
        {
          line: 11,
          column: 16,
          endLine: 11,
          endColumn: 35,
          message:
            'hostPort 9100/TCP is also requested by Deployment team-a/metrics of another tenant',
          path: 'spec.template.spec.containers[0].ports[0].containerPort',
          object: 'Deployment monitoring/node-exporter',
        },
        {
          line: 23,
          column: 37,
          endLine: 23,
          endColumn: 51,
          message:
            'hostPort 9100/TCP is also requested by Deployment monitoring/node-exporter of another tenant',
          path: 'spec.template.spec.containers[0].ports[0].hostPort',
          object: 'Deployment team-a/metrics',
        },
      ],
    },
    {
      name: 'pods that never share a node: other nodeName, disagreeing nodeSelector, other hostIP',
      text: [
        deployment('team-a', 'n1', '{containerPort: 80, hostPort: 81}', 'nodeName: node-1'),
        deployment('team-b', 'n2', '{containerPort: 80, hostPort: 81}', 'nodeName: node-2'),
        deployment('team-a', 's1', '{containerPort: 80, hostPort: 82}', 'nodeSelector: {pool: a}'),
        deployment('team-b', 's2', '{containerPort: 80, hostPort: 82}', 'nodeSelector: {pool: b}'),
        deployment('team-a', 'i1', '{containerPort: 80, hostPort: 83, hostIP: 10.0.0.1}'),
        deployment('team-b', 'i2', '{containerPort: 80, hostPort: 83, hostIP: 10.0.0.2}'),
      ].join('---\n'),
      findings: [],
    },
    {
      name: 'a specific hostIP still collides with one bound to every address',
      text: [
        deployment('team-a', 'i1', '{containerPort: 80, hostPort: 83, hostIP: 10.0.0.1}'),
        deployment('team-b', 'i2', '{containerPort: 80, hostPort: 83, hostIP: 0.0.0.0}'),
      ].join('---\n'),
      findings: [
        {
          line: 11,
          column: 35,
          endLine: 11,
          endColumn: 47,
          message: 'hostPort 83/TCP is also requested by Deployment team-b/i2 of another tenant',
          path: 'spec.template.spec.containers[0].ports[0].hostPort',
          object: 'Deployment team-a/i1',
        },
        {
          line: 23,
          column: 35,
          endLine: 23,
          endColumn: 47,
          message: 'hostPort 83/TCP is also requested by Deployment team-a/i1 of another tenant',
          path: 'spec.template.spec.containers[0].ports[0].hostPort',
          object: 'Deployment team-b/i2',
        },
      ],
    },
    {
      name: 'a namespaced object against one without a namespace (JSON)',
      file: 'pair.json',
      text: dedent(`
        {"apiVersion": "v1", "kind": "List", "items": [
          {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "namespace": "team-a"},
           "spec": {"containers": [{"name": "c", "ports": [{"containerPort": 1, "hostPort": 7000}]}]}},
          {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "b"},
           "spec": {"containers": [{"name": "c", "ports": [{"containerPort": 1, "hostPort": 7000}]}]}}
        ]}
      `),
      findings: [
        {
          line: 3,
          column: 73,
          endLine: 3,
          endColumn: 89,
          message: 'hostPort 7000/TCP is also requested by Pod b of another tenant',
          path: 'spec.containers[0].ports[0].hostPort',
          object: 'Pod team-a/a',
        },
        {
          line: 5,
          column: 73,
          endLine: 5,
          endColumn: 89,
          message: 'hostPort 7000/TCP is also requested by Pod team-a/a of another tenant',
          path: 'spec.containers[0].ports[0].hostPort',
          object: 'Pod /b',
        },
      ],
    },
  ]);
});

describe('rule host-port-conflict on a crowded port', () => {
  it('names three others, counts the rest, and keeps at most ten related locations', () => {
    const pods = Array.from({ length: 13 }, (_, i) =>
      [
        'apiVersion: v1',
        'kind: Pod',
        `metadata: {name: p${i}, namespace: ns-${i}}`,
        'spec: {containers: [{name: c, ports: [{containerPort: 1, hostPort: 9000}]}]}',
      ].join('\n'),
    ).join('\n---\n');
    const { findings } = scanFiles([{ file: 'crowd.yaml', text: pods }], {
      rules: [findRule('host-port-conflict')!],
    });
    assert.equal(findings.length, 13);
    assert.equal(
      findings[0].message,
      'hostPort 9000/TCP is also requested by Pod ns-1/p1, Pod ns-2/p2, Pod ns-3/p3 and 9 more workloads of other tenants',
    );
    assert.equal(findings[0].related?.length, 10);
    assert.deepEqual(findings[0].data, { port: 9000, protocol: 'TCP', others: 12 });
  });
});

describe('rule host-port-conflict: counting per tenant equals comparing every pair', () => {
  it('on generated crowds of pods in a few namespaces, with and without node placement', () => {
    const rule = findRule('host-port-conflict')!;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            ns: fc.constantFrom('a', 'b', 'c', 'd'),
            name: fc.constantFrom('p', 'q', 'r'),
            port: fc.constantFrom(80, 81),
            zone: fc.constantFrom(undefined, undefined, undefined, 'x', 'y'),
          }),
          { minLength: 2, maxLength: 25 },
        ),
        fc.boolean(),
        (pods, tenantLabels) => {
          const docs = pods.map((p, i) =>
            [
              'apiVersion: v1',
              'kind: Pod',
              `metadata: {name: ${p.name}${i % 5}, namespace: ${p.ns}}`,
              `spec: {${p.zone ? `nodeSelector: {zone: ${p.zone}}, ` : ''}containers: [{name: c, ports: [{containerPort: 1, hostPort: ${p.port}}]}]}`,
            ].join('\n'),
          );
          // Namespaces a and b may be one tenant: fewer pairs conflict.
          if (tenantLabels)
            for (const ns of ['a', 'b'])
              docs.push(
                `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}, labels: {capsule.clastix.io/tenant: t}}`,
              );
          const text = docs.join('\n---\n');
          const { objects } = parseManifests(text, 'crowd.yaml');
          const fast = scanObjects(objects, { rules: [rule] }).findings;
          const slow = scanObjects(objects, { rules: [pairwise(rule)] }).findings;
          assert.deepStrictEqual(fast, slow);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** The rule as it was: every use against every other (quadratic), the reference for the count. */
function pairwise(rule: Rule): Rule {
  return defineRule({
    meta: rule.meta,
    checkAll(objects, context) {
      const byPort = new Map<string, HostPortUse[]>();
      for (const object of objects)
        for (const use of hostPortsOf(object)) {
          const key = `${use.port}/${use.protocol}`;
          byPort.set(key, [...(byPort.get(key) ?? []), use]);
        }
      for (const [key, uses] of byPort) {
        for (const use of uses) {
          const tenant = context.tenantOf(use.object.ref.namespace);
          const others = uses.filter(
            (o) =>
              o.object !== use.object &&
              context.tenantOf(o.object.ref.namespace) !== tenant &&
              nodesCanOverlap(use, o),
          );
          if (others.length === 0) continue;
          const ref = (o: HostPortUse) =>
            `${o.object.ref.kind} ${o.object.ref.namespace ? `${o.object.ref.namespace}/` : ''}${o.object.ref.name}`;
          const names = [...new Set(others.map(ref))];
          context.report({
            object: use.object,
            path: use.path,
            message: `hostPort ${key} is also requested by ${nameSome(names, 'workloads of other tenants', 'of another tenant')}`,
            related: others.slice(0, MAX_RELATED).map((o) => ({
              object: o.object,
              path: o.path,
              message: `also asks for hostPort ${key} (${formatPath(o.path)})`,
            })),
            data: { port: use.port, protocol: use.protocol, others: others.length },
          });
        }
      }
    },
  });
}

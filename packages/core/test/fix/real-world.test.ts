// Fixes manifests written for other purposes (the scenario corpus, examples/) and checks the result
// holds valid objects: Services select their pods and target real ports, nothing else changed.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  containersOf,
  findPodSpec,
  fixText,
  isObject,
  parseManifests,
  REMEDIATION_TARGETS,
  type KubeObject,
  type ManifestObject,
} from '../../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const CORPORA = [
  join(here, '..', 'fixtures', 'scenarios'),
  join(here, '..', '..', '..', '..', 'examples'),
];

/** Keys a fix may remove; a comment trailing on their line goes with them. */
const REMOVABLE =
  /^\s*(-\s+)?(hostPort|hostIP|hostNetwork|dnsPolicy|nodePort|externalIPs|externalTrafficPolicy|healthCheckNodePort)\s*:/;

const id = (o: ManifestObject) =>
  `${o.ref.apiVersion}/${o.ref.kind} ${o.ref.namespace ?? ''}/${o.ref.name}`;

/** An object minus every field a fix may change, so what is left must be identical. */
function normalize(value: KubeObject): KubeObject {
  const v = structuredClone(value);
  const pod = findPodSpec(v);
  if (pod) {
    delete pod.spec.hostNetwork;
    if (pod.spec.dnsPolicy === 'ClusterFirstWithHostNet') delete pod.spec.dnsPolicy;
    for (const { container } of containersOf(pod)) {
      for (const p of Array.isArray(container.ports) ? container.ports : []) {
        if (isObject(p)) {
          delete p.hostPort;
          delete p.hostIP;
        }
      }
    }
    const md = pod.metadataPath.reduce((o: any, k) => o?.[k], v);
    if (isObject(md?.labels)) delete md.labels['app.kubernetes.io/name'];
    if (isObject(md?.labels) && Object.keys(md.labels).length === 0) delete md.labels;
  }
  if (v.kind === 'Service' && isObject(v.spec)) {
    for (const k of [
      'type',
      'externalIPs',
      'externalTrafficPolicy',
      'healthCheckNodePort',
      'allocateLoadBalancerNodePorts',
    ]) {
      delete v.spec[k];
    }
    for (const p of Array.isArray(v.spec.ports) ? v.spec.ports : [])
      if (isObject(p)) delete p.nodePort;
  }
  return v;
}

function podLabels(o: ManifestObject): Record<string, unknown> {
  const pod = findPodSpec(o.value)!;
  const md = pod.metadataPath.reduce((x: any, k) => x?.[k], o.value);
  return isObject(md?.labels) ? md.labels : {};
}

for (const dir of CORPORA) {
  for (const name of readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    describe(`fix on real-world manifests: ${name}`, () => {
      const text = readFileSync(join(dir, name), 'utf8');
      for (const to of REMEDIATION_TARGETS) {
        it(`--to ${to}`, () => {
          const before = parseManifests(text, name);
          const result = fixText(text, name, { to });
          const after = parseManifests(result.text, name);
          assert.equal(after.errors.length, before.errors.length, 'no new parse error');
          assert.equal(
            fixText(result.text, name, { to }).text,
            result.text,
            'second run is a no-op',
          );

          // every comment survives, except one trailing on a line the fix removed
          for (const line of text.split(/\r?\n/)) {
            const hash = line.indexOf('#');
            if (hash < 0 || REMOVABLE.test(line)) continue;
            assert.ok(result.text.includes(line.slice(hash)), `comment lost: ${line}`);
          }

          // every object of the input is still there, changed only in the fields a fix may change
          const now = new Map(after.objects.map((o) => [id(o), o]));
          for (const o of before.objects) {
            const twin = now.get(id(o));
            assert.ok(twin, `${id(o)} is gone`);
            assert.deepEqual(normalize(twin.value), normalize(o.value), `${id(o)} changed`);
          }

          // every new Service selects a workload's pods and targets its ports; every new Ingress a Service port
          const old = new Set(before.objects.map(id));
          const added = after.objects.filter((o) => !old.has(id(o)));
          for (const svc of added.filter((o) => o.ref.kind === 'Service')) {
            const selector = Object.entries(svc.value.spec.selector as Record<string, string>);
            const workload = after.objects.find(
              (w) =>
                w.ref.namespace === svc.ref.namespace &&
                findPodSpec(w.value) &&
                selector.every(([k, v]) => String(podLabels(w)[k]) === v),
            );
            assert.ok(workload, `${id(svc)} selects no workload`);
            const ports = containersOf(findPodSpec(workload.value)!).flatMap(({ container }) =>
              Array.isArray(container.ports) ? container.ports : [],
            );
            for (const p of svc.value.spec.ports) {
              assert.ok(
                ports.some((c: KubeObject) =>
                  typeof p.targetPort === 'string'
                    ? c.name === p.targetPort
                    : c.containerPort === p.targetPort,
                ),
                `${id(svc)} targetPort ${p.targetPort}`,
              );
            }
          }
          for (const ing of added.filter((o) => o.ref.kind === 'Ingress')) {
            const backend = ing.value.spec.rules[0].http.paths[0].backend.service;
            const svc = after.objects.find(
              (o) =>
                o.ref.kind === 'Service' &&
                o.ref.name === backend.name &&
                o.ref.namespace === ing.ref.namespace,
            );
            assert.ok(svc, `${id(ing)} routes to a missing Service`);
            assert.ok(
              svc.value.spec.ports.some((p: KubeObject) =>
                backend.port.name ? p.name === backend.port.name : p.port === backend.port.number,
              ),
              `${id(ing)} routes to a missing port`,
            );
          }
        });
      }
    });
  }
}

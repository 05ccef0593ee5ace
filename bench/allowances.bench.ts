// Allowances bench: scanObjects over 10,000 workloads and Services with 50 tenant allowances and Capsule Tenants, against no allowances.
import {
  loadConfig,
  parseManifests,
  scanObjects,
  type ManifestObject,
} from '../packages/core/src/index.js';
import { interleave, median, type BenchResult } from './lib.js';

export const name = 'allowances';

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const TENANTS = 50;
/** Judging ports against allowances should cost little beside the scan itself. */
const TARGET = 1.25;

/** Namespaces of 50 Capsule tenants, their Tenants, and workloads/Services with host and node ports. */
function corpus(): string {
  const docs: string[] = [];
  for (let t = 0; t < TENANTS; t++) {
    docs.push(
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-${t}\n  labels: {capsule.clastix.io/tenant: tenant-${t}}\n`,
      `apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: tenant-${t}\nspec:\n  serviceOptions:\n    allowedServices: {nodePort: ${t % 5 !== 0}}\n    externalIPs: {allowed: ["10.${t}.0.0/16"]}\n`,
    );
  }
  for (let i = 0; i < DOCUMENTS; i++) {
    const ns = `team-${i % TENANTS}`;
    docs.push(
      i % 2
        ? `apiVersion: v1\nkind: Service\nmetadata:\n  name: s-${i}\n  namespace: ${ns}\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: ${30000 + (i % 2700)}\n`
        : `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d-${i}\n  namespace: ${ns}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app\n          ports:\n            - containerPort: 8080\n              hostPort: ${8000 + (i % 500)}\n`,
    );
  }
  return docs.join('---\n');
}

const ALLOW = loadConfig(
  [
    'allow:',
    ...Array.from({ length: TENANTS }, (_, t) => [
      `  - tenant: tenant-${t}`,
      `    hostPorts: ["${8000 + t * 10}-${8000 + t * 10 + 9}"]`,
      `    nodePorts: ["${30000 + t * 50}-${30000 + t * 50 + 49}"]`,
      `    reason: tenant ${t}'s ports`,
    ]).flat(),
    '',
  ].join('\n'),
  '.portguard.yaml',
);
const NONE = loadConfig('rules: {}\n', '.portguard.yaml');

export async function run(): Promise<BenchResult> {
  const objects: ManifestObject[] = parseManifests(corpus(), 'corpus.yaml').objects;
  let suppressed = 0;
  const times = await interleave(
    {
      'no allowances': () => scanObjects(objects, { config: NONE }),
      '50 allowances': () => {
        suppressed = scanObjects(objects, { config: ALLOW }).suppressed.length;
      },
    },
    ROUNDS,
  );
  const base = median(times['no allowances']);
  const withAllow = median(times['50 allowances']);
  return {
    name,
    title: `scanObjects over ${objects.length} objects (${TENANTS} Capsule tenants), with and without allowances`,
    rows: [
      {
        metric: `scanObjects with ${TENANTS} allowances (${suppressed} findings inside them)`,
        value: withAllow,
        unit: 'ms',
        baseline: base,
        baselineLabel: 'the same scan without allowances',
        ratio: withAllow / base,
        target: TARGET,
      },
    ],
  };
}

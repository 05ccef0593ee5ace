// Rendered bench: scanning kustomize output and mapping every finding back to its base or patch line, against the scan alone.
import {
  KustomizeMapper,
  ORIGIN_ANNOTATION,
  parseManifests,
  scanObjects,
} from '../packages/core/src/index.js';
import { interleave, median, type BenchResult } from './lib.js';

export const name = 'rendered';

const DEPLOYMENTS = Number(process.env.BENCH_DOCUMENTS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
/**
 * Mapping parses each source file once per build (the base and the patches, here about as big
 * as the output), then looks every finding up by name: at most about one more parse.
 */
const TARGET = 2.5;

const ROOT = '/bench/overlays/prod';

const deployment = (i: number, hostPort: boolean, prefix = '', annotate = false) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${prefix}web-${i}`,
    ...(annotate
      ? ['  annotations:', `    ${ORIGIN_ANNOTATION}: |`, '      path: ../../base/deploy.yaml']
      : []),
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: nginx',
    '          ports:',
    '            - containerPort: 80',
    ...(hostPort ? ['              hostPort: 8080'] : []),
    '',
  ].join('\n');

/** A base of N Deployments (every 4th with a hostPort), an overlay that patches every 4th other one. */
function tree(): { files: Map<string, string>; rendered: string } {
  const base: string[] = [];
  const patch: string[] = [];
  const rendered: string[] = [];
  for (let i = 0; i < DEPLOYMENTS; i++) {
    base.push(deployment(i, i % 4 === 0));
    if (i % 4 === 2) patch.push(deployment(i, true).replace('          image: nginx\n', ''));
    rendered.push(deployment(i, i % 4 === 0 || i % 4 === 2, 'prod-', true));
  }
  const files = new Map([
    ['/bench/base/kustomization.yaml', 'resources:\n  - deploy.yaml\n'],
    ['/bench/base/deploy.yaml', base.join('---\n')],
    [
      `${ROOT}/kustomization.yaml`,
      'namePrefix: prod-\nresources:\n  - ../../base\npatches:\n  - path: hp.yaml\n',
    ],
    [`${ROOT}/hp.yaml`, patch.join('---\n')],
  ]);
  return { files, rendered: rendered.join('---\n') };
}

export async function run(): Promise<BenchResult> {
  const { files, rendered } = tree();
  let mapped = 0;
  let inPatch = 0;
  const times = await interleave(
    {
      'scan alone': () => scanObjects(parseManifests(rendered, 'prod').objects),
      'scan + map': () => {
        const objects = parseManifests(rendered, 'prod').objects;
        const { findings } = scanObjects(objects);
        const byName = new Map(objects.map((o) => [o.ref.name, o]));
        const mapper = new KustomizeMapper({
          root: ROOT,
          originBase: ROOT,
          read: (p) => files.get(p),
        });
        mapped = 0;
        inPatch = 0;
        for (const f of findings) {
          const place = mapper.place(byName.get(f.object.name)!.value, f.pathSegments);
          mapped++;
          if (place.file.endsWith('hp.yaml')) inPatch++;
        }
      },
    },
    ROUNDS,
  );
  const scan = median(times['scan alone']);
  const both = median(times['scan + map']);
  return {
    name,
    title: `${DEPLOYMENTS} rendered Deployments, ${mapped} findings mapped (${inPatch} to the patch)`,
    rows: [
      {
        metric: 'scan of kustomize output, then every finding mapped to its source line',
        value: both,
        unit: 'ms',
        baseline: scan,
        baselineLabel: 'the scan alone',
        ratio: both / scan,
        target: TARGET,
      },
    ],
  };
}

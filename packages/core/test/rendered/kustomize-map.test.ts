// Table of kustomization trees (in memory) and the source place each rendered field maps to.
import { strict as assert } from 'node:assert';
import {
  KustomizeMapper,
  ORIGIN_ANNOTATION,
  type KubeObject,
  type RenderedVia,
} from '../../src/index.js';

const ROOT = '/repo/overlays/prod';

const BASE_DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: sidecar
          image: busybox
        - name: app
          image: nginx
          ports:
            - containerPort: 80
              hostPort: 80
`;

const BASE_KUST = `resources:
  - deploy.yaml
`;

/** A rendered Deployment as kustomize prints it: prefixed name, the origin annotation. */
function deployment(
  hostPort: number,
  originPath = '../../base/deploy.yaml',
  extra: KubeObject = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'prod-web',
      labels: { app: 'web' },
      annotations: { [ORIGIN_ANNOTATION]: `path: ${originPath}\n` },
    },
    spec: {
      template: {
        spec: {
          containers: [
            { name: 'sidecar', image: 'busybox' },
            { name: 'app', image: 'nginx', ports: [{ containerPort: 80, hostPort }] },
          ],
          ...extra,
        },
      },
    },
  };
}

const HOST_PORT = ['spec', 'template', 'spec', 'containers', 1, 'ports', 0, 'hostPort'];

interface Case {
  name: string;
  files: Record<string, string>;
  object: KubeObject;
  path: (string | number)[];
  want: { file: string; line?: number; column?: number; endColumn?: number; via: RenderedVia };
}

const overlay = (body: string) => `namePrefix: prod-\nresources:\n  - ../../base\n${body}`;

const cases: Case[] = [
  {
    name: 'no patch: the base resource, key and value',
    files: {
      '/repo/base/kustomization.yaml': BASE_KUST,
      '/repo/base/deploy.yaml': BASE_DEPLOY,
      [`${ROOT}/kustomization.yaml`]: overlay(''),
    },
    object: deployment(80),
    path: HOST_PORT,
    want: { file: '/repo/base/deploy.yaml', line: 15, column: 15, endColumn: 27, via: 'resource' },
  },
  {
    name: 'a strategic-merge patch file that lists only the container it changes (matched by name)',
    files: {
      '/repo/base/kustomization.yaml': BASE_KUST,
      '/repo/base/deploy.yaml': BASE_DEPLOY,
      [`${ROOT}/kustomization.yaml`]: overlay('patches:\n  - path: hp.yaml\n'),
      [`${ROOT}/hp.yaml`]:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          ports:\n            - containerPort: 80\n              hostPort: 8080\n',
    },
    object: deployment(8080),
    path: HOST_PORT,
    want: { file: `${ROOT}/hp.yaml`, line: 12, column: 15, endColumn: 29, via: 'patch' },
  },
  {
    name: 'a patch naming another object is not the answer: the base is',
    files: {
      '/repo/base/kustomization.yaml': BASE_KUST,
      '/repo/base/deploy.yaml': BASE_DEPLOY,
      [`${ROOT}/kustomization.yaml`]: overlay('patchesStrategicMerge:\n  - hp.yaml\n'),
      [`${ROOT}/hp.yaml`]:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          ports:\n            - containerPort: 80\n              hostPort: 80\n',
    },
    object: deployment(80),
    path: HOST_PORT,
    want: { file: '/repo/base/deploy.yaml', line: 15, column: 15, endColumn: 27, via: 'resource' },
  },
  {
    name: 'a later JSON 6902 op wins over an earlier patch with another value: the line of its value',
    files: {
      '/repo/base/kustomization.yaml': BASE_KUST,
      '/repo/base/deploy.yaml': BASE_DEPLOY,
      [`${ROOT}/kustomization.yaml`]: overlay(
        'patches:\n  - path: hp.yaml\npatchesJson6902:\n  - target: {group: apps, version: v1, kind: Deployment, name: web}\n    path: ops.json\n',
      ),
      [`${ROOT}/hp.yaml`]:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          ports:\n            - containerPort: 80\n              hostPort: 8080\n',
      [`${ROOT}/ops.json`]:
        '[\n  {"op": "replace", "path": "/spec/template/spec/containers/1/ports/0/hostPort",\n   "value": 9443}\n]\n',
    },
    object: deployment(9443),
    path: HOST_PORT,
    want: { file: `${ROOT}/ops.json`, line: 3, column: 4, endColumn: 17, via: 'patch' },
  },
  {
    name: 'a JSON 6902 op that appends a port holding the hostPort: the line of its value:',
    files: {
      '/repo/base/kustomization.yaml': BASE_KUST,
      '/repo/base/deploy.yaml': BASE_DEPLOY.replace('              hostPort: 80\n', ''),
      [`${ROOT}/kustomization.yaml`]: overlay(
        'patches:\n  - target:\n      kind: Deployment\n    patch: |-\n      - op: add\n        path: /spec/template/spec/containers/1/ports/-\n        value:\n          containerPort: 9000\n          hostPort: 9000\n',
      ),
    },
    object: (() => {
      const d = deployment(80);
      d.spec.template.spec.containers[1].ports = [
        { containerPort: 80 },
        { containerPort: 9000, hostPort: 9000 },
      ];
      return d;
    })(),
    path: ['spec', 'template', 'spec', 'containers', 1, 'ports', 1, 'hostPort'],
    want: { file: `${ROOT}/kustomization.yaml`, line: 10, column: 9, endColumn: 15, via: 'patch' },
  },
  {
    name: 'an inline strategic-merge patch: its line inside kustomization.yaml',
    files: {
      '/repo/base/kustomization.yaml': BASE_KUST,
      '/repo/base/deploy.yaml': BASE_DEPLOY,
      [`${ROOT}/kustomization.yaml`]: overlay(
        'patches:\n  - patch: |\n      kind: Deployment\n      metadata:\n        name: web\n      spec:\n        template:\n          spec:\n            hostNetwork: true\n',
      ),
    },
    object: deployment(80, undefined, { hostNetwork: true }),
    path: ['spec', 'template', 'spec', 'hostNetwork'],
    want: { file: `${ROOT}/kustomization.yaml`, line: 12, column: 13, endColumn: 30, via: 'patch' },
  },
  {
    name: 'an inline patch in a quoted string: the patch: key (its lines are not the file lines)',
    files: {
      '/repo/base/kustomization.yaml': BASE_KUST,
      '/repo/base/deploy.yaml': BASE_DEPLOY,
      [`${ROOT}/kustomization.yaml`]: overlay(
        'patches:\n  - target: {kind: Deployment}\n    patch: "[{\\"op\\": \\"add\\", \\"path\\": \\"/spec/template/spec/hostPID\\", \\"value\\": true}]"\n',
      ),
    },
    object: deployment(80, undefined, { hostPID: true }),
    path: ['spec', 'template', 'spec', 'hostPID'],
    want: { file: `${ROOT}/kustomization.yaml`, line: 6, column: 5, endColumn: 12, via: 'patch' },
  },
  {
    name: 'a target whose labelSelector does not select the object is skipped',
    files: {
      '/repo/base/kustomization.yaml': BASE_KUST,
      '/repo/base/deploy.yaml': BASE_DEPLOY,
      [`${ROOT}/kustomization.yaml`]: overlay(
        'patches:\n  - target:\n      labelSelector: app=api\n    patch: |-\n      - op: replace\n        path: /spec/template/spec/containers/1/ports/0/hostPort\n        value: 80\n',
      ),
    },
    object: deployment(80),
    path: HOST_PORT,
    want: { file: '/repo/base/deploy.yaml', line: 15, column: 15, endColumn: 27, via: 'resource' },
  },
  {
    name: 'a patch in the middle of overlay → mid → base',
    files: {
      '/repo/base/kustomization.yaml': BASE_KUST,
      '/repo/base/deploy.yaml': BASE_DEPLOY.replace('              hostPort: 80\n', ''),
      '/repo/overlays/mid/kustomization.yaml':
        'resources:\n  - ../../base\npatches:\n  - path: hp.yaml\n',
      '/repo/overlays/mid/hp.yaml':
        'kind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          ports:\n            - containerPort: 80\n              hostPort: 7070\n',
      [`${ROOT}/kustomization.yaml`]: 'namePrefix: prod-\nresources:\n  - ../mid\n',
    },
    object: deployment(7070),
    path: HOST_PORT,
    want: { file: '/repo/overlays/mid/hp.yaml', line: 11, column: 15, endColumn: 29, via: 'patch' },
  },
  {
    name: 'a patch of a component the overlay includes',
    files: {
      '/repo/base/kustomization.yaml': BASE_KUST,
      '/repo/base/deploy.yaml': BASE_DEPLOY,
      [`${ROOT}/kustomization.yaml`]: overlay('components:\n  - ../../components/node-access\n'),
      '/repo/components/node-access/kustomization.yaml':
        'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: net.yaml\n',
      '/repo/components/node-access/net.yaml':
        'kind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      hostNetwork: true\n',
    },
    object: deployment(80, undefined, { hostNetwork: true }),
    path: ['spec', 'template', 'spec', 'hostNetwork'],
    want: {
      file: '/repo/components/node-access/net.yaml',
      line: 7,
      column: 7,
      endColumn: 24,
      via: 'patch',
    },
  },
  {
    name: 'a base file of several objects: the document of the same name, patched or not',
    files: {
      '/repo/base/kustomization.yaml': BASE_KUST,
      '/repo/base/deploy.yaml': `${BASE_DEPLOY.replace('name: web', 'name: api')}---\n${BASE_DEPLOY.replace('              hostPort: 80\n', '              hostPort: 81\n')}`,
      [`${ROOT}/kustomization.yaml`]: overlay(''),
    },
    object: deployment(81),
    path: HOST_PORT,
    want: { file: '/repo/base/deploy.yaml', line: 31, column: 15, endColumn: 27, via: 'resource' },
  },
  {
    name: 'a value written nowhere (a replacement made it): the kustomization that transforms, no patch',
    files: {
      '/repo/base/kustomization.yaml': BASE_KUST,
      '/repo/base/deploy.yaml': BASE_DEPLOY,
      [`${ROOT}/kustomization.yaml`]: overlay('replacements:\n  - path: r.yaml\n'),
    },
    object: deployment(31337),
    path: HOST_PORT,
    want: {
      file: `${ROOT}/kustomization.yaml`,
      line: 4,
      column: 1,
      endColumn: 14,
      via: 'transformer',
    },
  },
  {
    name: 'a generated object: the generator in the kustomization that configures it',
    files: {
      [`${ROOT}/kustomization.yaml`]: 'configMapGenerator:\n  - name: cfg\n    literals: [a=b]\n',
    },
    object: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'cfg-abc',
        annotations: {
          [ORIGIN_ANNOTATION]:
            'configuredIn: kustomization.yaml\nconfiguredBy:\n  apiVersion: builtin\n  kind: ConfigMapGenerator\n',
        },
      },
    },
    path: ['data'],
    want: {
      file: `${ROOT}/kustomization.yaml`,
      line: 1,
      column: 1,
      endColumn: 20,
      via: 'generator',
    },
  },
];

describe('KustomizeMapper: the place a rendered field is written', () => {
  for (const c of cases) {
    it(c.name, () => {
      const mapper = new KustomizeMapper({ root: ROOT, originBase: ROOT, read: (p) => c.files[p] });
      const place = mapper.place(c.object, c.path);
      assert.deepEqual(
        {
          file: place.file,
          line: place.range?.start.line,
          column: place.range?.start.column,
          endColumn: place.range?.end.column,
          via: place.via,
        },
        c.want,
      );
    });
  }
});

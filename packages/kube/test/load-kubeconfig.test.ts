// kubeconfig resolution as kubectl does it: which file, which context, which namespace, and clear failures.
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { loadKubeconfig } from '../src/load-kubeconfig.js';
import { ClusterError } from '../src/errors.js';
import { writeTemp } from './fixtures.js';

const config = (o: {
  current?: string;
  contexts: [name: string, cluster: string, user: string, ns?: string][];
  clusters: [name: string, server: string][];
  users?: [name: string, token: string][];
}) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': o.current,
    clusters: o.clusters.map(([name, server]) => ({ name, cluster: { server } })),
    contexts: o.contexts.map(([name, cluster, user, namespace]) => ({
      name,
      context: { cluster, user, namespace },
    })),
    users: (o.users ?? []).map(([name, token]) => ({ name, user: { token } })),
  });

const first = writeTemp(
  'first.json',
  config({
    current: 'dev',
    contexts: [['dev', 'c1', 'u1', 'team-a']],
    clusters: [['c1', 'https://first.example:6443']],
    users: [['u1', 'first-token']],
  }),
);
const second = writeTemp(
  'second.json',
  config({
    current: 'prod',
    contexts: [
      ['prod', 'c2', 'u2'],
      ['dev', 'c2', 'u2', 'ignored'],
    ],
    clusters: [
      ['c1', 'https://shadowed.example'],
      ['c2', 'https://second.example'],
    ],
    users: [['u2', 'second-token']],
  }),
);
const home = dirname(
  dirname(
    writeTemp(
      'home/.kube/config',
      config({
        current: 'h',
        contexts: [['h', 'ch', 'uh']],
        clusters: [['ch', 'http://127.0.0.1:1']],
        users: [['uh', 't']],
      }),
    ),
  ),
);
const broken = writeTemp(
  'broken.yaml',
  'users:\n- name: x\n  user:\n    token: s3cr3t-token\n  bad: [\n',
);

type Case = [
  what: string,
  target: Parameters<typeof loadKubeconfig>[0],
  expected: { context: string; server: string; namespace: string } | string,
];

const cases: Case[] = [
  [
    '--kubeconfig',
    { kubeconfig: first, env: {} },
    { context: 'dev', server: 'https://first.example:6443', namespace: 'team-a' },
  ],
  [
    '$KUBECONFIG merged first-wins (current-context and entries of the first file)',
    { env: { KUBECONFIG: `${first}:${second}` } },
    { context: 'dev', server: 'https://first.example:6443', namespace: 'team-a' },
  ],
  [
    '--context picks a context of a later file',
    { env: { KUBECONFIG: `${first}:${second}` }, context: 'prod' },
    { context: 'prod', server: 'https://second.example', namespace: 'default' },
  ],
  [
    '-n overrides the context namespace',
    { kubeconfig: first, namespace: 'x', env: {} },
    { context: 'dev', server: 'https://first.example:6443', namespace: 'x' },
  ],
  [
    'missing $KUBECONFIG entries are skipped',
    { env: { KUBECONFIG: `/nope.yaml:${second}` } },
    { context: 'prod', server: 'https://second.example', namespace: 'default' },
  ],
  [
    '~/.kube/config',
    { env: { HOME: home } },
    { context: 'h', server: 'http://127.0.0.1:1', namespace: 'default' },
  ],
  [
    'a missing --kubeconfig',
    { kubeconfig: '/nope.yaml', env: {} },
    'kubeconfig file /nope.yaml does not exist',
  ],
  [
    'no kubeconfig anywhere',
    { env: { HOME: '/nonexistent' } },
    'no kubeconfig found: pass --kubeconfig FILE, set $KUBECONFIG or create /nonexistent/.kube/config (or try --demo)',
  ],
  [
    'an unknown --context',
    { kubeconfig: first, context: 'nope', env: {} },
    'context "nope" is not in the kubeconfig',
  ],
  [
    'a YAML error (without quoting the file)',
    { kubeconfig: broken, env: {} },
    `kubeconfig ${broken}:6: unexpected end of the stream within a flow collection`,
  ],
];

describe('loadKubeconfig', () => {
  for (const [what, target, expected] of cases) {
    it(what, () => {
      if (typeof expected === 'string') {
        assert.throws(
          () => loadKubeconfig(target),
          (e: unknown) => e instanceof ClusterError && e.message === expected,
        );
        return;
      }
      const got = loadKubeconfig(target);
      assert.deepEqual(
        { context: got.context, server: got.server, namespace: got.namespace },
        expected,
      );
    });
  }

  it('collects the credentials so messages can be scrubbed of them', () => {
    assert.deepEqual(loadKubeconfig({ env: { KUBECONFIG: `${first}:${second}` } }).secrets, [
      'first-token',
      'second-token',
    ]);
  });
});

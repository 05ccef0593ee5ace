// The real kubectl against the project's API server: get, get -o json, get -w, and `kubectl portguard scan` live.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readState, startApiServer, type ApiServer } from '@portguard/apiserver';
import {
  MULTI_TENANT,
  findingLines,
  kubectl,
  kubectlEnv,
  root,
  writeTemp,
} from './kubectl-live-helpers.js';

const ADMIN = 'e2e-admin-token-4f1c9a7b';
const TENANT = 'e2e-tenant-token-8d2e6c3a';
const STALE = 'e2e-stale-token-1b5f7e9d';
const SECRETS = [ADMIN, TENANT, STALE, 'e2e-unknown-token-0000'];
const USERS = [
  { name: 'admin', token: ADMIN },
  { name: 'tenant', token: TENANT, forbiddenNamespaces: ['team-c'] },
  { name: 'stale', token: STALE, expired: true },
];

const EXPECTED = [
  'external-ips Service/team-c/legacy',
  'host-network Pod/team-b/debug',
  'host-port DaemonSet/kube-system/node-exporter (2 pods)',
  'host-port Deployment/team-a/web (3 pods)',
  'host-port Deployment/team-b/api (1 pods)',
  'host-port-conflict Deployment/team-a/web (3 pods)',
  'host-port-conflict Deployment/team-b/api (1 pods)',
  'loadbalancer-node-ports Service/team-b/api',
  'nodeport-service Service/team-a/web',
];

function assertNoSecret(...texts: string[]) {
  for (const t of texts)
    for (const s of SECRETS) assert.ok(!t.includes(s), 'a token leaked into the output');
}

describe('real kubectl against the project API server (HTTPS, generated CA)', function () {
  this.timeout(60_000);
  let server: ApiServer;
  let admin: string;
  before(async () => {
    server = await startApiServer({ state: readState(MULTI_TENANT), users: USERS, https: true });
    admin = writeTemp('admin.yaml', server.kubeconfig('admin'));
  });
  after(() => server.close());

  it('kubectl get pods -A prints the pods with their namespaces', async () => {
    const run = await kubectl(['get', 'pods', '-A'], admin);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.match(lines[0], /^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    const rows = lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2).join('/'));
    assert.deepEqual(rows, [
      'kube-system/node-exporter-0x',
      'kube-system/node-exporter-1x',
      'team-a/web-5d8f-a1b2c',
      'team-a/web-5d8f-d3e4f',
      'team-a/web-5d8f-g5h6i',
      'team-b/api-7c9d-zz9yx',
      'team-b/debug',
    ]);
    assert.equal(run.stderr, '');
  });

  it('kubectl get svc -n team-b -o json returns the Service objects', async () => {
    const run = await kubectl(['get', 'svc', '-n', 'team-b', '-o', 'json'], admin);
    assert.equal(run.status, 0, run.stderr);
    const list = JSON.parse(run.stdout);
    assert.equal(list.kind, 'List');
    assert.deepEqual(
      list.items.map((s: any) => [s.kind, s.metadata.name, s.spec.type]),
      [['Service', 'api', 'LoadBalancer']],
    );
  });

  it('kubectl get pods -w shows a pod created while it watches', async () => {
    const child = spawn('kubectl', ['get', 'pods', '-n', 'team-a', '-w'], {
      env: kubectlEnv(admin),
      cwd: root,
    });
    let out = '';
    const seen = (text: string | RegExp) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (typeof text === 'string' ? out.includes(text) : text.test(out)) {
            child.stdout.off('data', check);
            resolve();
          }
        };
        child.stdout.on('data', check);
        check();
      });
    child.stdout.setEncoding('utf8').on('data', (c) => (out += c));
    try {
      await seen('web-5d8f-g5h6i');
      await server.waitForWatch('pods');
      server.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'arrived-while-watching', namespace: 'team-a' },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      });
      // The whole line, not just the name: kubectl may write a row in more than one chunk.
      await seen(/arrived-while-watching[^\n]*\n/);
      assert.match(out, /\narrived-while-watching\s+0\/1\s+Pending\s+0\s+\S+\n/);
    } finally {
      child.kill();
      server.delete({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'arrived-while-watching', namespace: 'team-a' },
      });
    }
  });

  it('kubectl create and kubectl delete change what the server holds', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'made-by-kubectl', namespace: 'team-c' },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    };
    const create = await kubectl(
      ['create', '--validate=false', '-f', writeTemp('pod.json', JSON.stringify(pod))],
      admin,
    );
    assert.deepEqual([create.status, create.stdout], [0, 'pod/made-by-kubectl created\n']);
    assert.equal(
      server.store.get(server.store.typeOf('', 'v1', 'pods')!, 'team-c', 'made-by-kubectl').spec
        .containers[0].image,
      'nginx',
    );
    const del = await kubectl(['delete', 'pod', 'made-by-kubectl', '-n', 'team-c'], admin);
    assert.deepEqual([del.status, del.stdout], [0, 'pod "made-by-kubectl" deleted\n']);
    assert.throws(() =>
      server.store.get(server.store.typeOf('', 'v1', 'pods')!, 'team-c', 'made-by-kubectl'),
    );
  });

  it('kubectl portguard scan -A -o json reports exactly the expected findings and exits 1', async () => {
    const run = await kubectl(['portguard', 'scan', '-A', '-o', 'json'], admin);
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(findingLines(report), EXPECTED);
    assert.equal(report.warnings, undefined);
    assertNoSecret(run.stdout, run.stderr);
  });

  it('names a forbidden namespace and scans the rest', async () => {
    const tenant = writeTemp('tenant.yaml', server.kubeconfig('tenant'));
    const run = await kubectl(['portguard', 'scan', '-A', '-o', 'json'], tenant);
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(report.warnings, [
      'namespace "team-c" skipped: forbidden to list any of its resources (403)',
    ]);
    assert.deepEqual(
      findingLines(report),
      EXPECTED.filter((l) => !l.includes('team-c')),
    );
    assertNoSecret(run.stdout, run.stderr);
  });

  it('takes --context and -n after the plugin name, as kubectl passes them through', async () => {
    // Two files in $KUBECONFIG: the first's current context points at a dead server.
    const dead = writeTemp(
      'dead.yaml',
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: dead',
        'clusters: [{name: dead, cluster: {server: "https://127.0.0.1:1"}}]',
        'users: [{name: dead, user: {token: nothing}}]',
        'contexts: [{name: dead, context: {cluster: dead, user: dead}}]',
      ].join('\n'),
    );
    const run = await kubectl(
      ['portguard', 'scan', '--context', 'portguard-test', '-n', 'team-a', '-o', 'json'],
      `${dead}:${admin}`,
    );
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(findingLines(JSON.parse(run.stdout)), [
      'host-port Deployment/team-a/web (3 pods)',
      'nodeport-service Service/team-a/web',
    ]);
  });

  const rejected: [string, () => string][] = [
    ['an expired token', () => server.kubeconfig('stale')],
    [
      'a token the server does not know',
      () => server.kubeconfig('admin').replace(ADMIN, 'e2e-unknown-token-0000'),
    ],
  ];
  for (const [what, kubeconfig] of rejected) {
    it(`exits 2 with one line for ${what}, without printing it`, async () => {
      const run = await kubectl(
        ['portguard', 'scan', '-A'],
        writeTemp(`${what}.yaml`, kubeconfig()),
      );
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.equal(
        run.stderr,
        `error: the cluster at ${server.url} rejected the credentials (401 Unauthorized)\n`,
      );
      assertNoSecret(run.stderr);
    });
  }

  it('exits 2 with one line naming an unreachable server', async () => {
    const other = await startApiServer({ users: USERS });
    const kc = writeTemp('unreachable.yaml', other.kubeconfig('admin'));
    const url = other.url;
    await other.close();
    const run = await kubectl(['portguard', 'scan', '-A'], kc);
    assert.equal(run.status, 2);
    assert.equal(run.stderr, `error: cannot reach the cluster at ${url}: connection refused\n`);
  });
});

describe('real kubectl against the project API server over plain HTTP', function () {
  this.timeout(60_000);

  it('works as the anonymous user (kubectl sends no token over HTTP)', async () => {
    const server = await startApiServer({
      state: readState(MULTI_TENANT),
      users: [{ name: 'admin', token: ADMIN }],
      anonymous: 'admin',
    });
    try {
      const run = await kubectl(['get', 'ns'], writeTemp('http.yaml', server.kubeconfig('admin')));
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^NAME\s+STATUS\s+AGE\nkube-system\s+Active/);
    } finally {
      await server.close();
    }
  });
});

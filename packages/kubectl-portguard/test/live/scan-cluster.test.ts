// `scan` against the project's API server: findings, folding, pagination, 403 warnings, failures, no leaked token.
import assert from 'node:assert/strict';
import { startApiServer, type ApiServer, type FaultSpec } from '@portguard/apiserver';
import { runCli } from './run-cli.js';
import { EXPECTED_MULTI_TENANT, findingLines, multiTenant, writeTemp } from './fixtures.js';

const ADMIN = 'admin-secret-token-0123456789';
const TENANT = 'tenant-secret-token-9876543210';
const STALE = 'stale-secret-token-5555555555';
const USERS = [
  { name: 'admin', token: ADMIN },
  { name: 'tenant', token: TENANT, forbiddenNamespaces: ['team-c'] },
  { name: 'stale', token: STALE, expired: true },
  { name: 'no-nodes', token: 'no-nodes-token-111', forbiddenResources: ['nodes'] },
  {
    name: 'team-b-only',
    token: 'team-b-only-token-4444',
    namespaces: ['team-b'],
  },
  {
    name: 'nobody',
    token: 'nobody-token-3333',
    namespaces: [],
  },
  {
    name: 'filtered',
    token: 'filtered-token-2222',
    forbiddenNamespaces: ['team-c'],
    filterClusterWide: true,
  },
];
const SECRETS = [ADMIN, TENANT, STALE];

function assertNoSecret(...texts: string[]) {
  for (const t of texts) for (const s of SECRETS) assert.ok(!t.includes(s), `output leaks a token`);
}

describe('scan of a live cluster (HTTPS, tokens)', () => {
  let server: ApiServer;
  before(async () => {
    server = await startApiServer({ state: multiTenant(), users: USERS, https: true });
  });
  after(() => server.close());

  const kubeconfig = (user: string, opts = {}) =>
    writeTemp(`${user}-${Object.keys(opts).join('-')}.yaml`, server.kubeconfig(user, opts));

  it('reports every exposure once, on the controller with its pod count, and exits 1', async () => {
    const run = await runCli(['scan', '-A', '-o', 'json', '--kubeconfig', kubeconfig('admin')]);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(findingLines(report).sort(), [...EXPECTED_MULTI_TENANT].sort());
    assert.equal(report.warnings, undefined);
    assert.deepEqual(report.errors, []);
    const conflict = report.findings.find((f: any) => f.rule === 'host-port-conflict');
    assert.equal(conflict.tenant, 'alpha');
    assertNoSecret(run.stdout, run.stderr);
  });

  it('scans only the context namespace without -A, and -n overrides it', async () => {
    const ctx = kubeconfig('admin', { namespace: 'team-b' });
    const inContext = JSON.parse(
      (await runCli(['scan', '-o', 'json', '--kubeconfig', ctx])).stdout,
    );
    assert.deepEqual(findingLines(inContext).sort(), [
      'host-network Pod/team-b/debug',
      'host-port Deployment/team-b/api (1 pods)',
      'loadbalancer-node-ports Service/team-b/api',
    ]);
    const other = JSON.parse(
      (await runCli(['scan', '-n', 'team-c', '-o', 'json', '--kubeconfig', ctx])).stdout,
    );
    assert.deepEqual(findingLines(other), ['external-ips Service/team-c/legacy']);
  });

  it('names a forbidden namespace in a warning and scans the rest', async () => {
    const run = await runCli(['scan', '-A', '-o', 'json', '--kubeconfig', kubeconfig('tenant')]);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(report.warnings, [
      'namespace "team-c" skipped: forbidden to list any of its resources (403)',
    ]);
    assert.deepEqual(
      findingLines(report).sort(),
      EXPECTED_MULTI_TENANT.filter((l) => !l.includes('team-c')).sort(),
    );
    const table = await runCli(['scan', '-A', '--kubeconfig', kubeconfig('tenant')]);
    assert.match(
      table.stdout.replace(/\n\s+/g, ' '),
      /warning: namespace "team-c" skipped: forbidden to list any of its resources \(403\)/,
    );
    assertNoSecret(run.stdout, run.stderr, table.stdout, table.stderr);
  });

  it('names a forbidden namespace that cluster-wide lists silently leave out', async () => {
    const run = await runCli(['scan', '-A', '-o', 'json', '--kubeconfig', kubeconfig('filtered')]);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(report.warnings, [
      'namespace "team-c" skipped: forbidden to list any of its resources (403)',
    ]);
    assert.deepEqual(
      findingLines(report).sort(),
      EXPECTED_MULTI_TENANT.filter((l) => !l.includes('team-c')).sort(),
    );
  });

  it('scans the context namespace with -A when namespaces cannot be listed', async () => {
    const kc = kubeconfig('team-b-only', { namespace: 'team-b' });
    const run = await runCli(['scan', '-A', '-o', 'json', '--kubeconfig', kc]);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(findingLines(report).sort(), [
      'host-network Pod/team-b/debug',
      'host-port Deployment/team-b/api (1 pods)',
      'loadbalancer-node-ports Service/team-b/api',
    ]);
    assert.ok(
      report.warnings.includes(
        'namespaces: forbidden to list them (403); where a kind is forbidden cluster-wide, only namespace "team-b" (the context\'s) is scanned',
      ),
      report.warnings.join('\n'),
    );
  });

  it('exits 2 with one line for credentials that may list nothing', async () => {
    const run = await runCli(['scan', '-A', '--kubeconfig', kubeconfig('nobody')]);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      `error: the cluster at ${server.url} lets these credentials list nothing (403 for every kind)\n`,
    );
  });

  it('warns about a forbidden cluster-scoped kind', async () => {
    const run = await runCli(['scan', '-A', '-o', 'json', '--kubeconfig', kubeconfig('no-nodes')]);
    assert.deepEqual(JSON.parse(run.stdout).warnings, ['nodes skipped: forbidden (403)']);
  });

  it('exits 2 with one line naming the server for an expired token, without the token', async () => {
    const run = await runCli(['scan', '-A', '--kubeconfig', kubeconfig('stale')]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      `error: the cluster at ${server.url} rejected the credentials (401 Unauthorized)\n`,
    );
    assertNoSecret(run.stderr);
  });

  it('refuses a server certificate it cannot verify, and accepts insecure-skip-tls-verify', async () => {
    const noCa = await runCli([
      'scan',
      '-A',
      '--kubeconfig',
      kubeconfig('admin', { omitCa: true }),
    ]);
    assert.equal(noCa.code, 2);
    assert.match(
      noCa.stderr,
      /^error: cannot verify the TLS certificate of the cluster at https:\/\/127\.0\.0\.1:\d+ \(\w+\); check certificate-authority in the kubeconfig\n$/,
    );
    const insecure = await runCli([
      'scan',
      '-A',
      '-o',
      'json',
      '--kubeconfig',
      kubeconfig('admin', { insecure: true }),
    ]);
    assert.equal(insecure.code, 1, insecure.stderr);
  });

  it('authenticates with a client certificate', async () => {
    const run = await runCli([
      'scan',
      '-A',
      '-o',
      'json',
      '--kubeconfig',
      kubeconfig('tenant', { clientCertificate: true }),
    ]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(server.requests.at(-1)!.user, 'tenant');
    assert.match(run.stdout, /namespace \\"team-c\\" skipped/);
  });

  it('authenticates through an exec credential plugin', async () => {
    const plugin = writeTemp(
      'exec-plugin.mjs',
      `console.log(JSON.stringify({apiVersion:'client.authentication.k8s.io/v1',kind:'ExecCredential',status:{token:process.env.PG_TOKEN,expirationTimestamp:new Date(Date.now()+3600e3).toISOString()}}));\n`,
    );
    const kc = kubeconfig('admin', {
      exec: {
        command: process.execPath,
        args: [plugin],
        env: [{ name: 'PG_TOKEN', value: ADMIN }],
      },
    });
    const run = await runCli(['scan', '-A', '-o', 'json', '--kubeconfig', kc]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(server.requests.at(-1)!.user, 'admin');
    assertNoSecret(run.stdout, run.stderr);
  });
});

describe('scan of a live cluster (HTTP, failures, pagination)', () => {
  it('exits 2 with one line for an unreachable server', async () => {
    const server = await startApiServer({ users: USERS });
    const kc = writeTemp('gone.yaml', server.kubeconfig('admin'));
    const url = server.url;
    await server.close();
    const run = await runCli(['scan', '-A', '--kubeconfig', kc]);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, `error: cannot reach the cluster at ${url}: connection refused\n`);
  });

  it('fails clearly when there is no kubeconfig at all (no localhost:8080 fallback)', async () => {
    const run = await runCli(['scan', '-A'], { HOME: '/nonexistent-home' });
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      'error: no kubeconfig found: pass --kubeconfig FILE, set $KUBECONFIG or create /nonexistent-home/.kube/config (or try --demo)\n',
    );
  });

  it('pages lists with limit=500 and continue, and counts pods folded into a DaemonSet', async () => {
    const pods = Array.from({ length: 1201 }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `agent-${String(i).padStart(5, '0')}`,
        namespace: 'fleet',
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'DaemonSet',
            name: 'agent',
            uid: 'ds-uid',
            controller: true,
          },
        ],
      },
      spec: {
        containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 9000, hostPort: 9000 }] }],
      },
    }));
    const server = await startApiServer({
      users: USERS,
      state: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fleet' } },
        {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          metadata: { name: 'agent', namespace: 'fleet', uid: 'ds-uid' },
          spec: {
            template: {
              spec: {
                containers: [
                  { name: 'a', image: 'x', ports: [{ containerPort: 9000, hostPort: 9000 }] },
                ],
              },
            },
          },
        },
        ...pods,
      ],
    });
    try {
      const run = await runCli([
        'scan',
        '-A',
        '-o',
        'json',
        '--kubeconfig',
        writeTemp('big.yaml', server.kubeconfig('admin')),
      ]);
      const report = JSON.parse(run.stdout);
      assert.deepEqual(findingLines(report), ['host-port DaemonSet/fleet/agent (1201 pods)']);
      const podLists = server.requests.filter((r) => r.path === '/api/v1/pods');
      assert.deepEqual(
        podLists.map((r) => [r.query.limit, r.query.continue !== undefined]),
        [
          ['500', false],
          ['500', true],
          ['500', true],
        ],
      );
    } finally {
      await server.close();
    }
  });

  it('shows listing progress on a terminal only', async () => {
    const server = await startApiServer({ users: USERS, state: multiTenant() });
    try {
      const kc = writeTemp('progress.yaml', server.kubeconfig('admin'));
      const tty = await runCli(
        ['scan', '-A', '-o', 'json', '--kubeconfig', kc],
        {},
        { stderrIsTTY: true },
      );
      assert.match(tty.stderr, /listing the cluster: \d+ objects listed/);
      assert.ok(tty.stderr.endsWith('\r\u001b[K'));
      const pipe = await runCli(['scan', '-A', '-o', 'json', '--kubeconfig', kc]);
      assert.equal(pipe.stderr, '');
    } finally {
      await server.close();
    }
  });
});

describe('scan of a live cluster when the server fails', () => {
  type AnyFault = Parameters<ApiServer['injectFault']>[0] | FaultSpec;
  const faults: [string, AnyFault, RegExp, string[]?][] = [
    [
      'a 500 on a list',
      { path: '/services', verb: 'list', status: 500, message: 'etcdserver: request timed out' },
      /^error: cannot list services on the cluster at http:\/\/127\.0\.0\.1:\d+: it answered 500: etcdserver: request timed out \(5 attempts\)\n$/,
    ],
    [
      'a connection cut mid-way',
      { path: '/deployments', verb: 'list', hangUp: true },
      /^error: cannot list deployments\.apps on the cluster at http:\/\/127\.0\.0\.1:\d+: (connection reset|socket hang up) \(5 attempts\)\n$/,
    ],
    [
      'a connection reset in the middle of a list (was `error: aborted`)',
      { path: '/api/v1/pods', verb: 'list', resetMidBody: true },
      /^error: cannot list pods on the cluster at http:\/\/127\.0\.0\.1:\d+: connection reset while reading the answer \(5 attempts\)\n$/,
    ],
    [
      'a silent server with --request-timeout 1s',
      { path: '/api/v1/services', verb: 'list', silent: true },
      /^error: cannot list services on the cluster at http:\/\/127\.0\.0\.1:\d+: no answer within 1s \(--request-timeout\)\n$/,
      ['--request-timeout', '1s'],
    ],
    [
      'a bad --request-timeout',
      { path: '/nothing' },
      /^error: invalid --request-timeout "soon": use a duration such as 5s, 1m or 1h \(0 for none\)\n$/,
      ['--request-timeout', 'soon'],
    ],
  ];
  for (const [what, fault, message, flags = []] of faults) {
    it(`exits 2 with one line for ${what}`, async () => {
      const server = await startApiServer({ users: USERS, state: multiTenant() });
      try {
        if ('resetMidBody' in fault || 'silent' in fault) server.faults.add(fault as FaultSpec);
        else server.injectFault(fault as Parameters<ApiServer['injectFault']>[0]);
        const run = await runCli([
          'scan',
          '-A',
          ...flags,
          '--kubeconfig',
          writeTemp('fault.yaml', server.kubeconfig('admin')),
        ]);
        assert.equal(run.code, 2);
        assert.match(run.stderr, message);
        assert.equal(run.stdout, '');
      } finally {
        await server.close();
      }
    });
  }
});

describe('scan of a minimal API stand-in', () => {
  it('scans what it serves when /apis and some collections answer 404', async () => {
    const server = await startApiServer({ users: USERS, state: multiTenant() });
    try {
      server.injectFault({ path: /^\/apis$/, status: 404, message: 'not found' });
      server.injectFault({ path: '/replicationcontrollers', status: 404, message: 'not found' });
      server.injectFault({ path: '/apis/batch/', status: 404, message: 'not found' });
      const run = await runCli([
        'scan',
        '-A',
        '-o',
        'json',
        '--kubeconfig',
        writeTemp('minimal.yaml', server.kubeconfig('admin')),
      ]);
      assert.equal(run.code, 1, run.stderr);
      const report = JSON.parse(run.stdout);
      assert.deepEqual(findingLines(report).sort(), [...EXPECTED_MULTI_TENANT].sort());
      assert.equal(report.warnings, undefined);
    } finally {
      await server.close();
    }
  });
});

describe('scan of one namespace', () => {
  let server: ApiServer;
  before(async () => {
    server = await startApiServer({ state: multiTenant(), users: USERS });
  });
  after(() => server.close());

  const cases: [string, string, string, string][] = [
    ['that does not exist', 'admin', 'nope', 'namespace "nope" not found on the cluster at URL'],
    [
      'that is forbidden',
      'tenant',
      'team-c',
      'the cluster at URL forbids listing anything in namespace "team-c" (403)',
    ],
  ];
  for (const [what, user, ns, message] of cases) {
    it(`exits 2 with one line for a namespace ${what}`, async () => {
      const kc = writeTemp(`ns-${user}.yaml`, server.kubeconfig(user));
      const run = await runCli(['scan', '-n', ns, '--kubeconfig', kc]);
      assert.equal(run.code, 2);
      assert.equal(run.stderr, `error: ${message.replace('URL', server.url)}\n`);
    });
  }
});

describe('scan of a slow cluster', () => {
  it('lists kinds concurrently, at most 4 requests at once', async () => {
    const server = await startApiServer({ users: USERS, state: multiTenant() });
    try {
      server.injectFault({ path: /^\/apis?\/.+/, delayMs: 30 });
      const run = await runCli([
        'scan',
        '-A',
        '-o',
        'json',
        '--kubeconfig',
        writeTemp('slow.yaml', server.kubeconfig('admin')),
      ]);
      assert.equal(run.code, 1, run.stderr);
      assert.equal(server.peakConcurrency(), 4);
    } finally {
      await server.close();
    }
  });
});

describe('scan of a live cluster: ignore annotations', () => {
  const ignored = (target: 'pod' | 'namespace') => [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'team-x',
        ...(target === 'namespace'
          ? {
              annotations: {
                'portguard.dev/ignore': 'host-network',
                'portguard.dev/ignore-reason': 'CNI debug',
              },
            }
          : {}),
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'sneaky',
        namespace: 'team-x',
        ...(target === 'pod' ? { annotations: { 'portguard.dev/ignore': 'all' } } : {}),
      },
      spec: { hostNetwork: true, containers: [{ name: 'c', image: 'x' }] },
    },
  ];
  const cases: [string, 'pod' | 'namespace', string[], [number, number]][] = [
    ["a tenant's own annotation is not trusted", 'pod', [], [1, 0]],
    ['unless --trust-object-annotations', 'pod', ['--trust-object-annotations'], [0, 1]],
    ["the namespace's annotation counts", 'namespace', [], [0, 1]],
  ];
  for (const [what, target, flags, [findings, suppressed]] of cases) {
    it(what, async () => {
      const server = await startApiServer({ users: USERS, state: ignored(target) });
      try {
        const kc = writeTemp(`ignore-${target}.yaml`, server.kubeconfig('admin'));
        const run = await runCli(['scan', '-A', '-o', 'json', '--kubeconfig', kc, ...flags]);
        const { summary, findings: all } = JSON.parse(run.stdout);
        const hostNetwork = all.filter((f: any) => f.rule === 'host-network');
        assert.deepEqual([hostNetwork.length, summary.suppressed], [findings, suppressed]);
      } finally {
        await server.close();
      }
    });
  }
});

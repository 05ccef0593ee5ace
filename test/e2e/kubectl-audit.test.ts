// Who opened which port: the API server writes an audit log while the real kubectl creates, patches and deletes
// objects as two users (one impersonating a third), then `kubectl portguard audit` reads the log it wrote.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startApiServer, type ApiServer, type AuditLevel } from '@portguard/apiserver';
import { kubectl, pluginBuilt } from './kubectl-live-helpers.js';

const NAMESPACES = `apiVersion: v1
kind: Namespace
metadata: {name: team-a}
---
apiVersion: v1
kind: Namespace
metadata: {name: team-b}
`;

const POD = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: team-a}
spec:
  containers:
  - name: app
    image: nginx
    ports: [{containerPort: 80, hostPort: 8080}]
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: team-a}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: app
        image: nginx
        ports: [{containerPort: 80}]
`;

const NODEPORT = `apiVersion: v1
kind: Service
metadata: {name: edge, namespace: team-b}
spec:
  type: NodePort
  selector: {app: edge}
  ports: [{port: 80, nodePort: 30080}]
`;

const EXTERNAL = `apiVersion: v1
kind: Service
metadata: {name: legacy, namespace: team-b}
spec:
  selector: {app: legacy}
  ports: [{port: 80}]
  externalIPs: [203.0.113.7]
`;

describe('kubectl portguard audit on the log the API server wrote', function () {
  this.timeout(120_000);
  let dir: string;
  let server: ApiServer;
  let log: string;
  const file = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  before(function () {
    if (!pluginBuilt()) this.skip();
  });

  /** Starts a server auditing at `level`; alice may write only in team-a, bob anywhere and may impersonate. */
  async function start(level: AuditLevel) {
    dir = mkdtempSync(join(tmpdir(), 'portguard-audit-e2e-'));
    log = join(dir, 'audit.log');
    server = await startApiServer({
      https: true,
      state: NAMESPACES,
      audit: { path: log, level },
      users: [
        {
          name: 'alice',
          token: 'alice-e2e-token-5c1d',
          namespaces: ['team-a'],
          groups: ['team-a-devs'],
        },
        { name: 'bob', token: 'bob-e2e-token-9a4f', groups: ['platform'] },
      ],
    });
    return {
      alice: file('alice.kubeconfig', server.kubeconfig('alice', { namespace: 'team-a' })),
      bob: file('bob.kubeconfig', server.kubeconfig('bob')),
      // The plugin reads no cluster here; any kubeconfig will do.
      plugin: file('none.kubeconfig', server.kubeconfig('bob')),
    };
  }
  afterEach(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function ok(args: string[], kubeconfig: string) {
    const run = await kubectl(args, kubeconfig);
    assert.equal(run.status, 0, `kubectl ${args.join(' ')}: ${run.stderr}`);
    return run;
  }

  it('names who created, patched and opened each port, and whether it was admitted', async () => {
    const kc = await start('RequestResponse');
    await ok(['apply', '-f', file('pod.yaml', POD)], kc.alice);
    await ok(['apply', '-f', file('deploy.yaml', DEPLOYMENT)], kc.alice);
    await ok(
      [
        'patch',
        'deployment',
        'api',
        '-p',
        '{"spec":{"template":{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"hostPort":9090}]}]}}}}',
      ],
      kc.alice,
    );
    await ok(['label', 'deployment', 'api', 'reviewed=no'], kc.alice);
    await ok(['create', '-f', file('nodeport.yaml', NODEPORT)], kc.bob);
    await ok(
      ['--as', 'carol', '--as-group', 'ops', 'apply', '-f', file('external.yaml', EXTERNAL)],
      kc.bob,
    );
    const refused = await kubectl(
      ['apply', '-n', 'team-b', '-f', file('b.yaml', POD.replace('team-a', 'team-b'))],
      kc.alice,
    );
    assert.notEqual(refused.status, 0);
    await ok(['delete', 'pod', 'web'], kc.alice);

    const run = await kubectl(['portguard', 'audit', '-f', log, '-o', 'json'], kc.plugin);
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    const who = report.events.map(
      (e: any) =>
        `${e.user.username}${e.impersonatedUser ? ` as ${e.impersonatedUser.username}` : ''} ${e.verb} ${e.object.kind}/${e.object.namespace}/${e.object.name} ${e.rule} ${e.certainty}`,
    );
    assert.deepEqual(who, [
      'alice create Pod/team-a/web host-port certain',
      'alice patch Deployment/team-a/api host-port certain',
      'bob create Service/team-b/edge nodeport-service certain',
      'bob as carol create Service/team-b/legacy external-ips certain',
    ]);
    const [create] = report.events;
    assert.deepEqual(create.user, {
      username: 'alice',
      groups: ['team-a-devs', 'system:authenticated'],
    });
    assert.match(create.userAgent, /^kubectl\/v1\.32/);
    assert.deepEqual(create.sourceIPs, ['127.0.0.1']);
    assert.equal(create.message, 'container "app" uses hostPort 8080');
    assert.equal(create.admitted, true);
    assert.deepEqual(report.events[3].impersonatedUser, {
      username: 'carol',
      groups: ['ops', 'system:authenticated'],
    });
    assert.deepEqual(report.skipped, []);
    // alice's refused create in team-b: a 403 before any object was made, with the object it asked for.
    assert.ok(report.summary.requests >= 6, JSON.stringify(report.summary));
  });

  it('at level Metadata reports every write that may have opened a port as possible, with the reason', async () => {
    const kc = await start('Metadata');
    await ok(['apply', '-f', file('pod.yaml', POD)], kc.alice);
    await ok(['--as', 'carol', 'create', '-f', file('nodeport.yaml', NODEPORT)], kc.bob);
    const run = await kubectl(['portguard', 'audit', '-f', log, '-o', 'json'], kc.plugin);
    assert.equal(run.status, 0, 'possible events do not fail the run');
    const report = JSON.parse(run.stdout);
    const rows = report.events.map(
      (e: any) => `${e.user.username} ${e.object.kind}/${e.object.name} ${e.rule} ${e.certainty}`,
    );
    assert.ok(rows.includes('alice Pod/web host-port possible'), rows.join('\n'));
    assert.ok(rows.includes('bob Service/edge nodeport-service possible'), rows.join('\n'));
    for (const e of report.events)
      assert.equal(e.reason, 'level Metadata: the log holds no object to judge');
  });

  it('reads a gzip log piped on stdin (-f -) before a later file, as one history', async () => {
    const kc = await start('RequestResponse');
    await ok(['apply', '-f', file('pod.yaml', POD)], kc.alice);
    const createdAt = readFileSync(log, 'utf8').split('\n').length - 1;
    await ok(['label', 'pod', 'web', 'reviewed=no'], kc.alice);
    await ok(['--as', 'carol', 'create', '-f', file('nodeport.yaml', NODEPORT)], kc.bob);
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
    // As a rotated audit.log.1.gz would be piped (zcat-less: gzip is told by its bytes), with a garbage line.
    const older = gzipSync(['not JSON', ...lines.slice(0, createdAt)].join('\n'));
    const later = file('audit.log.now', `${lines.slice(createdAt).join('\n')}\n`);
    const run = await kubectl(
      ['portguard', 'audit', '-f', '-', '-f', later, '-o', 'json'],
      kc.plugin,
      older,
    );
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    // alice's relabel (read from the file) keeps the hostPort her create (from stdin) opened: not reported.
    assert.deepEqual(
      report.events.map(
        (e: any) =>
          `${e.user.username}${e.impersonatedUser ? ` as ${e.impersonatedUser.username}` : ''} ${e.verb} ${e.object.kind}/${e.object.name} ${e.rule}`,
      ),
      ['alice create Pod/web host-port', 'bob as carol create Service/edge nodeport-service'],
    );
    assert.deepEqual(report.skipped, [{ file: '<stdin>', line: 1, reason: 'not JSON' }]);
    assert.equal(report.summary.lines, lines.length + 1);
  });
});

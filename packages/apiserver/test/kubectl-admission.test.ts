// The real kubectl against the API server with a validating webhook: apply prints its warnings and its denials as a cluster does.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startApiServer, type ApiServer, type KubeObject } from '../src/index.js';
import { startWebhook, webhookConfiguration, type TestWebhook } from './webhook.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

const podYaml = (hostPort: number) =>
  stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'team-a', labels: { app: 'web' } },
    spec: {
      containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80, hostPort }] }],
    },
  });

describe('real kubectl apply through a validating webhook', function () {
  this.timeout(30_000);
  let server: ApiServer;
  let hook: TestWebhook;
  let dir: string;
  let kubeconfig: string;
  const file = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  const kubectl = (...args: string[]): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = spawn('kubectl', args, {
        env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: kubeconfig },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
      child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  const register = async (fields: KubeObject = {}) => {
    const config = webhookConfiguration('portguard', {
      clientConfig: { url: `${hook.url}/validate`, caBundle: hook.caBundle },
      timeoutSeconds: 2,
      ...fields,
    });
    const run = await kubectl('apply', '-f', file('webhook.yaml', stringify(config)));
    assert.equal(run.status, 0, run.stderr);
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portguard-admission-'));
    hook = await startWebhook();
    server = await startApiServer({
      https: true,
      users: [{ name: 'alice', token: 'alice-token-7d1e' }],
      state: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } }],
    });
    kubeconfig = file('kubeconfig', server.kubeconfig('alice'));
  });
  afterEach(async () => {
    await server.close();
    await hook.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the webhook warnings as "Warning: …" and creates the pod', async () => {
    await register();
    hook.answer = () => ({
      allowed: true,
      warnings: ['container "app" uses hostPort 8080: use a ClusterIP Service behind an Ingress'],
    });
    const run = await kubectl('apply', '-f', file('pod.yaml', podYaml(8080)));
    assert.equal(run.status, 0, run.stderr);
    assert.equal(
      run.stderr,
      'Warning: container "app" uses hostPort 8080: use a ClusterIP Service behind an Ingress\n',
    );
    assert.equal(run.stdout, 'pod/web created\n');
    assert.equal(hook.reviews[0].review.request.userInfo.username, 'alice');
  });

  it('prints a denial as "Error from server (Forbidden)" and stores nothing', async () => {
    await register();
    hook.answer = () => ({
      allowed: false,
      status: { code: 403, reason: 'Forbidden', message: 'hostPort 8080 is taken by team-b/api' },
    });
    const f = file('pod.yaml', podYaml(8080));
    const run = await kubectl('apply', '-f', f);
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      `Error from server (Forbidden): error when creating "${f}": admission webhook "portguard.portguard.dev" denied the request: hostPort 8080 is taken by team-b/api\n`,
    );
    const get = await kubectl('get', 'pod', 'web', '-n', 'team-a');
    assert.match(get.stderr, /pods "web" not found/);
  });

  it('judges the patched object of a client-side apply, and a denial leaves the pod as it was', async () => {
    const f = file('pod.yaml', podYaml(8080));
    assert.equal((await kubectl('apply', '-f', f)).status, 0);
    await register();
    hook.answer = (review) => {
      const port = review.request.object.spec.containers[0].ports[0].hostPort;
      return port === 9090
        ? {
            allowed: false,
            status: { code: 403, reason: 'Forbidden', message: 'hostPort 9090 is reserved' },
          }
        : { allowed: true };
    };
    writeFileSync(f, podYaml(9090));
    const run = await kubectl('apply', '-f', f);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^Error from server \(Forbidden\): error when applying patch:/);
    assert.match(
      run.stderr,
      /admission webhook "portguard.portguard.dev" denied the request: hostPort 9090 is reserved\n$/,
    );
    const q = hook.reviews[0].review.request;
    assert.deepEqual(
      [q.operation, q.options.kind, q.oldObject.spec.containers[0].ports[0].hostPort],
      ['UPDATE', 'PatchOptions', 8080],
    );
    const get = await kubectl(
      'get',
      'pod',
      'web',
      '-n',
      'team-a',
      '-o',
      'jsonpath={.spec.containers[0].ports[0].hostPort}',
    );
    assert.equal(get.stdout, '8080');
    writeFileSync(f, podYaml(7070));
    const ok = await kubectl('apply', '-f', f);
    assert.deepEqual([ok.status, ok.stdout], [0, 'pod/web configured\n']);
    const after = await kubectl(
      'get',
      'pod',
      'web',
      '-n',
      'team-a',
      '-o',
      'jsonpath={.spec.containers[0].ports[0].hostPort}',
    );
    assert.equal(after.stdout, '7070');
  });

  it('calls the webhook on server-side apply too', async () => {
    await register();
    hook.answer = () => ({ allowed: true, warnings: ['seen by the webhook'] });
    const run = await kubectl('apply', '--server-side', '-f', file('pod.yaml', podYaml(8080)));
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(
      [run.stderr, run.stdout],
      ['Warning: seen by the webhook\n', 'pod/web serverside-applied\n'],
    );
    assert.equal(hook.reviews[0].review.request.operation, 'CREATE');
  });

  it('fails closed as a real cluster when the webhook is down and failurePolicy is Fail', async () => {
    await register({
      clientConfig: { url: 'https://127.0.0.1:1/validate', caBundle: hook.caBundle },
      failurePolicy: 'Fail',
    });
    const f = file('pod.yaml', podYaml(8080));
    const run = await kubectl('apply', '-f', f);
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      `Error from server (InternalError): error when creating "${f}": Internal error occurred: failed calling webhook "portguard.portguard.dev": failed to call webhook: Post "https://127.0.0.1:1/validate?timeout=2s": dial tcp 127.0.0.1:1: connect: connection refused\n`,
    );
  });
});
